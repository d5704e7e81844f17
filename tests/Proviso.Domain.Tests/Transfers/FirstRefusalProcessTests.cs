using NodaTime;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register.Events;
using static Proviso.Domain.Tests.Transfers.TransferFixture;

namespace Proviso.Domain.Tests.Transfers;

public class FirstRefusalProcessTests
{
    // Received by email at 10:00 on Monday 2021-01-04 (HK): the Option Period's last day is 2021-01-24.
    private static readonly Instant OptionExpires = HongKong.AtStartOfDay(new LocalDate(2021, 1, 25)).ToInstant();
    private static readonly Instant ExtensionExpires = HongKong.AtStartOfDay(new LocalDate(2021, 2, 4)).ToInstant();
    private static readonly Instant WindowExpires = HongKong.AtStartOfDay(new LocalDate(2021, 3, 26)).ToInstant();

    [Fact]
    public void TransferNotice_MissingCertificationAndTermSheets_IsNotEffectiveAndListsWhatIsMissing()
    {
        var f = new TransferFixture();
        f.Do(Propose());
        var includes = Enum.GetValues<NoticeElement>().Where(e => e is not (NoticeElement.Certification or NoticeElement.WrittenProposals)).ToList();
        var fingerprint = f.Register.Fingerprint();
        var d = Assert.IsType<Proviso.Domain.Ledger.Decision.Rejected>(f.Try(Notice(includes: includes)));
        Assert.Equal(2, d.Reasons.Count);
        Assert.All(d.Reasons, r => Assert.Equal("first-refusal.notice-incomplete", r.RuleId));
        Assert.Contains(d.Reasons, r => r.Message.Contains(nameof(NoticeElement.Certification)));
        Assert.Equal(fingerprint, f.Register.Fingerprint());
        Assert.Null(f.Process().Notice);
    }

    [Fact]
    public void TransferNotice_NotGivenToAnInvestor_IsRefused()
    {
        var f = new TransferFixture();
        f.Do(Propose());
        var r = f.Refused(Notice(recipients: ["cloopen", "inv-a", "inv-b"]), "first-refusal.notice-recipients");
        Assert.Contains("inv-c", r.Message);
    }

    [Fact]
    public void TransferNotice_Complete_RecordsEachReceiptAndTheProRataShares()
    {
        var f = new TransferFixture().Noticed();
        var p = f.Process();
        Assert.Equal(TransferStatus.NoticeServed, p.Status);
        Assert.Equal(4, p.Notice!.Receipts.Count);
        Assert.All(p.Notice.Receipts, r => Assert.Equal(Start, r.ReceivedOn));
        Assert.Equal(ShareCount.Of(600_000), p.Entitlements["investors"].For("inv-a")!.Whole);
        var open = p.OpenDeadlines(f.Agreement, Start).ToList();
        Assert.Contains(open, d => d.Name == "Option Period of inv-a" && d.DueDate == new LocalDate(2021, 1, 24));
        Assert.Contains(open, d => d.Name == "Extension Period" && d.DueDate == new LocalDate(2021, 2, 3));
        Assert.Contains(open, d => d.Name == "Closing" && d.DueDate == new LocalDate(2021, 2, 13));
        Assert.Contains(open, d => d.Name == "Sale window" && d.DueDate == new LocalDate(2021, 3, 25));
    }

    [Fact]
    public void Election_LastInstantOfOptionPeriod_IsAccepted()
    {
        var f = new TransferFixture().Noticed();
        var e = Assert.IsType<FirstRefusalElected>(Assert.Single(f.Do(Elect("inv-a", 600_000, OptionExpires - Duration.Epsilon))));
        Assert.True(e.InFull);
    }

    [Fact]
    public void Election_AtExpiryOfOptionPeriod_IsRefused()
    {
        var f = new TransferFixture().Noticed();
        var r = f.Refused(Elect("inv-a", 600_000, OptionExpires), "first-refusal.option-period-expired");
        Assert.Contains("2021-01-24", r.Message);
    }

    [Fact]
    public void Election_MoreThanProRataShares_IsRefused()
    {
        var f = new TransferFixture().Noticed();
        f.Refused(Elect("inv-a", 600_001, At(Start.PlusDays(1))), "first-refusal.exceeds-pro-rata");
        f.Do(Elect("inv-a", 600_000, At(Start.PlusDays(1))));
    }

