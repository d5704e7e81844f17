using Proviso.Domain.Ledger;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>
/// Whether an Additional Sponsor may be admitted. s.1.02: "The Initial Sponsor may decide at its sole discretion to admit
/// one or more additional investor(s) to the Consortium as additional sponsor(s) … The Additional Sponsor admitted … shall
/// execute a deed of adherence to this Agreement in form and substance satisfactory to the Initial Sponsor, following
/// which time it will be deemed a “Consortium Member” for all purposes under this Agreement."
/// </summary>
/// <remarks>
/// Interpretation: only the party the terms name as deciding (the Initial Sponsor) may admit; no other member's consent is
/// needed ("sole discretion"; the others appoint the Initial Sponsor to sign the deed on their behalf). Admission is
/// possible while the Agreement is in force; the new member is a member from the deed's execution.
/// </remarks>
public static class AdditionalSponsorAdmission
{
    /// <summary>The decision on <paramref name="command"/>.</summary>
    public static Decision Decide(ConsortiumState state, AdmitAdditionalSponsor command)
    {
        var terms = state.Terms.Admission;
        if (string.IsNullOrWhiteSpace(command.MemberId))
            return Decision.Reject("consortium.member-id-required", "An Additional Sponsor needs an id.", terms.Citation);
        if (state.Member(command.MemberId) is not null)
            return Decision.Reject("consortium.already-a-member", $"'{command.MemberId}' is already a member of the consortium.", terms.Citation);
        if (string.IsNullOrWhiteSpace(command.DeedOfAdherence))
            return Decision.Reject("consortium.deed-of-adherence-required", $"An Additional Sponsor is admitted by executing a {terms.Instrument}; reference it.", terms.Citation);
        var decider = state.MemberOrHolder(command.DecidedBy);
        if (decider is null || !PartySets.Includes(terms.DecidedBy, decider, decider.Id) || !decider.IsMemberAt(command.At))
            return Decision.Reject("consortium.admission-not-by-initial-sponsor",
                $"Only {PartySets.Describe(state.Terms, terms.DecidedBy)} may admit an Additional Sponsor, at its sole discretion; '{command.DecidedBy}' is not.", terms.Citation);
        if (ConsortiumTermination.At(state, command.At) is { } t)
            return Decision.Reject("consortium.terminated", $"The Agreement terminated at {ConsortiumText.Moment(t.At, state.Zone)} under s.{t.Clause}; no one can be admitted.", t.Citation);
        return Decision.Accept(new AdditionalSponsorAdmitted(state.AgreementId, command.MemberId, command.Name, command.HolderId, command.DeedOfAdherence, command.At, decider.Id)
        {
            EffectiveOn = state.DateOf(command.At),
        });
    }
}
