using NodaTime;
using Proviso.Domain.Ledger;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>
/// Whether a member may cease its participation. s.5.01(a): "Prior to the execution of the Definitive Agreement, (i) if
/// the Initial Sponsor agrees that the Consortium Members are unable to agree either among themselves or with the Company
/// upon the material terms of the Transaction (including the terms of the Debt Financing) or (ii) a Consortium Member is
/// not satisfied with the results of the due diligence investigation of the Company, then a Consortium Member may cease
/// its participation in the Transaction and the Consortium."
/// </summary>
/// <remarks>
/// Interpretation: ground (i) needs the Initial Sponsor's agreement, which the command references (the Initial Sponsor's
/// own cessation on ground (i) is its own agreement); ground (ii) is the member's own judgement and needs no one's
/// agreement. "Prior to the execution" is strict: at or after the instant the Definitive Agreement is executed, the right
/// has lapsed.
/// </remarks>
public static class MemberCessation
{
    /// <summary>The decision on <paramref name="command"/>.</summary>
    public static Decision Decide(ConsortiumState state, CeaseParticipation command)
    {
        var cite = state.Terms.Termination.Cessation;
        var member = state.MemberOrHolder(command.MemberId);
        if (member is null) return Decision.Reject("consortium.unknown-member", $"'{command.MemberId}' is not a member of the consortium.", cite);
        if (!member.IsMemberAt(command.At))
            return Decision.Reject("consortium.not-a-member", $"{member.Id} is not a Consortium Member at {ConsortiumText.Moment(command.At, state.Zone)}.", cite);
        if (ConsortiumTermination.At(state, command.At) is { } t)
            return Decision.Reject("consortium.terminated", $"The Agreement terminated at {ConsortiumText.Moment(t.At, state.Zone)} under s.{t.Clause}; there is nothing to cease.", t.Citation);
        if (state.DefinitiveAgreementAt is { } da && da <= command.At)
            return Decision.Reject("consortium.cessation-after-definitive-agreement",
                $"A member may cease only prior to the execution of the Definitive Agreement, which was executed at {ConsortiumText.Moment(da, state.Zone)}.", cite);
        if (command.Ground == CessationGround.UnableToAgree && member.Role != ConsortiumRole.InitialSponsor && string.IsNullOrWhiteSpace(command.InitialSponsorAgreement))
            return Decision.Reject("consortium.cessation-needs-initial-sponsor",
                "Ceasing under s.5.01(a)(i) needs the Initial Sponsor's agreement that the members are unable to agree on the material terms; reference it.", cite);
        return Decision.Accept(new ConsortiumMemberCeased(state.AgreementId, member.Id, command.Ground, command.At, command.InitialSponsorAgreement) { EffectiveOn = state.DateOf(command.At) });
    }
}
