using NodaTime;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Views;
using Proviso.Domain.Tests.Register;
using static Proviso.Domain.Tests.ConsortiumRules.ConsortiumFixture;

namespace Proviso.Domain.Tests.ConsortiumRules;

public class ActionPermissionTests
{
    private static readonly Instant LastMomentInside = Hk(2026, 12, 23) - Duration.Epsilon;
    private static readonly Instant FirstMomentOutside = Hk(2026, 12, 23);

    [Fact]
    public void TransferSecurities_CeoEntityLastMomentOfExclusivity_NeedsInitialSponsorWrittenConsent()
    {
        var a = Start().Check(Ceo, "transfer-securities", LastMomentInside);
        Assert.Equal(Permission.AllowedWithConsent, a.Permission);
        var c = Assert.Single(a.Consents);
        Assert.Equal(Sponsor, c.PartyId);
        Assert.True(c.Written);
        Assert.False(c.Given);
        Assert.Contains(a.Citations, x => x.Section == "1.05(b)(vi)(A)");
    }

    [Fact]
    public void TransferSecurities_CeoEntityFirstMomentAfterExclusivity_IsNotRestricted()
    {
        var a = Start().Check(Ceo, "transfer-securities", FirstMomentOutside);
        Assert.Equal(Permission.Allowed, a.Permission);
        Assert.Contains(a.Reasons, r => r.Text.Contains("does not restrict it now", StringComparison.Ordinal));
    }

    [Fact]
    public void TransferSecurities_WrittenConsentGiven_IsAllowed()
    {
        var at = Hk(2026, 3, 2, 10);
        var state = Start().Do(new GiveConsortiumConsent("c-1", Sponsor, Ceo, "transfer-securities", true, "letter").With(at - Duration.FromHours(1)));
        var a = state.Check(Ceo, "transfer-securities", at);
        Assert.Equal(Permission.Allowed, a.Permission);
        Assert.Equal("c-1", Assert.Single(a.Consents).ConsentId);
    }

    [Fact]
    public void TransferSecurities_OralConsentOnly_StillNeedsWrittenConsent()
    {
        var at = Hk(2026, 3, 2, 10);
        var state = Start().Do(new GiveConsortiumConsent("c-1", Sponsor, Ceo, "transfer-securities", false, "call").With(at - Duration.FromHours(1)));
        var a = state.Check(Ceo, "transfer-securities", at);
        Assert.Equal(Permission.AllowedWithConsent, a.Permission);
        Assert.Contains("not in writing", Assert.Single(a.Consents).Note, StringComparison.Ordinal);
    }

    [Fact]
    public void TransferSecurities_ContemplatedRollover_IsAllowed()
    {
        var a = Start().Check(Ceo, "transfer-securities", Hk(2026, 3, 2), "contemplated-by-agreement");
        Assert.Equal(Permission.Allowed, a.Permission);
    }

    [Fact]
    public void SolicitCompetingProposal_InitialSponsor_IsProhibitedBecauseItCannotConsentToItself()
    {
        var a = Start().Check(Sponsor, "solicit-competing-proposal", Hk(2026, 3, 2));
        Assert.Equal(Permission.Prohibited, a.Permission);
        Assert.NotEmpty(a.Interpretations);
    }

    [Fact]
    public void SolicitCompetingProposal_InitialSponsorViaExternalFundManager_IsAllowedByCarveoutX()
    {
        var a = Start().Check(Sponsor, "solicit-competing-proposal", Hk(2026, 3, 2), "external-fund-manager");
        Assert.Equal(Permission.Allowed, a.Permission);
        Assert.Contains(a.Citations, x => x.Section == "1.05(b)(x)");
    }

    [Fact]
    public void SolicitCompetingProposal_AffiliateOrdinaryCourse_AllowedWithTheInformationBarrierObligation()
    {
        var a = Start().Check(Sponsor, "solicit-competing-proposal", Hk(2026, 3, 2), "affiliate-ordinary-course");
        Assert.Equal(Permission.Allowed, a.Permission);
        Assert.Single(a.Obligations);
    }

