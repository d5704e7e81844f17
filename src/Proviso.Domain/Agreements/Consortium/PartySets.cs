using NodaTime;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>
/// Who is in a defined set of parties at a moment. Preamble: the Initial Sponsor "together with the CEO Entity, the
/// “Initial Members”"; s.1.02: the Additional Sponsors "together with the Initial Sponsor, the “Sponsors”"; preamble:
/// "Each of the Initial Members and the Additional Sponsors … is referred to herein as a “Consortium Member”".
/// </summary>
/// <remarks>Interpretation: a member that has ceased under s.5.01(a) is no longer in any set after its cessation.</remarks>
public static class PartySets
{
    /// <summary>The members of <paramref name="set"/> at <paramref name="at"/>, in membership order; <paramref name="actorId"/> is excluded from <see cref="PartySet.OtherMembers"/>.</summary>
    public static IReadOnlyList<ConsortiumMember> Resolve(ConsortiumState state, PartySet set, string? actorId, Instant at)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Members.Where(m => m.IsMemberAt(at) && Includes(set, m, actorId)).ToList();
    }

    /// <summary>True if a member's role puts it in <paramref name="set"/> (ignoring time).</summary>
    public static bool Includes(PartySet set, ConsortiumMember member, string? actorId) => set switch
    {
        PartySet.CeoEntity => member.Role == ConsortiumRole.CeoEntity,
        PartySet.InitialSponsor => member.Role == ConsortiumRole.InitialSponsor,
        PartySet.InitialMembers => member.Role is ConsortiumRole.CeoEntity or ConsortiumRole.InitialSponsor,
        PartySet.AdditionalSponsors => member.Role == ConsortiumRole.AdditionalSponsor,
        PartySet.Sponsors => member.Role is ConsortiumRole.InitialSponsor or ConsortiumRole.AdditionalSponsor,
        PartySet.ConsortiumMembers => true,
        PartySet.OtherMembers => !string.Equals(member.Id, actorId, StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(set), set, "unknown party set"),
    };

    /// <summary>"the Initial Sponsor", "the other Consortium Members", for sentences.</summary>
    public static string Describe(ConsortiumTerms terms, PartySet set) => set == PartySet.OtherMembers
        ? "the other " + terms.Definition(PartySet.ConsortiumMembers).Title
        : "the " + terms.Definition(set).Title;
}
