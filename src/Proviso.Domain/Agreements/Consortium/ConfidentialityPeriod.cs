using NodaTime;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>
/// How long the confidentiality obligations last. s.6.02(d): "the obligations contained in Section 6.02 shall continue to
/// apply for a period of twenty-four (24) months following execution of this Agreement unless otherwise agreed in
/// writing." s.5.02 keeps s.6.02 binding after termination, so the period does not end with the Agreement.
/// </summary>
/// <remarks>
/// Interpretation: "execution" is the agreement's date ("Dated as of") unless the terms state another execution date; the
/// 24 months are counted from that date with the terms' month-end rule and include the whole of the last day (an
/// agreement executed on 22 December 2025 binds through 22 December 2027, and is free from 23 December 2027 00:00 in the
/// terms' time zone).
/// </remarks>
public static class ConfidentialityPeriod
{
    /// <summary>The end of the confidentiality obligations, as a deadline.</summary>
    public static Deadline Of(ConsortiumState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var t = state.Terms.Confidentiality;
        var executed = t.ExecutedOn ?? state.AgreementDate;
        return Deadline.Compute("End of the confidentiality obligations (s.6.02)", t.Citation, new Trigger("execution of this Agreement", executed), t.Period, state.Calendar, t.Zone);
    }

    /// <summary>True if the obligations of s.6.02 still apply at <paramref name="at"/>.</summary>
    public static bool Applies(ConsortiumState state, Instant at) => at < Of(state).ExpiresAt;
}
