using NodaTime;
using Proviso.Application.Consortium;
using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements.Consortium;

namespace Proviso.Application.Scenarios.Reports;

/// <summary>
/// The consortium at the end of the scenario (the end of the report date in the consortium's time zone): status,
/// members, commitments, Exclusivity Period, termination, open deadlines, shareholding, and who bears the costs under
/// each outcome (when costs are recorded).
/// </summary>
public sealed class ConsortiumReport : IScenarioReporter
{
    /// <inheritdoc />
    public string Key => "consortium";

    /// <inheritdoc />
    public ScenarioSection? Report(CompanyLedger ledger, LocalDate asOf)
    {
        var ids = ConsortiumLedger.AgreementIds(ledger.Timeline);
        if (ids.Count == 0) return null;
        var data = new List<object>();
        var lines = new List<string>();
        foreach (var id in ids)
        {
            var view = ConsortiumLedger.Load(ledger.Timeline, id);
            if (asOf < view.Agreement.Date) continue; // not yet made on the report date: nothing to say
            var at = ConsortiumStatus.EndOf(view.State, asOf);
            var costs = new Dictionary<string, object>(StringComparer.Ordinal);
            lines.AddRange(ConsortiumStatus.Lines(view, asOf, at));
            if (view.State.Expenses.Count > 0 || view.State.BreakFees.Count > 0)
            {
                foreach (var outcome in Enum.GetValues<TransactionOutcome>())
                {
                    if (outcome == TransactionOutcome.FailedByBreach && view.State.Breaches.Count == 0) continue;
                    try
                    {
                        var report = ExpenseSharing.Compute(view.State, outcome, [], null);
                        costs[Yaml.Node.Kebab(outcome.ToString())] = ConsortiumOutputs.Costs(report);
                        lines.AddRange(ConsortiumOutputs.CostLines(report));
                    }
                    catch (ArgumentException ex)
                    {
                        costs[Yaml.Node.Kebab(outcome.ToString())] = new { problem = ex.Message };
                        lines.Add($"Costs ({outcome}): cannot be computed: {ex.Message}");
                    }
                }
            }

            data.Add(new { status = ConsortiumStatus.Data(view, asOf, at), costs });
        }

        if (data.Count == 0) return null;
        return new ScenarioSection($"Consortium as of {asOf:yyyy-MM-dd}", data.Count == 1 ? data[0] : data, lines);
    }
}
