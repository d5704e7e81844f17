using NodaTime;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Quantities;
using static Proviso.Domain.Tests.ConsortiumRules.ConsortiumFixture;

namespace Proviso.Domain.Tests.ConsortiumRules;

public class MembershipTests
{
    [Fact]
    public void InitialMembers_OnTheAgreementDate_AreTheCeoEntityAndTheInitialSponsor()
    {
        var state = Start();
        Assert.Equal([Ceo, Sponsor], PartySets.Resolve(state, PartySet.InitialMembers, null, Hk(2025, 12, 22)).Select(m => m.Id));
        Assert.Equal([Sponsor], PartySets.Resolve(state, PartySet.Sponsors, null, Hk(2025, 12, 22)).Select(m => m.Id));
    }

    [Fact]
    public void AdmitAdditionalSponsor_ByTheInitialSponsorWithADeed_BecomesAMemberAndASponsor()
    {
        var at = Hk(2026, 2, 1, 10);
        var state = Start().Do(new AdmitAdditionalSponsor("fund-c", "Fund C", null, "Deed of Adherence 2026-02-01", Sponsor).With(at));
        Assert.Equal([Sponsor, "fund-c"], PartySets.Resolve(state, PartySet.Sponsors, null, at).Select(m => m.Id));
        Assert.Empty(PartySets.Resolve(state, PartySet.AdditionalSponsors, null, at - Duration.Epsilon));
    }

    [Fact]
    public void AdmitAdditionalSponsor_ByTheCeoEntity_IsRefused()
    {
        Start().Refused(new AdmitAdditionalSponsor("fund-c", "Fund C", null, "deed", Ceo).With(Hk(2026, 2, 1)), "consortium.admission-not-by-initial-sponsor");
    }

    [Fact]
    public void AdmitAdditionalSponsor_WithoutADeed_IsRefused()
    {
        Start().Refused(new AdmitAdditionalSponsor("fund-c", "Fund C", null, " ", Sponsor).With(Hk(2026, 2, 1)), "consortium.deed-of-adherence-required");
    }

    [Fact]
    public void AdmitAdditionalSponsor_AfterTermination_IsRefused()
    {
        Start().Refused(new AdmitAdditionalSponsor("fund-c", "Fund C", null, "deed", Sponsor).With(Hk(2026, 12, 23)), "consortium.terminated");
    }

    [Fact]
    public void AdditionalSponsor_BeforeItsDeed_IsNotBoundByExclusivity()
    {
        var at = Hk(2026, 2, 1, 10);
        var state = Start().Do(new AdmitAdditionalSponsor("fund-c", "Fund C", null, "deed", Sponsor).With(at));
        Assert.Equal(Permission.Allowed, state.Check("fund-c", "transfer-securities", at - Duration.Epsilon).Permission);
        Assert.Equal(Permission.AllowedWithConsent, state.Check("fund-c", "transfer-securities", at).Permission);
    }

    [Fact]
    public void Cease_DueDiligenceBeforeDefinitiveAgreement_IsRecordedAndEndsMembership()
    {
        var at = Hk(2026, 5, 1, 9);
        var state = Start().Do(new CeaseParticipation(Ceo, CessationGround.DueDiligenceUnsatisfactory, null).With(at));
        var m = state.Member(Ceo)!;
        Assert.True(m.IsMemberAt(at - Duration.Epsilon));
        Assert.False(m.IsMemberAt(at));
        var effect = TerminationEffect.For(state, m, at);
        Assert.Equal("5.01(a)", effect.How);
    }

    [Fact]
    public void Cease_UnableToAgreeWithoutTheInitialSponsor_IsRefused()
    {
        Start().Refused(new CeaseParticipation(Ceo, CessationGround.UnableToAgree, null).With(Hk(2026, 5, 1)), "consortium.cessation-needs-initial-sponsor");
    }

    [Fact]
    public void Cease_AtTheInstantTheDefinitiveAgreementIsExecuted_IsRefused()
    {
        var da = Hk(2026, 10, 1, 12);
        var state = Start().Do(new RecordDefinitiveAgreement("MA").With(da));
        state.Refused(new CeaseParticipation(Ceo, CessationGround.DueDiligenceUnsatisfactory, null).With(da), "consortium.cessation-after-definitive-agreement");
        state.Do(new CeaseParticipation(Ceo, CessationGround.DueDiligenceUnsatisfactory, null).With(da - Duration.Epsilon));
    }

    [Fact]
    public void Commitment_InAnotherCurrency_IsRefused()
    {
        Start().Refused(new RecordCommitment(Sponsor, Money.Of(100m, "HKD"), ShareCount.Zero, null).With(Hk(2026, 1, 5)), "consortium.bad-commitment");
    }

