using Proviso.Application.Scenarios;

namespace Proviso.Application.Views;

/// <summary>The stable JSON shape of a scenario run (docs/cli.md), shared by the command line and the API.</summary>
public static class ScenarioJson
{
    public static object From(ScenarioResult r) => new
    {
        scenario = r.Name,
        description = r.Description,
        company = r.Company,
        allAsExpected = r.AllAsExpected,
        ledgerIntact = r.LedgerIntact,
        steps = r.Steps.Select(s => new
        {
            step = s.Number,
            kind = s.Kind,
            when = s.When,
            note = s.Note,
            outcome = s.Accepted ? "accepted" : "refused",
            events = s.Events,
            reasons = s.Reasons.Select(x => new { rule = x.Rule, message = x.Message, citation = x.Citation }),
            expected = s.Expected,
            asExpected = s.AsExpected,
        }),
        reportAsOf = r.ReportAsOf,
        report = r.Report.ToDictionary(x => x.Key, x => x.Value.Data),
    };
}
