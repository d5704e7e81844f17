using NodaTime;
using Proviso.Application.Ledgers;
using Proviso.Application.Terms;
using Proviso.Domain.Agreements.DragAlong;
using Proviso.Domain.Quantities;

namespace Proviso.Application.Tests.DragAlong;

public sealed class DragAlongTermsTests
{
    private static readonly LocalDate AgreementDate = new(2020, 11, 13);

    [Fact]
    public void CloopenTerms_DragAlong_ReadsEveryElementOfSection4()
    {
        var a = TermsLoader.Load(CloopenExample.RofrTerms);
        var t = a.Mechanism<DragAlongTerms>(DragAlongDecider.Key)!;
        Assert.Equal("drag-holders", t.DragHolders.GroupId);
        Assert.Equal("majority-investors", t.Approval!.GroupId);
        Assert.Equal(Money.Of(2_000_000_000m, "USD"), t.ValuationFloor!.Amount);
        Assert.Equal(Domain.Agreements.Consent.Comparison.AtLeast, t.ValuationFloor.Comparison);
        Assert.Equal(5, t.PreferentialSale!.BuyOutWindow.Count);
        Assert.Equal(7, t.PreferentialSale.SigningWindow.Count);
        Assert.Equal(12, t.Restriction!.RestrictionPeriod.Count);
        Assert.Equal(6, t.Restriction.ReleasePeriod.Count);
        Assert.Equal(["mainAccess", "pac", "tencent", "newOriental", "cvc"], t.Restriction.SpecialSaleParties);
        Assert.Equal(["mainAccess", "pac"], t.NewOffers!.LongerExclusionNeeds);
        Assert.Equal(6, t.NewOffers.ExclusionLimit!.Count);
        Assert.Equal("mainAccess", t.ListingRules!.Party);
        Assert.Equal(5, t.Notice.Obligations.Count);
        var g = a.ConsentGroup("drag-holders");
        Assert.Equal(6, g.Prongs.Count);
        Assert.All(g.Prongs.OfType<Domain.Agreements.Consent.ThresholdProng>(), p => Assert.True(p.InstrumentsAsExercised));
    }

    [Fact]
    public void NvcaTerms_AreTheSameMechanismWithOtherParameters()
    {
        var a = TermsLoader.Load(Path.Combine(CloopenExample.RepoRoot, "examples", "nvca", "terms", "nvca-drag-along.yaml"));
        var t = a.Mechanism<DragAlongTerms>(DragAlongDecider.Key)!;
        Assert.Equal(Money.Of(150_000_000m, "USD"), t.ValuationFloor!.Amount);
        Assert.Null(t.PreferentialSale);
        Assert.Null(t.Restriction);
        Assert.Null(t.NewOffers);
        Assert.Equal("selling-investors", t.DragHolders.GroupId);
    }

    [Fact]
    public void DragAlongTerms_MisspeltKey_IsAnErrorWithItsLocation()
    {
        var text = File.ReadAllText(CloopenExample.RofrTerms).Replace("    valuationFloor:\n      noLessThan:", "    valuationFloor:\n      noLesThan:");
        var ex = Assert.Throws<InputException>(() => TermsLoader.Parse("x.yaml", text));
        Assert.Contains("x.yaml:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("noLesThan", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DragAlongTerms_UnknownGroup_IsAnError()
    {
        var text = File.ReadAllText(CloopenExample.RofrTerms).Replace("dragHolders: { group: drag-holders,", "dragHolders: { group: drag-holderz,");
        var ex = Assert.Throws<InputException>(() => TermsLoader.Parse("x.yaml", text));
        Assert.Contains("unknown consent group 'drag-holderz'", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class CloopenDragHoldersTests
{
    private static readonly string[] Accepting = ["tencent", "new-oriental", "mirae-securities-hk", "mirae-growth-1", "parnatoux", "pac", "trustbridge-v", "telstra-ii", "sequoia-iv"];
    private static readonly string[] Approving = ["main-access", "sequoia-iv", "trustbridge-v", "mirae-securities-hk", "mirae-growth-1", "parnatoux", "tencent", "new-oriental"];

    [Fact]
    public void DragHolders_CloopenRegister_SeriesFCountsTheWarrantAsExercised()
    {
        var x = new CloopenExample();
        var t = x.Rofr.Mechanism<DragAlongTerms>(DragAlongDecider.Key)!;
        var on = new LocalDate(2020, 11, 16);
        var r = DragHoldersTest.Evaluate(x.Rofr, t, x.Timeline.AsOf(on), on, Accepting, Approving);
        Assert.True(r.Satisfied);
        var f = r.DragHolders.Prongs.Single(p => p.Label == "Majority Series F Investors");
        Assert.Equal(Fraction.Of(11_799_686 + 7_635_090 + 2_000_000), f.Numerator);
        Assert.Equal(Fraction.Of(21_434_776 + 11_799_685), f.Denominator); // the CVC Warrant as if fully exercised
        var cvc = f.Required.Single(q => q.Party == "cvc");
        Assert.False(cvc.Required); // not yet exercised: the named consent waits for the fact
        var c = r.DragHolders.Prongs.Single(p => p.Label == "more than 67% of Series C");
        Assert.Equal(Fraction.Of(13_000_000), c.Numerator);
        Assert.Equal(Fraction.Of(18_000_000), c.Denominator);
    }

    [Fact]
    public void DragHolders_WithoutTencent_FailsSeriesFAndNamesTencent()
    {
        var x = new CloopenExample();
        var t = x.Rofr.Mechanism<DragAlongTerms>(DragAlongDecider.Key)!;
        var on = new LocalDate(2020, 11, 16);
        var r = DragHoldersTest.Evaluate(x.Rofr, t, x.Timeline.AsOf(on), on, Accepting.Where(h => h != "tencent").ToList(), Approving);
        var f = r.DragHolders.Prongs.Single(p => p.Label == "Majority Series F Investors");
        Assert.False(f.Satisfied);
        Assert.Contains("tencent", f.SmallestFurtherConsents);
    }

    [Fact]
    public void DragAlong_RecordedInTheLedger_IsDecidedThroughTheCompanyDecider()
    {
        var x = new CloopenExample();
        x.Do(new RecordAgreementTerms(CloopenExample.RofrTerms, File.ReadAllText(CloopenExample.RofrTerms), new LocalDate(2020, 11, 13)));
        var offer = new SaleOffer("offeror", "atlas-bidco", "Atlas BidCo Limited", "Asia/Hong_Kong", Money.Of(2_000_000_000m, "USD"), new Dictionary<string, Money>(), [], [], null);
        var at = Instant.FromUtc(2020, 11, 16, 2, 0);
        var low = new AcceptApprovedSale("d1", "rofr-cosale-2020", offer with { Valuation = Money.Of(1_999_999_999.99m, "USD") }, Accepting, Approving, []) { At = at, EffectiveOn = new LocalDate(2020, 11, 16) };
        var refused = Assert.IsType<Domain.Ledger.Decision.Rejected>(CompanyDecider.Decide(x.Timeline, low));
        Assert.Equal("drag.valuation-floor", refused.Reasons[0].RuleId);
        x.Do(low with { Offer = offer });
    }
}
