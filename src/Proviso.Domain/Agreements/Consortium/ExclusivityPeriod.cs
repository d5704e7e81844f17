using NodaTime;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>
/// When the Exclusivity Period runs. s.10.01: "“Exclusivity Period” means the period beginning on the date hereof and
/// ending on the first to occur of: (a) the date which falls on the expiry of 12 months after the date hereof, and (b)
/// the termination of this Agreement pursuant to Section 5.01(b)(ii) or Section 5.01(c)."
/// </summary>
/// <remarks>
/// Interpretation: the period begins at the start of the agreement's date and "ends on" the date that falls 12 months
/// later, so it includes the whole of that date: for an agreement dated 22 December 2025 the last moment inside is
/// 22 December 2026 23:59:59.999… and the first moment outside is 23 December 2026 00:00, both in the terms' time zone
/// (Asia/Hong_Kong for an agreement governed by Hong Kong law with its seat of arbitration in Hong Kong). Months are
/// added with the terms' month-end rule and the date does not roll to a Business Day (the definition does not say so).
/// A termination under s.5.01(b)(ii) or (c) ends the period at the instant of termination.
/// </remarks>
public sealed record ExclusivityPeriod(
    Instant StartsAt,
    Deadline Scheduled,
    Instant EndsAt,
    string? EndedEarlyBy,
    Citation? EndedEarlyCitation,
    string Explanation)
{
    /// <summary>The period for a consortium's state.</summary>
    public static ExclusivityPeriod Of(ConsortiumState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var terms = state.Terms.Exclusivity;
        var scheduled = Deadline.Compute("End of the Exclusivity Period", terms.Citation, new Trigger("the date hereof", state.AgreementDate), terms.Period, state.Calendar, terms.Zone);
        var start = terms.Zone.AtStartOfDay(state.AgreementDate).ToInstant();
        (Instant At, string Clause)? early = null;
        void Consider(Instant? at, string clause)
        {
            if (at is { } a && terms.EndsEarlyOn.Contains(clause, StringComparer.Ordinal) && a < scheduled.ExpiresAt && (early is null || a < early.Value.At))
                early = (a, clause);
        }

        Consider(state.CompanyCeasedNegotiatingAt, "5.01(b)(ii)");
        Consider(state.MutualTerminationAt, "5.01(c)");
        var zone = terms.Zone;
        if (early is { } e)
        {
            var cite = e.Clause == "5.01(b)(ii)" ? state.Terms.Termination.CompanyStopsNegotiating : state.Terms.Termination.MutualAgreement;
            return new ExclusivityPeriod(start, scheduled, e.At, e.Clause, cite,
                $"The Exclusivity Period began {ConsortiumText.Moment(start, zone)} and ended early at {ConsortiumText.Moment(e.At, zone)} on the termination of the Agreement under s.{e.Clause} ({terms.Citation}; {cite})");
        }

        return new ExclusivityPeriod(start, scheduled, scheduled.ExpiresAt, null, null,
            $"The Exclusivity Period began {ConsortiumText.Moment(start, zone)} and ends on {ConsortiumText.Date(scheduled.DueDate)}, the date 12 months after the date hereof: the last moment inside is the end of that day and the first moment outside is {ConsortiumText.Moment(scheduled.ExpiresAt, zone)}, unless the Agreement terminates earlier under s.5.01(b)(ii) or s.5.01(c) ({terms.Citation})");
    }

    /// <summary>True if <paramref name="at"/> is within the period (from its start, strictly before <see cref="EndsAt"/>).</summary>
    public bool Contains(Instant at) => at >= StartsAt && at < EndsAt;
}
