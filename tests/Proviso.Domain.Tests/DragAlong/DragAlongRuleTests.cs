using NodaTime;
using Proviso.Domain.Agreements.DragAlong;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Time;
using static Proviso.Domain.Tests.DragAlong.DragAlongFixture;

namespace Proviso.Domain.Tests.DragAlong;

public sealed class DragHoldersTests
{
    [Fact]
    public void DragHolders_SeriesCAtExactly67Percent_IsNotMoreThan67AndIsRefused()
    {
        var f = new DragAlongFixture(seriesC67: 5_700); // 5,700 + 1,000 = 6,700 of 10,000
        var r = f.Refused(Accept(), "drag.holders-test");
        Assert.Contains("10050 of 15000 = 67.0000%, needs more than 67%", r.Message, StringComparison.Ordinal); // as converted at 3/2
    }

    [Fact]
    public void DragHolders_OneShareAbove67Percent_IsAccepted()
    {
        var f = new DragAlongFixture(seriesC67: 5_701);
        var e = Assert.IsType<ApprovedSaleAccepted>(Assert.Single(f.Do(Accept())));
        var c = e.Tests.Single(t => t.Label == "Series C");
        Assert.True(c.Satisfied);
        Assert.Equal(Fraction.Of(6_701) * Fraction.Create(3, 2), c.Numerator);
        Assert.Equal(Fraction.Of(10_000) * Fraction.Create(3, 2), c.Denominator);
    }

    [Fact]
    public void DragHolders_Failing_ReportsNumbersAndTheSmallestFurtherAgreement()
    {
        var f = new DragAlongFixture();
        var result = DragHoldersTest.Evaluate(f.Agreement, f.Terms, f.Builder.Latest, On, ["c-67", "a-2"], ["founder"]);
        Assert.False(result.Satisfied);
        var a = result.DragHolders.Prongs.Single(p => p.Label == "Series A");
        Assert.Equal(Fraction.Of(4_999), a.Numerator);
        Assert.Equal(Fraction.Of(10_000), a.Denominator);
        Assert.Equal(["a-1"], a.SmallestFurtherConsents);
        var c = result.DragHolders.Prongs.Single(p => p.Label == "Series C");
        Assert.Equal(["c-33"], c.SmallestFurtherConsents); // 3,200 > lead's 1,000, and one is enough
        Assert.True(result.Approval!.Satisfied);
    }

    [Fact]
    public void DragHolders_WithoutTheApproval_IsRefusedCitingIt()
    {
        var f = new DragAlongFixture();
        var r = f.Refused(Accept() with { Approving = ["angel"] }, "drag.approval");
        Assert.Equal("3.1", r.Citation!.Section);
    }
}

public sealed class ValuationFloorTests
{
    [Fact]
    public void ValuationFloor_Exactly100Million_IsAccepted() =>
        Assert.Single(new DragAlongFixture().Do(Accept(Offer(100_000_000.00m))));

