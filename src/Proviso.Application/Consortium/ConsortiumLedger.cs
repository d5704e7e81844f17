using Proviso.Application.Terms;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Register;
using Proviso.Domain.Time;

namespace Proviso.Application.Consortium;

/// <summary>A consortium as the company's ledger records it: the agreement, its consortium terms, and the state folded from the ledger.</summary>
public sealed record ConsortiumView(Agreement Agreement, ConsortiumTerms Terms, ConsortiumState State, RegisterTimeline Timeline);

/// <summary>
/// Finds a consortium agreement among the terms recorded in a company's ledger and folds its events into a
/// <see cref="ConsortiumState"/>: the one bridge between the ledger and the pure consortium rules.
/// </summary>
public static class ConsortiumLedger
{
    /// <summary>The ids of recorded agreements that have a <c>consortium</c> section.</summary>
    public static IReadOnlyList<string> AgreementIds(RegisterTimeline timeline) =>
        Recorded(timeline).Where(a => a.Value.Mechanism<ConsortiumTerms>(ConsortiumTerms.Key) is not null).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The consortium <paramref name="agreementId"/> (or the only consortium recorded, when null), folded from
    /// <paramref name="timeline"/>. Throws <see cref="InputException"/> when there is none or the choice is ambiguous.
    /// </summary>
    public static ConsortiumView Load(RegisterTimeline timeline, string? agreementId)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var recorded = Recorded(timeline);
        var consortia = recorded.Where(a => a.Value.Mechanism<ConsortiumTerms>(ConsortiumTerms.Key) is not null).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        Agreement agreement;
        if (agreementId is null)
        {
            if (consortia.Count != 1)
                throw new InputException(null, consortia.Count == 0
                    ? $"no consortium agreement is recorded for '{timeline.Latest.CompanyId}'; import its terms (a terms file with a 'consortium' section) first"
                    : $"several consortium agreements are recorded ({string.Join(", ", consortia.Keys.Order(StringComparer.Ordinal))}); name one");
            agreement = consortia.Values.Single();
        }
        else if (!consortia.TryGetValue(agreementId, out agreement!))
        {
            throw new InputException(null, $"'{agreementId}' is not a consortium agreement recorded for '{timeline.Latest.CompanyId}' (recorded consortia: {(consortia.Count == 0 ? "none" : string.Join(", ", consortia.Keys.Order(StringComparer.Ordinal)))})");
        }

        var terms = agreement.Mechanism<ConsortiumTerms>(ConsortiumTerms.Key)!;
        var calendar = (agreement.BusinessDay ?? throw new InputException(null, $"the terms of '{agreement.Id}' define no Business Day (definitions.businessDay); the consortium's periods and notices need it"))
            .Resolve(CalendarCatalog.BuiltIn);
        var state = ConsortiumState.Replay(terms, agreement.Date, calendar, timeline.ProcessEvents.Select(e => e.Event));
        return new ConsortiumView(agreement, terms, state, timeline);
    }

    private static Dictionary<string, Agreement> Recorded(RegisterTimeline timeline) =>
        Terms.CompanyTerms.Agreements(timeline).ToDictionary(a => a.Id, StringComparer.Ordinal);
}
