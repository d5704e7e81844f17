using NodaTime;
using Proviso.Application.Ledgers;
using Proviso.Domain.Register.Views;

namespace Proviso.Application.Scenarios.Reports;

/// <summary>The register at the end of the scenario: holdings by holder, as converted, with exact fractions.</summary>
public sealed class RegisterReport : IScenarioReporter
{
    public string Key => "register";

    public ScenarioSection? Report(CompanyLedger ledger, LocalDate asOf)
    {
        var table = CapTable.Compute(ledger.Timeline.AsOf(asOf), asOf, Basis.AsConverted, GroupBy.Holder);
        var rows = table.Rows.Select(r => new
        {
            holder = r.Key,
            shares = r.SharesByClass.OrderBy(x => x.Key, StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.Value.Value),
            asConverted = r.Amount.ToString(),
            fraction = r.Percentage.ToString(),
        }).ToList();
        var lines = table.Rows.Select(r =>
            $"{r.Key}: {string.Join(", ", r.SharesByClass.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Value} {x.Key}"))} ({r.Percentage.ToPercentString(4)} as converted)").ToList();
        return new ScenarioSection($"Register as of {asOf:yyyy-MM-dd}", new { asOf = asOf.ToString("yyyy-MM-dd", null), total = table.Total.ToString(), rows }, lines);
    }
}
