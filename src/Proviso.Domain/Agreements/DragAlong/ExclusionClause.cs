using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// ROFR s.4.2(i): "if there is any agreement executed between the Offeror and the Drag Holders, with the binding effect of
/// prohibiting such Drag Holders from seeking, contacting, negotiating, committing or executing an agreement with any
/// third party other than the Offeror within a given period determined by the Drag Holders (such clauses in the
/// agreement is hereafter referred to as the “Exclusion Clause”, and if the given period is more than 6 months, it shall
/// be further agreed by Main Access and PAC), then all holders of the Equity Securities shall refrain from … executing any
/// form of agreements with any of the New Offeror with respect to the New Sale that would constitute breach of such
/// Exclusion Clause". The limit and the parties whose agreement a longer period needs are terms.
/// <para>Interpretation: the period runs from the day the clause is agreed to its stated last day, inclusive. It is "more
/// than 6 months" when its last day is after the day that falls 6 months after its start (month-end rule from the terms):
/// agreed 2021-01-04, a clause to 2021-07-04 is within the limit, one to 2021-07-05 needs Main Access and PAC.</para>
/// </summary>
public static class ExclusionClause
{
    /// <summary>The recorded clause, or the rejection (a longer period without the named parties' agreement).</summary>
    public static (ExclusionClauseAgreed? Event, Rejection? Problem) Decide(Agreement agreement, NewOfferTerms terms, string processId, LocalDate startsOn, LocalDate endsOn,
        IReadOnlyCollection<string> agreedBy, BusinessCalendar calendar, Instant at)
    {
        if (endsOn < startsOn)
            return (null, new Rejection("drag.exclusion-clause-period", $"An Exclusion Clause agreed on {startsOn:yyyy-MM-dd} cannot end before it, on {endsOn:yyyy-MM-dd}.", terms.ExclusionClause));
        var beyond = false;
        var explanation = $"The Exclusion Clause binds from {startsOn:yyyy-MM-dd} to {endsOn:yyyy-MM-dd} inclusive";
        if (terms.ExclusionLimit is { } limit)
        {
            var limitDay = limit.UnrolledEnd(startsOn, calendar);
            beyond = endsOn > limitDay;
            var holders = agreedBy.Select(agreement.HolderOf).ToHashSet(StringComparer.Ordinal);
            var missing = terms.LongerExclusionNeeds.Where(p => !holders.Contains(agreement.HolderOf(p))).ToList();
            if (beyond && missing.Count > 0)
                return (null, new Rejection("drag.exclusion-clause-needs-consent",
                    $"The Exclusion Clause runs to {endsOn:yyyy-MM-dd}, more than {limit.Describe(calendar)} after {startsOn:yyyy-MM-dd} (the limit is {limitDay:yyyy-MM-dd}), so it must also be agreed by {string.Join(" and ", terms.LongerExclusionNeeds)}; missing: {string.Join(", ", missing)}.",
                    terms.ExclusionLimitCitation));
            explanation += beyond
                ? $"; longer than {limit.Describe(calendar)} (limit {limitDay:yyyy-MM-dd}) and agreed by {string.Join(" and ", terms.LongerExclusionNeeds)}"
                : $"; within {limit.Describe(calendar)} (limit {limitDay:yyyy-MM-dd}), so no further agreement is needed";
        }
        return (new ExclusionClauseAgreed(processId, startsOn, endsOn, agreedBy.ToList(), beyond, explanation + $" ({terms.ExclusionClause})", at) { EffectiveOn = startsOn }, null);
    }

    /// <summary>Whether the clause binds on <paramref name="date"/>: agreed on or before it, not ended, and the date not after its last day.</summary>
    public static bool Binds(ExclusionClauseAgreed? clause, ExclusionClauseEnded? ended, LocalDate date) =>
        clause is not null && ended is null && date >= clause.StartsOn && date <= clause.EndsOn;
}
