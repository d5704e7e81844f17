using Proviso.Application.Views;
using System.CommandLine;
using NodaTime;
using NodaTime.Text;
using Proviso.Application;
using Proviso.Application.Disclosure;
using Proviso.Domain.Disclosure;

namespace Proviso.Cli.Commands;

/// <summary>
/// `proviso filings import|timeline|deadlines`: a company's SEC filing record as ledger facts, its timeline with the
/// listing events, and the Form 20-F deadline history (docs/disclosure.md).
/// </summary>
public static class FilingsCommands
{
    public static Command Build()
    {
        var cmd = new Command("filings", "The company's SEC filing record: import it, show it, and check its annual-report deadlines");
        cmd.Subcommands.Add(Import());
        cmd.Subcommands.Add(Timeline());
        cmd.Subcommands.Add(Deadlines());
        return cmd;
    }

    private static Argument<string> Company() => new("COMPANY") { Description = "The company id (e.g. cloopen)" };

    private static Command Import()
    {
        var company = Company();
        var file = new Argument<string>("FILE") { Description = "EDGAR submissions JSON (.json), a listing of the filing record (.txt), or ownership facts (.yaml)" };
        var format = new Option<string?>("--format") { Description = "edgar-json | listing | positions (default: from the file's extension)" };
        format.AcceptOnlyFromAmong("edgar-json", "listing", "positions");
        var json = CliContext.Json();
        var cmd = new Command("import", "Record filings (or ADS positions and reported outstanding counts) in the company's ledger; a second import of the same file changes nothing")
        {
            company, file, format, json,
        };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var path = p.GetValue(file)!;
            var kind = p.GetValue(format) ?? Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".json" => "edgar-json",
                ".yaml" or ".yml" => "positions",
                ".txt" => "listing",
                _ => throw new InputException(null, $"{path}: cannot tell the format from the extension; give --format edgar-json, listing or positions"),
            };
            IReadOnlyList<SourcedFact> facts = kind switch
            {
                "edgar-json" => EdgarSubmissionsFile.Load(path).Facts,
                "listing" => ListingFile.Load(path).Facts,
                _ => OwnershipFile.Load(path).Facts,
            };
            var id = p.GetValue(company)!;
            var result = await FilingImport.ExecuteAsync(store, id, facts, CliContext.ActorFor(p), ct);
            if (result.Outcome == "conflict")
                return CliContext.Error($"the ledger of '{id}' moved while importing; nothing was written; run the import again", ExitCodes.Conflict);
            if (p.GetValue(json))
                CliContext.WriteJson(new { outcome = result.Outcome, company = id, format = kind, read = result.Read, entriesWritten = result.Written, alreadyRecorded = result.AlreadyRecorded, version = result.Version });
            else if (result.Written == 0)
                Console.Out.WriteLine($"{id}: {result.Read} facts read from {Path.GetFileName(path)} ({kind}), all already recorded; nothing changed.");
            else
                Console.Out.WriteLine($"{id}: {result.Read} facts read from {Path.GetFileName(path)} ({kind}); recorded {result.Written}, {result.AlreadyRecorded} already recorded; ledger now at version {result.Version}.");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Timeline()
    {
        var company = Company();
        var json = CliContext.Json();
        var cmd = new Command("timeline", "The filing record in date order with the listing events (ADS ratio, suspension, delisting, Form 25 and Form 15 effects)") { company, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var d = await DisclosureLedger.LoadAsync(store, p.GetValue(company)!, ct);
            var listing = ListingEvents.From(d.Filings, d.Ledger.Timeline.Latest, d.RegisteredClass);
            if (p.GetValue(json))
            {
                CliContext.WriteJson(new
                {
                    company = d.Ledger.CompanyId,
                    filings = DisclosureJson.Filings(d),
                    listingEvents = DisclosureJson.ListingEvents(listing),
                });
            }
            else
            {
                Console.Out.Write(DisclosureText.Timeline(d, listing));
            }

            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Deadlines()
    {
        var company = Company();
        var fye = new Option<string>("--fiscal-year-end") { Description = "The fiscal year end as MM-dd (default 12-31)", DefaultValueFactory = _ => "12-31" };
        var json = CliContext.Json();
        var cmd = new Command("deadlines", "Form 20-F deadline history: due date, NT 20-F, extended date, filing date and days late for every fiscal year in the record") { company, fye, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var yearEnd = ParseFiscalYearEnd(p.GetValue(fye)!);
            var d = await DisclosureLedger.LoadAsync(store, p.GetValue(company)!, ct);
            var rows = AnnualReportHistory.Compute(d.Filings, yearEnd, SecBusinessDays.Calendar);
            if (p.GetValue(json)) CliContext.WriteJson(new { company = d.Ledger.CompanyId, calendar = SecBusinessDays.CalendarId, fiscalYears = rows.Select(DisclosureJson.FiscalYear) });
            else Console.Out.Write(DisclosureText.Deadlines(d, rows, yearEnd));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>"12-31" as an annual date.</summary>
    public static AnnualDate ParseFiscalYearEnd(string text)
    {
        var r = AnnualDatePattern.Iso.Parse(text);
        return r.Success ? r.Value : throw new InputException(null, $"--fiscal-year-end: expected MM-dd (e.g. 12-31), found '{text}'");
    }
}
