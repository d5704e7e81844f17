using NodaTime;
using Proviso.Application.Ledgers;
using Proviso.Domain.Time;

namespace Proviso.Application.Agenda;

/// <summary>One open deadline on a company's agenda: which process or matter it belongs to, and the deadline itself.</summary>
public sealed record AgendaItem(string Source, string Matter, Deadline Deadline);

/// <summary>
/// Contributes a company's open deadlines (a first-refusal process's Option Period, the consortium's exclusivity…).
/// Implementations are found by reflection: a new mechanism adds a source, not an edit here.
/// </summary>
public interface IAgendaSource
{
    /// <summary>Deadlines open at <paramref name="asOf"/> (not yet expired at that instant), from the company's ledger.</summary>
    IEnumerable<AgendaItem> OpenDeadlines(CompanyLedger ledger, Instant asOf);
}

/// <summary>Every open deadline of a company, soonest first.</summary>
public static class CompanyAgenda
{
    private static readonly IReadOnlyList<IAgendaSource> Sources = Proviso.Application.Discovery.All<IAgendaSource>(typeof(CompanyAgenda).Assembly);

    public static IReadOnlyList<AgendaItem> Open(CompanyLedger ledger, Instant asOf) =>
        Sources.SelectMany(s => s.OpenDeadlines(ledger, asOf))
            .Where(i => i.Deadline.ExpiresAt > asOf)
            .OrderBy(i => i.Deadline.ExpiresAt)
            .ThenBy(i => i.Matter, StringComparer.Ordinal)
            .ToList();
}
