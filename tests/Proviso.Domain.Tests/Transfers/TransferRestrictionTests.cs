using NodaTime;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Quantities;
using static Proviso.Domain.Tests.Transfers.TransferFixture;

namespace Proviso.Domain.Tests.Transfers;

public class TransferRestrictionTests
{
    [Fact]
    public void Restricted_WithoutMajorityInvestors_IsRecordedAsVoidAndNeverReachesTheRegister()
    {
        var f = new TransferFixture();
        var fingerprint = f.Register.Fingerprint();
        // inv-b (3,000,000 of 10,000,000) is not more than 50%.
        var refused = Assert.IsType<TransferRefused>(Assert.Single(f.Do(Propose(consenting: ["inv-b"]))));
        Assert.Equal("transfer.consent-required", Assert.Single(refused.Reasons).RuleId);
        Assert.Contains("inv-a", refused.Reasons[0].Message);
        Assert.Equal(fingerprint, f.Register.Fingerprint());
        Assert.Equal(TransferStatus.Void, f.Process().Status);
        f.Refused(Notice(), "transfer.void");
    }

    [Fact]
    public void Restricted_WithMajorityInvestors_ProceedsToFirstRefusal()
    {
        var f = new TransferFixture();
        var p = Assert.IsType<TransferProposed>(Assert.Single(f.Do(Propose(consenting: ["inv-a"]))));
        Assert.Equal(TransferPath.FirstRefusal, p.Path);
    }

    [Fact]
    public void Indirect_TransferOfHoldingCompanyEquity_NeedsTheSameConsent()
    {
        var f = new TransferFixture();
        var cmd = new ProposeTransfer("t1", Terms, "principal", Offer(), ["inv-b"], null, "holdco") { EffectiveOn = Start, At = At(Start) };
        var refused = Assert.IsType<TransferRefused>(Assert.Single(f.Do(cmd)));
        Assert.Equal(Terms, refused.Reasons[0].Citation!.AgreementId);
        Assert.Equal("2.1(iii)", refused.Reasons[0].Citation!.Section);
        var ok = Assert.IsType<TransferProposed>(Assert.Single(f.Do(cmd with { ProcessId = "t2", Consenting = ["inv-a"] })));
        Assert.Equal(TransferPath.Indirect, ok.Path);
    }

    [Fact]
    public void Permitted_EstatePlanningWithoutEvidence_IsVoid()
    {
        var f = new TransferFixture();
        var claim = new PermittedTransferClaim("d", PermittedRelationship.Child, true, false, true);
        var refused = Assert.IsType<TransferRefused>(Assert.Single(f.Do(Propose(consenting: []) with { Permitted = claim, Offer = Offer(transferee: "kin") })));
        Assert.Contains(refused.Reasons, r => r.RuleId == "permitted.no-estate-planning-evidence");
    }

    [Fact]
    public void Permitted_EstatePlanningWithEvidence_SkipsFirstRefusalAndStatesContinuingLiability()
    {
        var f = new TransferFixture();
        var claim = new PermittedTransferClaim("d", PermittedRelationship.Child, true, true, true);
        var p = Assert.IsType<TransferProposed>(Assert.Single(f.Do(Propose(consenting: []) with { Permitted = claim, Offer = Offer(transferee: "kin") })));
        Assert.Equal(TransferPath.Permitted, p.Path);
        Assert.Contains("remains liable", p.ContinuingLiability);
        var closeAt = At(Start.PlusDays(1));
        Assert.IsType<TransferRefused>(Assert.Single(f.Do(new CloseTransfer("t1", new ThirdPartySale("kin", null, [], null)) { EffectiveOn = Start.PlusDays(1), At = closeAt })));
        var events = f.Do(new CloseTransfer("t1", new ThirdPartySale("kin", null, [], closeAt)) { EffectiveOn = Start.PlusDays(1), At = closeAt });
        Assert.Equal(ShareCount.Of(1_000_000), f.Register.SharesOf("kin", "class-a"));
        Assert.Contains(Assert.IsType<TransferClosed>(events[^1]).Notes, n => n.Contains("remains liable"));
    }

    [Fact]
    public void Free_InvestorToCompetitorAffiliate_IsVoid()
    {
        var f = new TransferFixture(competitors: ["rival"]);
        var offer = Offer(transferee: "rival-sub") with { ClassId = "series-a" };
        var refused = Assert.IsType<TransferRefused>(Assert.Single(f.Do(Propose(transferor: "inv-a", offer: offer, consenting: []))));
        Assert.Equal("transfer.competitor-affiliate", Assert.Single(refused.Reasons).RuleId);
    }

    [Fact]
    public void Free_InvestorToStranger_ProceedsWithJoinderCondition()
    {
        var f = new TransferFixture();
        var offer = Offer() with { ClassId = "series-a" };
        var p = Assert.IsType<TransferProposed>(Assert.Single(f.Do(Propose(transferor: "inv-a", offer: offer, consenting: []))));
        Assert.Equal(TransferPath.Free, p.Path);
        Assert.Contains(p.Conditions, c => c.Contains("join"));
    }

    [Fact]
    public void LockUp_EndingOnDay180_IsAcceptedAndDay181_IsRefused()
    {
        var f = new TransferFixture();
        var prospectus = new LocalDate(2021, 2, 8);
        f.Refused(new RecordLockUp(Terms, prospectus, prospectus.PlusDays(181)) { EffectiveOn = prospectus }, "lock-up.too-long");
        f.Do(new RecordLockUp(Terms, prospectus, prospectus.PlusDays(180)) { EffectiveOn = prospectus });
    }

    [Fact]
    public void LockUp_TransferOnItsLastDay_IsVoidAndTheDayAfter_Proceeds()
    {
        var f = new TransferFixture();
        var prospectus = new LocalDate(2021, 2, 8);
        var ends = prospectus.PlusDays(180);
        f.Do(new RecordLockUp(Terms, prospectus, ends) { EffectiveOn = prospectus });
        var onLastDay = Propose() with { EffectiveOn = ends, At = At(ends) };
        Assert.Equal("lock-up.in-force", Assert.Single(Assert.IsType<TransferRefused>(Assert.Single(f.Do(onLastDay))).Reasons).RuleId);
        var after = Propose("t2") with { EffectiveOn = ends.PlusDays(1), At = At(ends.PlusDays(1)) };
        Assert.IsType<TransferProposed>(Assert.Single(f.Do(after)));
    }
}