    [Fact]
    public void SolicitCompetingProposal_CeoEntityClaimsTheSponsorsCarveout_StillNeedsConsent()
    {
        var a = Start().Check(Ceo, "solicit-competing-proposal", Hk(2026, 3, 2), "external-fund-manager");
        Assert.Equal(Permission.AllowedWithConsent, a.Permission);
        Assert.Contains(a.Reasons, r => r.Text.Contains("only for", StringComparison.Ordinal));
    }

    [Fact]
    public void GrantProxy_CeoEntityDuringExclusivity_NeedsInitialSponsorWrittenConsent()
    {
        Assert.Equal(Permission.AllowedWithConsent, Start().Check(Ceo, "grant-proxy", Hk(2026, 7, 1)).Permission);
    }

    [Fact]
    public void VoteAgainstTransaction_AnyMemberWhileInForce_IsProhibited()
    {
        Assert.Equal(Permission.Prohibited, Start().Check(Ceo, "vote-against-transaction", Hk(2026, 7, 1)).Permission);
    }

    [Fact]
    public void VoteOnOtherMatter_AnyMember_IsAllowed()
    {
        Assert.Equal(Permission.Allowed, Start().Check(Sponsor, "vote-on-other-matter", Hk(2026, 7, 1)).Permission);
    }

    [Fact]
    public void ReservedMatter_InitialSponsorWithoutCeoConsent_NeedsPriorWrittenConsentOfTheCeoEntity()
    {
        var a = Start().Check(Sponsor, "agree-merger-consideration", Hk(2026, 9, 1));
        Assert.Equal(Permission.AllowedWithConsent, a.Permission);
        Assert.Equal(Ceo, Assert.Single(a.Consents).PartyId);
    }

    [Fact]
    public void ReservedMatter_ConsentGivenAtTheSameInstant_IsNotPrior()
    {
        var at = Hk(2026, 9, 1, 10);
        var state = Start().Do(new GiveConsortiumConsent("c-9", Ceo, Sponsor, "agree-merger-consideration", true, null).With(at));
        Assert.Equal(Permission.AllowedWithConsent, state.Check(Sponsor, "agree-merger-consideration", at).Permission);
    }

    [Fact]
    public void ReservedMatter_ConsentGivenJustBefore_IsPriorAndAllows()
    {
        var at = Hk(2026, 9, 1, 10);
        var state = Start().Do(new GiveConsortiumConsent("c-9", Ceo, Sponsor, "agree-merger-consideration", true, null).With(at - Duration.Epsilon));
        Assert.Equal(Permission.Allowed, state.Check(Sponsor, "agree-merger-consideration", at).Permission);
    }

    [Fact]
    public void ReservedMatter_CeoEntityItself_IsAllowed()
    {
        Assert.Equal(Permission.Allowed, Start().Check(Ceo, "agree-merger-consideration", Hk(2026, 9, 1)).Permission);
    }

    [Fact]
    public void CommissionReport_CeoEntity_NeedsTheInitialSponsorInAnyForm()
    {
        var a = Start().Check(Ceo, "commission-report", Hk(2026, 2, 1));
        Assert.Equal(Permission.AllowedWithConsent, a.Permission);
        Assert.False(Assert.Single(a.Consents).Written);
        Assert.Equal(Permission.Allowed, Start().Check(Sponsor, "commission-report", Hk(2026, 2, 1)).Permission);
    }

    [Fact]
    public void Announce_RequiredByLaw_AllowedWithTheDutyToNotifyFirst()
    {
        var a = Start().Check(Ceo, "announce", Hk(2026, 2, 1), "required-by-law");
        Assert.Equal(Permission.Allowed, a.Permission);
        Assert.Single(a.Obligations);
        Assert.Equal(Permission.AllowedWithConsent, Start().Check(Ceo, "announce", Hk(2026, 2, 1)).Permission);
    }