    [Fact]
    public void Election_ApportionedToAnAffiliate_IsAcceptedAndToAStranger_IsRefused()
    {
        var f = new TransferFixture().Noticed();
        f.Refused(Elect("inv-a", 600_000, At(Start.PlusDays(1)), apportion: [new Apportionment("inv-a", ShareCount.Of(500_000)), new Apportionment("rival", ShareCount.Of(100_000))]), "first-refusal.apportion-not-affiliate");
        f.Do(Elect("inv-a", 600_000, At(Start.PlusDays(1)), apportion: [new Apportionment("inv-a", ShareCount.Of(500_000)), new Apportionment("inv-a-fund", ShareCount.Of(100_000))]));
    }

    [Fact]
    public void OverAllotment_RequestByPartialExerciser_IsRefused()
    {
        var f = new TransferFixture().Noticed();
        f.Do(Elect("inv-b", 100_000, At(Start.PlusDays(1))));
        f.Refused(new RequestOverAllotment("t1", "inv-b", ShareCount.Of(1)) { EffectiveOn = Start.PlusDays(2), At = At(Start.PlusDays(2)) }, "over-allotment.not-full-exercise");
    }

    [Fact]
    public void OverAllotment_LastInstantOfExtensionPeriod_IsAcceptedAndAtExpiry_IsRefused()
    {
        var f = new TransferFixture().Noticed();
        f.Do(Elect("inv-a", 600_000, At(Start.PlusDays(1))));
        var late = new RequestOverAllotment("t1", "inv-a", ShareCount.Of(400_000)) { EffectiveOn = new LocalDate(2021, 2, 4), At = ExtensionExpires };
        f.Refused(late, "over-allotment.extension-expired");
        f.Do(late with { At = ExtensionExpires - Duration.Epsilon, EffectiveOn = new LocalDate(2021, 2, 3) });
    }

    [Fact]
    public void Closing_UnderSubscribedWithOverAllotmentAndThirdPartySale_RecordsEveryLegInOneDecision()
    {
        var f = new TransferFixture().Noticed();
        f.Do(Elect("inv-a", 600_000, At(Start.PlusDays(1))));
        f.Do(Elect("inv-b", 100_000, At(Start.PlusDays(1))));
        f.Do(new WaiveRights("t1", "inv-c", WaivedRight.All) { EffectiveOn = Start.PlusDays(1), At = At(Start.PlusDays(1)) });
        f.Do(new WaiveRights("t1", "inv-b", WaivedRight.CoSale) { EffectiveOn = Start.PlusDays(1), At = At(Start.PlusDays(1)) });
        f.Do(new RequestOverAllotment("t1", "inv-a", ShareCount.Of(250_000)) { EffectiveOn = Start.PlusDays(2), At = At(Start.PlusDays(2)) });
        var before = f.Register.SharesOf("holdco", "class-a");
        var closeOn = new LocalDate(2021, 2, 10);
        var sale = new ThirdPartySale("acme", Price, [], At(closeOn, 9));
        var events = f.Do(new CloseTransfer("t1", sale) { EffectiveOn = closeOn, At = At(closeOn) });

        var allocated = Assert.IsType<OverAllotmentAllocated>(events[0]);
        Assert.Equal(ShareCount.Of(250_000), allocated.Result.Allocations.Single(a => a.HolderId == "inv-a").Shares);
        var closed = Assert.IsType<TransferClosed>(events[^1]);
        Assert.Equal(ShareCount.Of(1_000_000), ShareCount.Sum(closed.Legs.Select(l => l.Shares)));
        Assert.Contains(closed.Legs, l => l.Kind == LegKind.ThirdPartySale && l.Shares == ShareCount.Of(50_000));
        Assert.Contains(events, e => e is HolderRegistered { HolderId: "acme" });
        Assert.Equal(before - ShareCount.Of(1_000_000), f.Register.SharesOf("holdco", "class-a"));
        Assert.Equal(ShareCount.Of(850_000), f.Register.SharesOf("inv-a", "class-a"));
        Assert.Equal(ShareCount.Of(100_000), f.Register.SharesOf("inv-b", "class-a"));
        Assert.Equal(ShareCount.Of(50_000), f.Register.SharesOf("acme", "class-a"));
        Assert.Equal(TransferStatus.Closed, f.Process().Status);
        Assert.Empty(f.Process().OpenDeadlines(f.Agreement, closeOn));
    }

    [Fact]
    public void Closing_WhileAnInvestorMayStillElect_IsRefused()
    {
        var f = new TransferFixture().Noticed();
        f.Do(Elect("inv-a", 600_000, At(Start.PlusDays(1))));
        var r = f.Refused(new CloseTransfer("t1", null) { EffectiveOn = Start.PlusDays(2), At = At(Start.PlusDays(2)) }, "closing.rights-open");
        Assert.Contains("inv-b", r.Message);
    }

