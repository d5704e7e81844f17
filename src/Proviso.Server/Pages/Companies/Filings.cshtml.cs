using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Proviso.Application;
using Proviso.Application.Access;
using Proviso.Application.Disclosure;
using Proviso.Application.Ledgers;
using Proviso.Domain.Disclosure;
using Proviso.Server.Hosting;
using Proviso.Storage;

namespace Proviso.Server.Pages.Companies;

/// <summary>
/// Disclosure: the SEC filing record as a timeline with the listing events, the Form 20-F deadline history (the rule and
/// the days that moved each date), and beneficial ownership with the Schedule 13D/13G alerts as of a date. Company
/// admins can import the filing files of the company's directory.
/// </summary>
public sealed class FilingsModel(IEventStore store, AccessService access, IClock clock, IOptions<ProvisoServerOptions> options, IWebHostEnvironment env) : CompanyPageModel(store, access)
{
    public sealed record TimelineRow(LocalDate On, string Kind, string What, string? Detail, long? Sequence, string? Rule, bool Derived);

    public sealed record SourceFile(string Name, string Format, string Description);

    public DisclosureLedger? Disclosure { get; private set; }
    public List<TimelineRow> Timeline { get; } = new();
    public IReadOnlyList<FiscalYearReport> Years { get; private set; } = [];
    public LocalDate AsOf { get; private set; }
    public string? ClassId { get; private set; }
    public OwnershipTable? Ownership { get; private set; }
    public IReadOnlyList<OwnershipAlert> Alerts { get; private set; } = [];
    public List<SourceFile> Files { get; } = new();
    public List<string> GroupFiles { get; } = new();
    public string? Groups { get; private set; }
    public string? Problem { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public bool CanImport => Caller.Decision.OnlyHolder is null && AccessService.Decide(Caller.User, CompanyId, Need.Administer).Allowed;

    public async Task<IActionResult> OnGetAsync(string? asOf, string? groups)
    {
        if (await LoadAsync(Need.Read) is { } stop) return stop;
        if (Caller.OnlyHolder is not null) return Forbid(); // the ownership table shows every holder
        FindFiles();
        AsOf = asOf is not null && LocalDatePattern.Iso.Parse(asOf) is { Success: true } d ? d.Value : clock.GetCurrentInstant().InUtc().Date;
        Groups = groups is not null && GroupFiles.Contains(groups) ? groups : GroupFiles.FirstOrDefault();
        try
        {
            Disclosure = await DisclosureLedger.LoadAsync(Store, CompanyId, HttpContext.RequestAborted);
            var listing = ListingEvents.From(Disclosure.Filings, Disclosure.Ledger.Timeline.Latest, Disclosure.RegisteredClass);
            foreach (var f in Disclosure.Filings.Filings)
                Timeline.Add(new TimelineRow(f.FilingDate, f.Form, f.Filing.Title ?? f.Filing.PrimaryDocDescription ?? "", f.Filing.Exhibits.Count == 0 ? null : "exhibits: " + string.Join(", ", f.Filing.Exhibits.Select(e => e.Type)), f.Sequence, null, false));
            foreach (var l in listing)
                Timeline.Add(new TimelineRow(l.On, Kind(l.Kind), l.Description, l.Source, l.Sequence, l.Rule is null ? null : FilingDeadline.Cite(l.Rule), true));
            Timeline.Sort((a, b) => b.On.CompareTo(a.On));
            Years = AnnualReportHistory.Compute(Disclosure.Filings, new AnnualDate(12, 31), SecBusinessDays.Calendar);
            ClassId = Disclosure.RegisteredClass;
            var input = Groups is null ? new OwnershipFile.Parsed([], [], new Dictionary<string, FilerStatus>()) : OwnershipFile.Load(Path.Combine(Directory()!, "filings", Groups));
            (ClassId, Ownership, Alerts) = Disclosure.Ownership(AsOf, ClassId, input.Groups, input.Statuses);
        }
        catch (InputException ex)
        {
            Problem = ex.Message;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(string[]? files)
    {
        if (await LoadAsync(Need.Administer) is { } stop) return stop;
        FindFiles();
        var chosen = (files ?? []).Where(f => Files.Any(x => x.Name == f)).ToList();
        if (chosen.Count == 0)
        {
            Done = "Nothing imported: choose at least one file.";
            return Redirect($"/companies/{CompanyId}/filings");
        }
        var results = new List<string>();
        try
        {
            foreach (var name in chosen)
            {
                var path = Path.Combine(Directory()!, "filings", name);
                var format = Files.First(x => x.Name == name).Format;
                IReadOnlyList<SourcedFact> facts = format switch
                {
                    "edgar-json" => EdgarSubmissionsFile.Load(path).Facts,
                    "listing" => ListingFile.Load(path).Facts,
                    _ => OwnershipFile.Load(path).Facts,
                };
                var r = await FilingImport.ExecuteAsync(Store, CompanyId, facts, new Actor(Caller.User.Username, clock.GetCurrentInstant()), HttpContext.RequestAborted);
                results.Add($"{name}: {r.Read} facts read, {r.Written} recorded, {r.AlreadyRecorded} already recorded");
            }
            Done = "Imported. " + string.Join("; ", results) + ".";
        }
        catch (InputException ex)
        {
            Done = $"Import stopped: {ex.Message}";
        }
        return Redirect($"/companies/{CompanyId}/filings");
    }

    private string? Directory()
    {
        var example = options.Value.ResolveExample(env.ContentRootPath);
        var dir = example.Length > 0 && Path.GetFileName(Path.GetFullPath(example).TrimEnd('/')) == CompanyId ? example : Path.Combine(env.ContentRootPath, "examples", CompanyId);
        return System.IO.Directory.Exists(Path.Combine(dir, "filings")) ? dir : null;
    }

    private void FindFiles()
    {
        if (Directory() is not { } dir) return;
        foreach (var path in System.IO.Directory.GetFiles(Path.Combine(dir, "filings")).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            switch (Path.GetExtension(path).ToLowerInvariant())
            {
                case ".json": Files.Add(new SourceFile(name, "edgar-json", "EDGAR submissions JSON")); break;
                case ".txt": Files.Add(new SourceFile(name, "listing", "listing of the filing record")); break;
                case ".yaml" or ".yml":
                    try
                    {
                        var parsed = OwnershipFile.Load(path);
                        if (parsed.Facts.Count > 0) Files.Add(new SourceFile(name, "positions", "ADS positions and reported outstanding counts"));
                        if (parsed.Groups.Count > 0) GroupFiles.Add(name);
                    }
                    catch (InputException) { }
                    break;
            }
        }
    }

    public static string Kind(ListingEventKind k) => k switch
    {
        ListingEventKind.ExchangeRegistration => "12(b)",
        ListingEventKind.AdsRatio => "ADS ratio",
        ListingEventKind.TradingSuspended => "suspended",
        ListingEventKind.DelistingDetermination => "delisting",
        ListingEventKind.Form25Filed => "Form 25",
        ListingEventKind.DelistingEffective => "delisted",
        ListingEventKind.Section12bRegistrationEnds => "12(b) ends",
        _ => "Form 15",
    };
}
