using NodaTime;
using Proviso.Application.Ledgers;
using Proviso.Application.Scenarios;
using Proviso.Application.Scenarios.Steps;
using Proviso.Application.Terms;
using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;

namespace Proviso.Application.DragAlong;

/// <summary>
/// Reads a drag-along command from a request body (JSON or YAML) with the same keys as the scenario step of the same
/// kind (docs/drag-along.md "Scenario steps"), so the API, the command line and scenarios share one reading with located
/// errors.
/// </summary>
public static class DragAlongCommandReader
{
    private static readonly IReadOnlyDictionary<string, IScenarioStepReader> Readers = Discovery.All<IScenarioStepReader>(typeof(DragAlongCommandReader).Assembly)
        .Where(r => r is DragAlongStep or QualifiedIpoStep).ToDictionary(r => r.Kind, StringComparer.Ordinal);

    /// <summary>The command kinds: acceptApprovedSale, dragAlongNotice, dragObligations, …</summary>
    public static IEnumerable<string> Kinds => Readers.Keys.Order(StringComparer.Ordinal);

    /// <summary>The command of <paramref name="kind"/> read from <paramref name="body"/>, at <paramref name="at"/> (its date in <paramref name="zone"/> is the effective date).</summary>
    public static object Read(string kind, string body, CompanyLedger ledger, Instant at, DateTimeZone zone)
    {
        if (!Readers.TryGetValue(kind, out var reader)) throw new InputException(null, $"unknown drag-along command '{kind}'; known: {string.Join(", ", Kinds)}");
        var doc = YamlDocument.Parse("request body", body);
        var agreements = CompanyTerms.Recorded(ledger).Values.Select(t => TermsLoader.Parse($"{t.AgreementId} (recorded terms)", t.Text)).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var ctx = new ScenarioContext(doc, ledger.CompanyId, agreements, Directory.GetCurrentDirectory()) { On = at.InZone(zone).Date, At = at };
        var commands = reader.Read(doc.RootMap(), ctx);
        return commands.Single();
    }
}