    [Fact]
    public void Closing_CoSaleWithPurchaserRefusingCoSellers_TransferorBuysTheirShares()
    {
        var f = new TransferFixture().Noticed();
        f.Do(new WaiveRights("t1", "inv-a", WaivedRight.All) { EffectiveOn = Start, At = At(Start, 11) });
        f.Do(new WaiveRights("t1", "inv-c", WaivedRight.All) { EffectiveOn = Start, At = At(Start, 11) });
        f.Do(new WaiveRights("t1", "inv-b", WaivedRight.FirstRefusal) { EffectiveOn = Start, At = At(Start, 11) });
        f.Do(new ElectCoSale("t1", "inv-b", "series-b", ShareCount.Of(3_000_000)) { EffectiveOn = Start, At = At(Start, 12) });
        f.Do(new RecordPurchaserStance("t1", PurchaserStance.RefusesCoSellers) { EffectiveOn = Start.PlusDays(3), At = At(Start.PlusDays(3)) });
        var closeOn = new LocalDate(2021, 2, 1);
        var events = f.Do(new CloseTransfer("t1", new ThirdPartySale("acme", Price, [], At(closeOn, 9))) { EffectiveOn = closeOn, At = At(closeOn) });
        var closed = Assert.IsType<TransferClosed>(events[^1]);
        // 1,000,000 x 3,000,000 / (10,000,000 + 3,000,000) = 230,769 3/13 -> 230,769 (round down).
        var bought = Assert.Single(closed.Legs, l => l.Kind == LegKind.CoSaleBoughtByTransferor);
        Assert.Equal(ShareCount.Of(230_769), bought.Shares);
        Assert.Equal("holdco", bought.ToHolderId);
        Assert.Equal(ShareCount.Of(1_000_000), Assert.Single(closed.Legs, l => l.Kind == LegKind.ThirdPartySale).Shares);
        Assert.Equal(ShareCount.Of(230_769), f.Register.SharesOf("holdco", "series-b"));
    }

    [Fact]
    public void Closing_CoSaleWithPurchaserObjectingToEquivalents_ConvertsAtClosing()
    {
        var f = new TransferFixture().Noticed();
        f.Do(new WaiveRights("t1", "inv-a", WaivedRight.All) { EffectiveOn = Start, At = At(Start, 11) });
        f.Do(new WaiveRights("t1", "inv-c", WaivedRight.All) { EffectiveOn = Start, At = At(Start, 11) });
        f.Do(new WaiveRights("t1", "inv-b", WaivedRight.FirstRefusal) { EffectiveOn = Start, At = At(Start, 11) });
        f.Do(new ElectCoSale("t1", "inv-b", "series-b", ShareCount.Of(100_000)) { EffectiveOn = Start, At = At(Start, 12) });
        f.Do(new RecordPurchaserStance("t1", PurchaserStance.ObjectsToEquivalents) { EffectiveOn = Start.PlusDays(3), At = At(Start.PlusDays(3)) });
        var closeOn = new LocalDate(2021, 2, 1);
        var events = f.Do(new CloseTransfer("t1", new ThirdPartySale("acme", Price, [], At(closeOn, 9))) { EffectiveOn = closeOn, At = At(closeOn) });
        Assert.Contains(events, e => e is SharesConverted { HolderId: "inv-b", SharesIssued.Value: 100_000 });
        Assert.Equal(ShareCount.Of(1_000_000), f.Register.SharesOf("acme", "class-a"));
        Assert.Equal(ShareCount.Of(900_000), ShareCount.Of(10_000_000) - f.Register.SharesOf("holdco", "class-a"));
    }

    [Fact]
    public void SaleWindow_LowerPrice_IsRecordedAsAVoidAttemptAndNothingReachesTheRegister()
    {
        var f = new TransferFixture().Noticed();
        foreach (var h in new[] { "inv-a", "inv-b", "inv-c" })
            f.Do(new WaiveRights("t1", h, WaivedRight.All) { EffectiveOn = Start, At = At(Start, 11) });
        var fingerprint = f.Register.Fingerprint();
        var closeOn = new LocalDate(2021, 2, 1);
        var events = f.Do(new CloseTransfer("t1", new ThirdPartySale("acme", Money.Of(9.99m, "USD"), [], At(closeOn, 9))) { EffectiveOn = closeOn, At = At(closeOn) });
        var refused = Assert.IsType<TransferRefused>(Assert.Single(events));
        Assert.Contains(refused.Reasons, r => r.RuleId == "sale-window.lower-price");
        Assert.Equal(fingerprint, f.Register.Fingerprint());
        Assert.Equal(TransferStatus.NoticeServed, f.Process().Status);
    }