    [Fact]
    public void DiscloseConfidentialInformation_AfterTerminationLastMomentOfConfidentiality_StillNeedsConsent()
    {
        var a = Start().Check(Ceo, "disclose-confidential-information", Hk(2027, 12, 23) - Duration.Epsilon);
        Assert.Equal(Permission.AllowedWithConsent, a.Permission);
        Assert.Equal(Permission.Allowed, Start().Check(Ceo, "announce", Hk(2027, 1, 10)).Permission);
    }

    [Fact]
    public void DiscloseConfidentialInformation_FirstMomentAfter24Months_IsNotRestricted()
    {
        Assert.Equal(Permission.Allowed, Start().Check(Ceo, "disclose-confidential-information", Hk(2027, 12, 23)).Permission);
    }

    [Fact]
    public void AssignRights_ToAnAffiliateOnTheRegister_IsAllowed()
    {
        var b = new RegisterBuilder().Company(Cmd.D(2020, 1, 1)).Holder("cloopen-co", Cmd.D(2020, 1, 1)).Holder("ceo-vehicle-2", Cmd.D(2020, 1, 1));
        b.Do(Cmd.Link("cloopen-co", "ceo-vehicle-2", Cmd.D(2020, 1, 1)));
        var groups = AffiliateGroups.Build(b.Latest, Cmd.D(2026, 1, 1));
        var a = ActionPermission.Assess(Start(), new ProposedAction(Ceo, "assign-rights", Hk(2026, 1, 2), new HashSet<string>(), "ceo-vehicle-2"), groups);
        Assert.Equal(Permission.Allowed, a.Permission);
        Assert.Single(a.Obligations);
    }

    [Fact]
    public void AssignRights_ToAThirdParty_NeedsTheOtherInitialMembersPriorConsent()
    {
        var a = Start().Check(Ceo, "assign-rights", Hk(2026, 1, 2));
        Assert.Equal(Permission.AllowedWithConsent, a.Permission);
        Assert.Equal(Sponsor, Assert.Single(a.Consents).PartyId);
    }

    [Fact]
    public void CeaseParticipation_AfterDefinitiveAgreement_IsNoLongerAvailable()
    {
        var da = Hk(2026, 10, 1, 12);
        var state = Start().Do(new RecordDefinitiveAgreement("MA").With(da));
        Assert.Equal(Permission.Allowed, state.Check(Ceo, "cease-participation", da - Duration.Epsilon, "due-diligence-unsatisfied").Permission);
        Assert.Equal(Permission.Prohibited, state.Check(Ceo, "cease-participation", da, "due-diligence-unsatisfied").Permission);
    }

    [Fact]
    public void CeaseParticipation_UnableToAgree_NeedsTheInitialSponsor()
    {
        Assert.Equal(Permission.AllowedWithConsent, Start().Check(Ceo, "cease-participation", Hk(2026, 4, 1), "unable-to-agree").Permission);
        Assert.Equal(Permission.Prohibited, Start().Check(Ceo, "cease-participation", Hk(2026, 4, 1)).Permission);
    }

    [Fact]
    public void AdmitAdditionalSponsor_OnlyTheInitialSponsor_MayAdmit()
    {
        Assert.Equal(Permission.Allowed, Start().Check(Sponsor, "admit-additional-sponsor", Hk(2026, 4, 1)).Permission);
        Assert.Equal(Permission.Prohibited, Start().Check(Ceo, "admit-additional-sponsor", Hk(2026, 4, 1)).Permission);
    }

    [Fact]
    public void Assess_UnknownAction_Throws()
    {
        Assert.Throws<ArgumentException>(() => Start().Check(Ceo, "fly-to-the-moon", Hk(2026, 4, 1)));
    }
}
