using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Proviso.Application.Access;
using Proviso.Application.DragAlong;
using Proviso.Domain.Agreements.DragAlong;
using Proviso.Domain.Quantities;
using Proviso.Storage;

namespace Proviso.Server.Pages.Companies;

public sealed class DragAlongModel(IEventStore store, AccessService access, IClock clock) : CompanyPageModel(store, access)
{
    public DragAlongView? View { get; private set; }
    public LocalDate AsOf { get; private set; }
    public Dictionary<string, string> Holders { get; } = new();
    public HashSet<string> Accepting { get; private set; } = new();
    public HashSet<string> Approving { get; private set; } = new();
    public IReadOnlyList<string> TestLines { get; private set; } = [];
    public string? Valuation { get; private set; }
    public string? FloorProblem { get; private set; }
    public ProceedsDistribution? Distribution { get; private set; }
    public List<(string Id, IReadOnlyList<string> Lines)> ProcessLines { get; } = new();

    public async Task<IActionResult> OnGetAsync(string? asOf, string[]? accepting, string[]? approving, string? valuation)
    {
        if (await LoadAsync(Need.Read) is { } stop) return stop;
        AsOf = asOf is not null && LocalDatePattern.Iso.Parse(asOf) is { Success: true } p ? p.Value : clock.GetCurrentInstant().InUtc().Date;
        View = DragAlongView.Load(Ledger.Timeline, null);
        if (View is null) return Page();
        var register = Ledger.Timeline.AsOf(AsOf);
        foreach (var h in register.Holders.Values.OrderBy(h => h.Name, StringComparer.Ordinal)) Holders[h.Id] = h.Name;
        Accepting = (accepting ?? []).Where(Holders.ContainsKey).ToHashSet(StringComparer.Ordinal);
        Approving = (approving ?? []).Where(Holders.ContainsKey).ToHashSet(StringComparer.Ordinal);
        TestLines = DragAlongViews.TestLines(DragHoldersTest.Evaluate(View.Agreement, View.Terms, register, AsOf, Accepting.ToList(), Approving.ToList()));
        Valuation = valuation;
        if (!string.IsNullOrWhiteSpace(valuation))
        {
            if (Money.TryParse(valuation, out var money))
            {
                FloorProblem = ValuationFloor.Check(View.Terms.ValuationFloor, money, "valuation")?.Message;
                Distribution = ProceedsWaterfalls.Get(View.Terms.Distribution.Waterfall).Distribute(register, AsOf, money, View.Terms.Distribution.Citation);
            }
            else
            {
                FloorProblem = $"'{valuation}' is not an amount of money such as 'USD 2,400,000,000.00'.";
            }
        }
        var at = View.EndOf(AsOf);
        foreach (var process in View.Processes) ProcessLines.Add((process.Id, DragAlongViews.StatusLines(View, process, at)));
        return Page();
    }
}