    [Fact]
    public void ValuationFloor_OneCentLess_IsRefused()
    {
        var r = new DragAlongFixture().Refused(Accept(Offer(99_999_999.99m)), "drag.valuation-floor");
        Assert.Contains("99,999,999.99", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValuationFloor_AnotherCurrency_IsRefusedNotConverted() =>
        Assert.Equal("drag.valuation-currency", ValuationFloor.Check(new MoneyFloor(Money.Of(1m, "USD"), Agreements.Consent.Comparison.AtLeast, Cite("x")), Money.Of(9m, "HKD"), "offer")!.RuleId);

    [Fact]
    public void SameTerms_DifferentPricePerEquivalent_IsRefused()
    {
        var prices = new Dictionary<string, Money> { ["common"] = Money.Of(10m, "USD"), ["series-c"] = Money.Of(16m, "USD") }; // 16 / 1.5 ≠ 10
        new DragAlongFixture().Refused(Accept(Offer(prices: prices)), "drag.different-terms");
    }

    [Fact]
    public void SameTerms_SamePricePerOrdinaryShareEquivalent_IsAccepted()
    {
        var prices = new Dictionary<string, Money> { ["common"] = Money.Of(10m, "USD"), ["series-c"] = Money.Of(15m, "USD") }; // 15 / 1.5 = 10
        Assert.Single(new DragAlongFixture().Do(Accept(Offer(prices: prices))));
    }
}

public sealed class NoticeAndObligationTests
{
    [Fact]
    public void Notice_MustReachEveryOtherHolder()
    {
        var f = new DragAlongFixture();
        f.Do(Accept());
        var r = f.Refused(new DeliverDragAlongNotice("d1", Email(At(On), "founder")) { At = At(On), EffectiveOn = Day(At(On)) }, "drag.notice-recipients");
        Assert.Contains("angel", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Notice_BindsEveryOtherHolderWithEachObligation()
    {
        var f = new DragAlongFixture().Noticed();
        var p = f.Process();
        Assert.Equal(["a-2", "angel", "c-33", "founder"], p.Obligations.Keys.Order(StringComparer.Ordinal));
        Assert.All(p.Obligations.Values, m => Assert.Equal(5, m.Count));
    }

    [Fact]
    public void FailureToAct_GivesAPowerOfAttorneyToTheDirector()
    {
        var f = new DragAlongFixture();
        f.Do(Accept());
        f.Do(new DeliverDragAlongNotice("d1", Email(At(On))) { At = At(On), EffectiveOn = Day(At(On)) });
        var events = f.Do(new RecordDragObligations("d1", [DragObligation.Sign], [], ["angel"], "Jane Director", []) { At = At(On, 12), EffectiveOn = Day(At(On, 12)) });
        var poa = Assert.IsType<DragPowerOfAttorneyArose>(Assert.Single(events));
        Assert.Equal("4.1", poa.Citation.Section);
        Assert.Equal(ObligationState.PowerOfAttorney, f.Process().StateOf("angel", DragObligation.Sign));
    }

    [Fact]
    public void FailureToAct_WithoutADirector_IsRefused()
    {
        var f = new DragAlongFixture();
        f.Do(Accept());
        f.Do(new DeliverDragAlongNotice("d1", Email(At(On))) { At = At(On), EffectiveOn = Day(At(On)) });
        f.Refused(new RecordDragObligations("d1", [], [], ["angel"], null, []) { At = At(On, 12), EffectiveOn = Day(At(On, 12)) }, "drag.director-needed");
    }

    [Fact]
    public void ListingRules_OnlyTheNamedPartyMayRelyOnThem_AndItIsSuspendedNotInBreach()
    {
        var f = new DragAlongFixture();
        f.Do(Accept(accepting: ["c-67", "c-33", "a-1"]));
        f.Do(new DeliverDragAlongNotice("d1", Email(At(On))) { At = At(On), EffectiveOn = Day(At(On)) });
        f.Refused(new RecordDragObligations("d1", [], [], [], null, ["angel"]) { At = At(On, 12), EffectiveOn = Day(At(On, 12)) }, "drag.listing-rules-party");
        var e = Assert.IsType<DragObligationSuspended>(Assert.Single(f.Do(new RecordDragObligations("d1", [], [], [], null, ["lead"]) { At = At(On, 12), EffectiveOn = Day(At(On, 12)) })));
        Assert.Equal("3.15", e.Citation.Section);
        Assert.Equal(ObligationState.Suspended, f.Process().StateOf("lead", DragObligation.Transfer));
    }

    [Fact]
    public void Withdrawal_NeedsEveryHoldersWrittenAcceptance()
    {
        var f = new DragAlongFixture().Noticed();
        var r = f.Refused(new WithdrawDragAlongNotice("d1", ["c-67", "a-1", "lead", "founder"]) { At = At(On, 15), EffectiveOn = Day(At(On, 15)) }, "drag.withdrawal-needs-all-holders");
        Assert.Contains("angel", r.Message, StringComparison.Ordinal);
        Assert.IsType<DragAlongNoticeWithdrawn>(Assert.Single(f.Do(new WithdrawDragAlongNotice("d1", ["c-67", "c-33", "a-1", "a-2", "lead", "founder", "angel"]) { At = At(On, 15), EffectiveOn = Day(At(On, 15)) })));
        Assert.Equal(DragStatus.Withdrawn, f.Process().Status);
    }

    [Fact]
    public void QualifiedIpo_EndsTheRight()
    {
        var f = new DragAlongFixture().Noticed();
        f.Do(new RecordQualifiedIpo(Id, "listing") { At = At(On, 16), EffectiveOn = On });
        f.Refused(new SignDecisiveAgreement("d1", DecisiveCounterparty.DeterminedOfferor) { At = At(On, 17), EffectiveOn = Day(At(On, 17)) }, "drag.after-qualified-ipo");
        f.Refused(Accept(process: "d2", on: On.PlusDays(1)), "drag.after-qualified-ipo");
    }
}

public sealed class CompetingOfferTests
{
    private static DragAlongFixture WithOffers(Instant? borealisBy, Instant? cobaltBy, decimal cobalt = 200_000_000m)
    {
        var f = new DragAlongFixture().Noticed();
        f.Do(new RecordNewOffer("d1", Offer(200_000_000m, "borealis", "borealis", borealisBy), "founder") { At = At(On, 12), EffectiveOn = Day(At(On, 12)) });
        f.Do(new RecordNewOffer("d1", Offer(cobalt, "cobalt", "cobalt", cobaltBy), "angel") { At = At(On, 13), EffectiveOn = Day(At(On, 13)) });
        return f;
    }

    [Fact]
    public void NewOffer_BelowTheFloorByOneCent_IsNotANewSale()
    {
        var f = new DragAlongFixture().Noticed();
        f.Refused(new RecordNewOffer("d1", Offer(99_999_999.99m, "x", "x"), "founder") { At = At(On, 12), EffectiveOn = Day(At(On, 12)) }, "drag.valuation-floor");
    }

    [Fact]
    public void NewOffer_MadeToADragHolder_IsNotANewOffer()
    {
        var f = new DragAlongFixture().Noticed();
        f.Refused(new RecordNewOffer("d1", Offer(200_000_000m, "x", "x"), "c-67") { At = At(On, 12), EffectiveOn = Day(At(On, 12)) }, "drag.new-offer-recipient");
    }

    [Fact]
    public void Determine_HighestPriceWins()
    {
        var f = WithOffers(null, null, cobalt: 190_000_000m);
        f.Refused(new DetermineOfferor("d1", "cobalt") { At = At(On, 14), EffectiveOn = Day(At(On, 14)) }, "drag.offeror-order");
        Assert.Equal("highest-price", Assert.IsType<OfferorDetermined>(Assert.Single(f.Do(new DetermineOfferor("d1", "borealis") { At = At(On, 14), EffectiveOn = Day(At(On, 14)) }))).Basis);
    }

    [Fact]
    public void Determine_EqualPrices_SoonestSignerWins()
    {
        var f = WithOffers(At(On.PlusDays(20)), At(On.PlusDays(10)));
        f.Refused(new DetermineOfferor("d1", "borealis") { At = At(On, 14), EffectiveOn = Day(At(On, 14)) }, "drag.offeror-order");
        Assert.Equal("soonest-signing", Assert.IsType<OfferorDetermined>(Assert.Single(f.Do(new DetermineOfferor("d1", "cobalt") { At = At(On, 14), EffectiveOn = Day(At(On, 14)) }))).Basis);
    }

    [Fact]
    public void Determine_HighestFailsToSign_FallbackToALowerOffer()
    {
        var f = WithOffers(null, null, cobalt: 190_000_000m);
        f.Do(new DetermineOfferor("d1", "borealis") { At = At(On, 14), EffectiveOn = Day(At(On, 14)) });
        f.Do(new RecordOfferorFailure("d1", "borealis") { At = At(On, 15), EffectiveOn = Day(At(On, 15)) });
        var d = Assert.IsType<OfferorDetermined>(Assert.Single(f.Do(new DetermineOfferor("d1", "offeror") { At = At(On, 16), EffectiveOn = Day(At(On, 16)) })));
        Assert.Equal("fallback", d.Basis);
        Assert.Equal("3.6(c)", d.Citation.Section);
    }

    [Fact]
    public void ExclusionClause_ExactlyTheLimit_NeedsNoOneElse_OneDayMore_NeedsTheNamedParties()
    {
        var f = new DragAlongFixture().Noticed();
        // 2021-03-01 + 2 months = 2021-05-01
        f.Refused(new AgreeExclusionClause("d1", new LocalDate(2021, 5, 2), ["c-67", "a-1"]) { At = At(On, 12), EffectiveOn = Day(At(On, 12)) }, "drag.exclusion-clause-needs-consent");
        var e = Assert.IsType<ExclusionClauseAgreed>(Assert.Single(f.Do(new AgreeExclusionClause("d1", new LocalDate(2021, 5, 1), ["c-67", "a-1"]) { At = At(On, 12), EffectiveOn = Day(At(On, 12)) })));
        Assert.False(e.BeyondLimit);
        f.Do(new AgreeExclusionClause("d1", new LocalDate(2021, 5, 2), ["c-67", "a-1", "lead"]) { At = At(On, 13), EffectiveOn = Day(At(On, 13)) });
        Assert.True(f.Process().Exclusion!.BeyondLimit);
    }

    [Fact]
    public void ExclusionClause_Binding_BarsTheNewOfferorsUntilItEnds()
    {
        var f = new DragAlongFixture().Noticed();
        f.Do(new AgreeExclusionClause("d1", new LocalDate(2021, 4, 1), ["c-67", "a-1"]) { At = At(On, 12), EffectiveOn = Day(At(On, 12)) });
        var o = Assert.IsType<NewOfferReceived>(Assert.Single(f.Do(new RecordNewOffer("d1", Offer(300_000_000m, "big", "big"), "founder") { At = At(On, 13), EffectiveOn = Day(At(On, 13)) })));
        Assert.Equal(new LocalDate(2021, 4, 1), o.BarredUntil);
        f.Refused(new DetermineOfferor("d1", "big") { At = At(On, 14), EffectiveOn = Day(At(On, 14)) }, "drag.exclusion-clause-binds");
        f.Do(new EndExclusionClause("d1", "terminated by agreement") { At = At(On, 15), EffectiveOn = Day(At(On, 15)) });
        f.Do(new DetermineOfferor("d1", "big") { At = At(On, 16), EffectiveOn = Day(At(On, 16)) });
    }
}

public sealed class PreferentialSaleTests
{
    // The Drag Holders' notice is received on Tuesday 2021-03-02 in Hong Kong: 3 Business Days end on Friday 2021-03-05.
    private static readonly Instant LastMinute = At(new LocalDate(2021, 3, 5), 23, 59);
    private static readonly Instant Midnight = At(new LocalDate(2021, 3, 6), 0, 0);

    private static GiveBuyOutNotice BuyOut(Instant at, string holder = "founder", decimal valuation = 150_000_000m) =>
        new GiveBuyOutNotice("d1", holder, Money.Of(valuation, "USD"), true, Email(at)) { At = at, EffectiveOn = Day(at) };

    [Fact]
    public void BuyOut_InTheLastMinuteOfTheWindow_IsAccepted()
    {
        var f = new DragAlongFixture().Requested();
        var e = Assert.IsType<BuyOutNoticeGiven>(Assert.Single(f.Do(BuyOut(LastMinute))));
        Assert.Equal(new LocalDate(2021, 3, 5), e.IssuedOn);
    }

    [Fact]
    public void BuyOut_AtMidnightAfterTheWindow_IsRefusedAndForfeited()
    {
        var f = new DragAlongFixture().Requested();
        var r = f.Refused(BuyOut(Midnight), "drag.buy-out-window-closed");
        Assert.Equal("3.7(d)", r.Citation!.Section);
    }

    [Fact]
    public void BuyOut_LessThanTheDeterminedOffer_IsRefused() =>
        new DragAlongFixture().Requested().Refused(BuyOut(LastMinute, valuation: 149_999_999.99m), "drag.buy-out-less-favourable");

    [Fact]
    public void BuyOut_ByADragHolder_IsRefused() =>
        new DragAlongFixture().Requested().Refused(BuyOut(LastMinute, "c-67"), "drag.buy-out-by-drag-holder");

    [Fact]
    public void PreferentialSale_SignedInTheLastMinuteOfFourBusinessDays_Wins()
    {
        var f = new DragAlongFixture().Requested();
        f.Do(BuyOut(At(new LocalDate(2021, 3, 3))));                       // issued Wednesday 3 March
        f.Refused(new SignDecisiveAgreement("d1", DecisiveCounterparty.DeterminedOfferor) { At = At(new LocalDate(2021, 3, 4)), EffectiveOn = Day(At(new LocalDate(2021, 3, 4))) }, "drag.preferential-sale-pending");
        var last = At(new LocalDate(2021, 3, 9), 23, 59);                  // Thu 4, Fri 5, Mon 8, Tue 9
        var s = Assert.IsType<DecisiveAgreementSigned>(Assert.Single(f.Do(new SignDecisiveAgreement("d1", DecisiveCounterparty.PreferentialBuyer) { At = last, EffectiveOn = Day(last) })));
        Assert.True(s.Preferential);
        Assert.Equal("founder", s.BuyerId);
    }

    [Fact]
    public void PreferentialSale_NotSignedInTime_LapsesBackToTheDeterminedOfferor()
    {
        var f = new DragAlongFixture().Requested();
        f.Do(BuyOut(At(new LocalDate(2021, 3, 3))));
        var midnight = At(new LocalDate(2021, 3, 10), 0, 0);
        f.Refused(new LapsePreferentialSale("d1") { At = At(new LocalDate(2021, 3, 9), 23, 59), EffectiveOn = Day(At(new LocalDate(2021, 3, 9), 23, 59)) }, "drag.preferential-window-open");
        f.Refused(new SignDecisiveAgreement("d1", DecisiveCounterparty.PreferentialBuyer) { At = midnight, EffectiveOn = Day(midnight) }, "drag.preferential-window-closed");
        f.Do(new LapsePreferentialSale("d1") { At = midnight, EffectiveOn = Day(midnight) });
        var s = Assert.IsType<DecisiveAgreementSigned>(Assert.Single(f.Do(new SignDecisiveAgreement("d1", DecisiveCounterparty.DeterminedOfferor) { At = midnight + Duration.FromMinutes(1), EffectiveOn = Day(midnight + Duration.FromMinutes(1)) })));
        Assert.False(s.Preferential);
    }

    [Fact]
    public void SilentHolders_ForfeitForTheRestrictionPeriod()
    {
        var f = new DragAlongFixture().Requested();
        f.Refused(new CloseBuyOutWindow("d1") { At = LastMinute, EffectiveOn = Day(LastMinute) }, "drag.buy-out-window-open");
        var closed = Assert.IsType<BuyOutWindowClosed>(Assert.Single(f.Do(new CloseBuyOutWindow("d1") { At = Midnight, EffectiveOn = Day(Midnight) })));
        Assert.Equal(["a-2", "angel", "c-33", "founder"], closed.Forfeited);
        f.Refused(BuyOut(Midnight + Duration.FromHours(10)), "drag.preferential-sale-forfeited");
    }
}

public sealed class RestrictionAndReleaseTests
{
    // Notice dated 2021-03-01 (HKT): Restriction Period 9 months, to the end of 2021-12-01; Release Period 3 months, to the end of 2022-03-01.
    private static readonly Instant RestrictionLastMinute = At(new LocalDate(2021, 12, 1), 23, 59);
    private static readonly Instant ReleaseStarts = At(new LocalDate(2021, 12, 2), 0, 0);

    private static SignSpecialSale Special(Instant at, string sale = "s1", string party = "lead", long shares = 400) =>
        new SignSpecialSale("d1", sale, party, $"{party}-successor", "Successor Ltd", "Asia/Hong_Kong", [new SpecialSaleShares(party == "lead" ? "series-c" : "series-a", ShareCount.Of(shares))]) { At = at, EffectiveOn = Day(at) };

    [Fact]
    public void RestrictionPeriod_LastMinute_DragHoldersCanStillSign_Midnight_TheyCannot()
    {
        var f = new DragAlongFixture().Noticed();
        f.Refused(new SignDecisiveAgreement("d1", DecisiveCounterparty.DeterminedOfferor) { At = ReleaseStarts, EffectiveOn = Day(ReleaseStarts) }, "drag.restriction-period-expired");
        var g = new DragAlongFixture().Noticed();
        var at = RestrictionLastMinute;
        g.Do(new RequestDecisiveAgreement("d1", [new NoticeDelivery("cloopen", NoticeChannel.Email, At(new LocalDate(2021, 11, 1))), new NoticeDelivery(DragAlongDecider.Everyone, NoticeChannel.Email, At(new LocalDate(2021, 11, 1)))]) { At = At(new LocalDate(2021, 11, 1)), EffectiveOn = Day(At(new LocalDate(2021, 11, 1))) });
        g.Do(new SignDecisiveAgreement("d1", DecisiveCounterparty.DeterminedOfferor) { At = at, EffectiveOn = Day(at) });
    }

    [Fact]
    public void SpecialSale_OnlyInTheReleasePeriod_AndOnlyByANamedParty()
    {
        var f = new DragAlongFixture().Noticed();
        f.Refused(Special(RestrictionLastMinute), "drag.not-in-release-period");
        f.Refused(Special(ReleaseStarts, party: "founder"), "drag.not-a-special-sale-party");
        f.Do(Special(ReleaseStarts));
        f.Refused(Special(At(new LocalDate(2022, 3, 2), 0, 0), "s2", "a1"), "drag.not-in-release-period");
    }

    [Fact]
    public void SpecialSale_ConsummatedWithinTheReleasePeriod_EndsItAndBindsTheSuccessorAtOnce()
    {
        var f = new DragAlongFixture().Noticed();
        f.Do(Special(ReleaseStarts));
        var closeAt = At(new LocalDate(2022, 1, 10));
        var events = f.Do(new CloseSpecialSale("d1", "s1") { At = closeAt, EffectiveOn = Day(closeAt) });
        var c = Assert.IsType<SpecialSaleConsummated>(events[^1]);
        Assert.True(c.WithinReleasePeriod);
        Assert.Equal(closeAt, c.BoundFrom);
        Assert.Equal(closeAt, f.Process().ReleaseEndsAt(f.Terms, f.Calendar));
        Assert.Equal(ShareCount.Of(400), f.Builder.Latest.SharesOf("lead-successor", "series-c"));
        // s.4.7-style: after the early end, the named parties can no longer sign.
        f.Refused(Special(closeAt + Duration.FromHours(1), "s2", "a1"), "drag.not-in-release-period");
    }

    [Fact]
    public void SpecialSale_ConsummatedAfterTheReleasePeriod_BindsTheSuccessorFromItsEnd()
    {
        var f = new DragAlongFixture().Noticed();
        f.Do(Special(ReleaseStarts));
        var c = Assert.IsType<SpecialSaleConsummated>(f.Do(new CloseSpecialSale("d1", "s1") { At = At(new LocalDate(2022, 4, 1)), EffectiveOn = Day(At(new LocalDate(2022, 4, 1))) })[^1]);
        Assert.False(c.WithinReleasePeriod);
        Assert.Equal(At(new LocalDate(2022, 3, 2), 0, 0), c.BoundFrom);
    }

    [Fact]
    public void NewNotice_InTheReleasePeriod_NeedsEveryHolder_AfterIt_IsAllowed()
    {
        var f = new DragAlongFixture().Noticed();
        var inRelease = new LocalDate(2021, 12, 15);
        f.Refused(Accept(process: "d2", on: inRelease), "drag.release-period");
        f.Do(Accept(process: "d2", on: inRelease, release: [DragAlongDecider.Everyone]));
        var g = new DragAlongFixture().Noticed();
        g.Do(Accept(process: "d2", on: new LocalDate(2022, 3, 2)));
    }

    [Fact]
    public void NewNotice_WhileTheRestrictionPeriodRuns_IsRefused() =>
        new DragAlongFixture().Noticed().Refused(Accept(process: "d2", on: new LocalDate(2021, 6, 1)), "drag.process-open");
}

public sealed class ClosingTests
{
    [Fact]
    public void Closing_MovesEveryHoldingToTheBuyer_AuthorisedByTheProcess_ProceedsAddUp()
    {
        var f = new DragAlongFixture().Requested();
        f.Do(new CloseBuyOutWindow("d1") { At = At(new LocalDate(2021, 3, 8)), EffectiveOn = Day(At(new LocalDate(2021, 3, 8))) });
        f.Do(new SignDecisiveAgreement("d1", DecisiveCounterparty.DeterminedOfferor) { At = At(new LocalDate(2021, 3, 8), 11), EffectiveOn = Day(At(new LocalDate(2021, 3, 8), 11)) });
        var events = f.Do(new CloseDragSale("d1", Money.Of(1_000_000m, "USD"), Money.Of(500_000m, "USD"), [new HolderSpecificClaim("angel", Money.Of(10m, "USD"), "title")]) { At = At(new LocalDate(2021, 3, 15)), EffectiveOn = Day(At(new LocalDate(2021, 3, 15))) });
        var closed = Assert.IsType<DragSaleClosed>(events[^1]);
        Assert.Equal(7, closed.Legs.Count);
        Assert.All(events.OfType<Proviso.Domain.Register.Events.SharesTransferred>(), t => Assert.Contains("d1", t.Reference ?? "", StringComparison.Ordinal));
        Assert.Equal(closed.Distribution.Proceeds.Amount, closed.Distribution.Lines.Sum(l => l.Amount.Amount));
        Assert.Equal(1_000_000m, closed.Costs.Lines.Sum(l => l.ExpenseShare.Amount));
        Assert.True(closed.DeemedLiquidationEvent);
        Assert.Equal(0, f.Builder.Latest.Holdings().Count(h => h.HolderId != "bidco"));
        // as converted: Series C converts at 3/2, so lead's 1,000 Series C are 1,500 of 46,000 equivalents.
        Assert.Equal(Money.Of(150_000_000m * 1_500 / 46_000, "USD").Amount, closed.Distribution.Lines.Single(l => l.HolderId == "lead").Amount.Amount, 2);
    }

    [Fact]
    public void Closing_WaitsForEveryHoldersTransferAndSignature()
    {
        var f = new DragAlongFixture();
        f.Do(Accept());
        f.Do(new DeliverDragAlongNotice("d1", Email(At(On))) { At = At(On), EffectiveOn = Day(At(On)) });
        f.Do(new RecordDragObligations("d1", [], ["founder", "angel", "a-2"], [], null, []) { At = At(On, 11), EffectiveOn = Day(At(On, 11)) });
        var at = At(new LocalDate(2021, 3, 2));
        f.Do(new RequestDecisiveAgreement("d1", [new NoticeDelivery("cloopen", NoticeChannel.Email, at), new NoticeDelivery(DragAlongDecider.Everyone, NoticeChannel.Email, at)]) { At = at, EffectiveOn = Day(at) });
        f.Do(new CloseBuyOutWindow("d1") { At = At(new LocalDate(2021, 3, 8)), EffectiveOn = Day(At(new LocalDate(2021, 3, 8))) });
        f.Do(new SignDecisiveAgreement("d1", DecisiveCounterparty.DeterminedOfferor) { At = At(new LocalDate(2021, 3, 8), 11), EffectiveOn = Day(At(new LocalDate(2021, 3, 8), 11)) });
        var r = f.Refused(new CloseDragSale("d1", null, null, []) { At = At(new LocalDate(2021, 3, 15)), EffectiveOn = Day(At(new LocalDate(2021, 3, 15))) }, "drag.obligations-pending");
        Assert.Contains("c-33", r.Message, StringComparison.Ordinal);
    }
}
