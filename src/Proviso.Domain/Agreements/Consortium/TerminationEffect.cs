using NodaTime;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>What still binds a member after the Agreement ends for it, and what it remains liable for.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="EndedAt">When the Agreement ended for it (its cessation or the termination), or null if it is still in force.</param>
/// <param name="How">"5.01(a)", "5.01(b)(i)", "5.01(b)(ii)" or "5.01(c)", or null.</param>
/// <param name="Survives">The provisions that continue to bind it.</param>
/// <param name="Liabilities">What it remains liable for.</param>
/// <param name="Citation">s.5.02(a) or (b).</param>
public sealed record MemberAfterTermination(string MemberId, Instant? EndedAt, string? How, IReadOnlyList<SurvivingProvision> Survives, IReadOnlyList<string> Liabilities, Citation? Citation);

/// <summary>
/// The effect of termination. s.5.02(a): on a member's cessation under s.5.01(a), Article III, Article IV, Article V,
/// Section 6.02, Article VII and Article IX "shall continue to bind such Consortium Member and such Consortium Member shall
/// be liable under Article III for its share of any Consortium Expenses incurred prior to the termination". s.5.02(b): on
/// termination under s.5.01(b) or (c), the same provisions bind every member, each "liable under Article III for its share
/// of any Consortium Expenses incurred prior to the termination of this Agreement, unless there was a breach of this
/// Agreement by a Consortium Member prior to such termination, in which case Section 3.01(c) shall apply." s.5.02(c):
/// otherwise the members are not liable to each other after termination.
/// </summary>
public static class TerminationEffect
{
    /// <summary>The position of <paramref name="member"/> at <paramref name="at"/>.</summary>
    public static MemberAfterTermination For(ConsortiumState state, ConsortiumMember member, Instant at)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(member);
        var t = state.Terms.Termination;
        var termination = ConsortiumTermination.At(state, at);
        if (member.CeasedAt is { } ceased && ceased <= at && (termination is null || ceased < termination.At))
        {
            return new MemberAfterTermination(member.Id, ceased, "5.01(a)", t.Survives,
            [
                $"its share (by committed equity) of Consortium Expenses incurred before {ConsortiumText.Date(state.DateOf(ceased))} ({t.EffectOfCessation})",
                $"any Advisors may continue to advise the continuing members ({t.EffectOfCessation})",
            ], t.EffectOfCessation);
        }

        if (termination is null) return new MemberAfterTermination(member.Id, null, null, [], [], null);
        var breaches = state.Breaches.Where(b => b.At < termination.At).ToList();
        var liabilities = new List<string>();
        if (breaches.Count > 0)
        {
            var breachers = breaches.Select(b => b.MemberId).Distinct(StringComparer.Ordinal).ToList();
            liabilities.Add($"there was a breach before termination ({string.Join(", ", breaches.Select(b => $"{b.MemberId}: s.{b.Clause}"))}), so s.3.01(c) applies ({t.EffectOfTermination})");
            liabilities.Add(breachers.Contains(member.Id)
                ? $"as a breaching member: reverse termination fees, indemnity and reimbursement of the non-breaching members' costs ({state.Terms.Costs.FailureByBreach})"
                : $"as a non-breaching member: entitled to reimbursement of its costs by {string.Join(", ", breachers)} ({state.Terms.Costs.FailureByBreach})");
        }
        else
        {
            liabilities.Add($"its share (by committed equity) of Consortium Expenses incurred before {ConsortiumText.Date(state.DateOf(termination.At))} ({t.EffectOfTermination})");
        }

        liabilities.Add($"otherwise no liability to the other members in relation to the Agreement; the members jointly own, but may use separately, the due diligence information and work product ({t.NoOtherLiability})");
        return new MemberAfterTermination(member.Id, termination.At, termination.Clause, t.Survives, liabilities, t.EffectOfTermination);
    }
}
