using NodaTime;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>How and when the Agreement terminated for all members.</summary>
/// <param name="Clause">"5.01(b)(i)", "5.01(b)(ii)" or "5.01(c)".</param>
/// <param name="Citation">The clause.</param>
/// <param name="At">The instant of termination (the first instant at which it is no longer in force).</param>
/// <param name="Explanation">One sentence.</param>
public sealed record Termination(string Clause, Citation Citation, Instant At, string Explanation);

/// <summary>
/// Whether the Agreement has terminated (Art. V, s.5.01(b) and (c)). s.5.01(b): "This Agreement shall terminate
/// automatically without any further action on the part of any Consortium Member upon the earlier of (i) the expiration
/// of the Exclusivity Period (including any extensions thereof) unless the Definitive Agreement has been executed prior to
/// such expiration or (ii) upon the Company ceasing to negotiate with the Consortium …". s.5.01(c): "at any time upon the
/// mutual written agreement of each Consortium Member."
/// </summary>
/// <remarks>
/// Interpretation: termination under (b)(i) takes effect at the first instant after the Exclusivity Period (the instant it
/// expires); a Definitive Agreement executed at or after that instant is not "prior to such expiration". Terminations under
/// (b)(ii) and (c) take effect at the instant recorded. A member's cessation under s.5.01(a) ends the Agreement only for
/// that member (see <see cref="MemberCessation"/>).
/// </remarks>
public static class ConsortiumTermination
{
    /// <summary>The termination that has happened by <paramref name="at"/>, or null if the Agreement is still in force then.</summary>
    public static Termination? At(ConsortiumState state, Instant at)
    {
        var first = Scheduled(state);
        return first is not null && first.At <= at ? first : null;
    }

    /// <summary>The earliest termination the ledger implies (possibly in the future, for (b)(i)), or null if none is scheduled (a Definitive Agreement was executed in time and nothing else has ended it).</summary>
    public static Termination? Scheduled(ConsortiumState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var t = state.Terms.Termination;
        var zone = state.Zone;
        var candidates = new List<Termination>();
        if (state.CompanyCeasedNegotiatingAt is { } ceased)
            candidates.Add(new Termination("5.01(b)(ii)", t.CompanyStopsNegotiating, ceased,
                $"The Company ceased to negotiate with the Consortium ({state.CompanyCeasedHow}) at {ConsortiumText.Moment(ceased, zone)}, so the Agreement terminated automatically then ({t.CompanyStopsNegotiating})"));
        if (state.MutualTerminationAt is { } mutual)
            candidates.Add(new Termination("5.01(c)", t.MutualAgreement, mutual,
                $"Each Consortium Member agreed in writing to terminate the Agreement at {ConsortiumText.Moment(mutual, zone)} ({t.MutualAgreement})"));
        var exclusivity = ExclusivityPeriod.Of(state);
        var expiry = exclusivity.Scheduled.ExpiresAt;
        var signedInTime = state.DefinitiveAgreementAt is { } da && da < expiry;
        if (!signedInTime)
        {
            var why = state.DefinitiveAgreementAt is { } late
                ? $"the Definitive Agreement was executed only at {ConsortiumText.Moment(late, zone)}, not prior to that expiration"
                : "no Definitive Agreement has been executed before it";
            candidates.Add(new Termination("5.01(b)(i)", t.ExclusivityExpiry, expiry,
                $"The Exclusivity Period expires at {ConsortiumText.Moment(expiry, zone)} and {why}, so the Agreement terminates automatically then ({t.ExclusivityExpiry})"));
        }

        return candidates.OrderBy(c => c.At).FirstOrDefault();
    }

    /// <summary>True if the Agreement is in force for <paramref name="member"/> at <paramref name="at"/>: it is a member then and the Agreement has not terminated.</summary>
    public static bool InForceFor(ConsortiumState state, ConsortiumMember member, Instant at) =>
        member.IsMemberAt(at) && At(state, at) is null;
}