    [Fact]
    public void SaleWindow_TermBetterForTheBuyerOrNoJoinder_IsVoid()
    {
        var f = new TransferFixture().Noticed();
        foreach (var h in new[] { "inv-a", "inv-b", "inv-c" })
            f.Do(new WaiveRights("t1", h, WaivedRight.All) { EffectiveOn = Start, At = At(Start, 11) });
        var closeOn = new LocalDate(2021, 2, 1);
        var refused = Assert.IsType<TransferRefused>(Assert.Single(f.Do(new CloseTransfer("t1", new ThirdPartySale("acme", Price, ["payment deferred 12 months"], null)) { EffectiveOn = closeOn, At = At(closeOn) })));
        Assert.Contains(refused.Reasons, r => r.RuleId == "sale-window.better-terms");
        Assert.Contains(refused.Reasons, r => r.RuleId == "sale-window.no-joinder");
    }

    [Fact]
    public void SaleWindow_LastInstant_ClosesAndAtExpiry_IsVoid()
    {
        var f = new TransferFixture().Noticed();
        foreach (var h in new[] { "inv-a", "inv-b", "inv-c" })
            f.Do(new WaiveRights("t1", h, WaivedRight.All) { EffectiveOn = Start, At = At(Start, 11) });
        var sale = new ThirdPartySale("acme", Price, [], At(Start, 12));
        var late = Assert.IsType<TransferRefused>(Assert.Single(f.Do(new CloseTransfer("t1", sale) { EffectiveOn = new LocalDate(2021, 3, 26), At = WindowExpires })));
        Assert.Contains(late.Reasons, r => r.RuleId == "sale-window.expired");
        var events = f.Do(new CloseTransfer("t1", sale) { EffectiveOn = new LocalDate(2021, 3, 25), At = WindowExpires - Duration.Epsilon });
        Assert.IsType<TransferClosed>(events[^1]);
    }

    [Fact]
    public void SaleWindow_Lapse_BeforeExpiryIsRefusedAndAfterRevivesTheRights()
    {
        var f = new TransferFixture().Noticed();
        f.Refused(new LapseSaleWindow("t1") { EffectiveOn = new LocalDate(2021, 3, 25), At = WindowExpires - Duration.Epsilon }, "sale-window.open");
        var revived = Assert.IsType<RightsRevived>(Assert.Single(f.Do(new LapseSaleWindow("t1") { EffectiveOn = new LocalDate(2021, 3, 26), At = WindowExpires })));
        Assert.Equal(ShareCount.Of(1_000_000), revived.Shares);
        Assert.Equal(TransferStatus.Lapsed, f.Process().Status);
        f.Refused(new CloseTransfer("t1", null) { EffectiveOn = new LocalDate(2021, 3, 27), At = WindowExpires + Duration.FromDays(1) }, "transfer.lapsed");
    }

    [Fact]
    public void NonCash_AppraisalAfterThirtyDays_ClosesOnTheFifthBusinessDayAfterValuation()
    {
        var f = new TransferFixture();
        f.Do(Propose(offer: Offer(nonCash: "shares of Acme Holdings Ltd")));
        f.Do(Notice());
        f.Do(Elect("inv-a", 600_000, At(Start.PlusDays(1))));
        var valuedOn = new LocalDate(2021, 2, 8);
        var v = Assert.IsType<ValuationRecorded>(Assert.Single(f.Do(new RecordValuation("t1", Money.Of(12m, "USD"), ValuationMethod.Appraisal, Money.Of(1_000m, "USD")) { EffectiveOn = valuedOn, At = At(valuedOn) })));
        Assert.Equal(2, v.CostShares.Count);
        Assert.All(v.CostShares, s => Assert.Equal(500m, s.Amount.Amount));
        var closing = f.Process().Deadlines(f.Agreement).Single(d => d.Name == "Closing after valuation");
        // Business Days after Monday 2021-02-08: 9th, 10th, (11th-17th Spring Festival in the PRC), 18th, 19th, (Saturday 20th is a PRC make-up
        // working day but the definition excludes Saturdays), 22nd.
        Assert.Equal(new LocalDate(2021, 2, 22), closing.DueDate);
    }
}
