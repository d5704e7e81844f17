using NodaTime;
using Proviso.Application.DragAlong;
using Proviso.Application.Ledgers;

namespace Proviso.Application.Scenarios.Reports;

/// <summary>
/// Every drag-along process at the end of the report date (in the terms' time zone): the Drag Holders' tests with their
/// numbers, the notice and each holder's obligations, offers and the Determined Offeror, the Preferential Sale, the
/// Restriction and Release Periods, Special Sales, the closing with its proceeds and costs, and open deadlines. Nothing
/// when the scenario has no drag-along process.
/// </summary>
public sealed class DragAlongReport : IScenarioReporter
{
    /// <inheritdoc />
    public string Key => "dragAlong";

    /// <inheritdoc />
    public ScenarioSection? Report(CompanyLedger ledger, LocalDate asOf)
    {
        var data = new List<object>();
        var lines = new List<string>();
        foreach (var a in DragAlongCommandDecider.Agreements(ledger.Timeline))
        {
            var view = DragAlongView.Load(ledger.Timeline, a.Id)!;
            var at = view.EndOf(asOf);
            foreach (var p in view.Processes)
            {
                data.Add(DragAlongViews.Status(view, p, at));
                lines.AddRange(DragAlongViews.StatusLines(view, p, at));
            }
        }
        if (data.Count == 0) return null;
        return new ScenarioSection($"Drag-along as of {asOf:yyyy-MM-dd}", data.Count == 1 ? data[0] : data, lines);
    }
}