    [Fact]
    public void CommittedEquity_CashAndRolloverAtTheSamePerSharePrice_GivesExactShares()
    {
        var state = Start()
            .Do(new RecordCommitment(Sponsor, Usd(150_000_000m), ShareCount.Zero, "ECL").With(Hk(2026, 1, 5)))
            .Do(new RecordCommitment(Ceo, null, ShareCount.Of(60_000_000), "rollover").With(Hk(2026, 1, 5)));
        var table = CommittedEquity.Compute(state, Usd(0.8333m));
        Assert.Equal(Fraction.Parse("49998000"), table.For(Ceo)!.RolloverValue);
        Assert.Equal(Fraction.Create(49_998_000, 199_998_000), table.For(Ceo)!.Share);
        Assert.Equal(Fraction.One, table.Lines.Select(l => l.Share).Aggregate(Fraction.Zero, (a, b) => a + b));
    }

    [Fact]
    public void CommittedEquity_RolloverWithoutAPrice_Throws()
    {
        var state = Start().Do(new RecordCommitment(Ceo, null, ShareCount.Of(60_000_000), null).With(Hk(2026, 1, 5)));
        var ex = Assert.Throws<ArgumentException>(() => CommittedEquity.Compute(state, null));
        Assert.Contains("per-share", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommittedEquity_RecordedValuation_IsUsedWhenNoPriceIsGiven()
    {
        var state = Start()
            .Do(new RecordCommitment(Ceo, null, ShareCount.Of(10), null).With(Hk(2026, 1, 5)))
            .Do(new RecordPerShareValuation(Usd(2m), "Merger Agreement per-share consideration").With(Hk(2026, 9, 1)));
        Assert.Equal(Fraction.Of(20), CommittedEquity.Compute(state, null).For(Ceo)!.Total);
    }

    [Fact]
    public void CompetingApproach_NotNotified_IsDueThenOverdueAfterTheHorizon()
    {
        // Received Monday 2026-03-02 10:00 HKT; horizon: the end of the next Business Day (Tuesday 2026-03-03).
        var state = Start().Do(new RecordCompetingApproach("a-1", Ceo, "Rival Capital", "call about a rival bid").With(Hk(2026, 3, 2, 10)));
        Assert.Equal(NotificationStatus.Due, CompetingApproachNotification.Duties(state, Hk(2026, 3, 4) - Duration.Epsilon).Single().Status);
        Assert.Equal(NotificationStatus.Overdue, CompetingApproachNotification.Duties(state, Hk(2026, 3, 4)).Single().Status);
        Assert.Contains(ConsortiumAgenda.OpenDeadlines(state, Hk(2026, 3, 4)), d => d.Name.Contains("a-1", StringComparison.Ordinal));
    }

    [Fact]
    public void CompetingApproach_NotifiedNextDay_IsPromptAndLeavesTheAgenda()
    {
        var state = Start()
            .Do(new RecordCompetingApproach("a-1", Ceo, "Rival Capital", "email").With(Hk(2026, 3, 2, 10)))
            .Do(new NotifyCompetingApproach("a-1", true).With(Hk(2026, 3, 3, 9)));
        Assert.Equal(NotificationStatus.NotifiedPromptly, CompetingApproachNotification.Duties(state, Hk(2026, 3, 10)).Single().Status);
        Assert.DoesNotContain(ConsortiumAgenda.OpenDeadlines(state, Hk(2026, 3, 10)), d => d.Name.Contains("a-1", StringComparison.Ordinal));
    }

    [Fact]
    public void CompetingApproach_ReceivedAfterExclusivity_NeedsNoNotice()
    {
        var state = Start()
            .Do(new RecordDefinitiveAgreement("MA").With(Hk(2026, 12, 1)))
            .Do(new RecordCompetingApproach("a-2", Ceo, "Rival", "letter").With(Hk(2026, 12, 23)));
        Assert.Equal(NotificationStatus.NotRequired, CompetingApproachNotification.Duties(state, Hk(2027, 1, 10)).Single().Status);
    }

    [Fact]
    public void Consent_ForAnUnknownAction_IsRefused()
    {
        Start().Refused(new GiveConsortiumConsent("c-1", Sponsor, Ceo, "no-such-act", true, null).With(Hk(2026, 1, 5)), "consortium.unknown-action");
    }

    [Fact]
    public void Command_BeforeTheAgreementDate_IsRefused()
    {
        Start().Refused(new RecordBreach(Ceo, "1.05", "x").With(Hk(2025, 12, 22) - Duration.Epsilon), "consortium.before-agreement");
    }
}
