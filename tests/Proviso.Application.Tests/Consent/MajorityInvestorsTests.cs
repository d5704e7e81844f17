using NodaTime;
using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Quantities;

namespace Proviso.Application.Tests.Consent;

/// <summary>
/// ROFR s.1.1 "Majority Investors": (A) more than 50% of the Preferred and Class B as converted, (B) the Majority Series
/// E Investors, (C) the Majority Series F Investors including Tencent, New Oriental and CVC (after its warrant is
/// exercised) while each holds no less than half of the Series F it bought (s.6.18 for splits).
/// </summary>
public sealed class MajorityInvestorsTests
{
    private static readonly LocalDate Signing = new(2020, 11, 13);
    private static readonly LocalDate Later = new(2021, 1, 4);
    private readonly CloopenExample _c = new();

    private ConsentResult Check(string group, LocalDate on, params string[] consenting) =>
        ConsentEvaluator.Evaluate(_c.Rofr, group, _c.Timeline.AsOf(on), on, consenting);

    [Fact]
    public void MajorityInvestors_TencentNewOrientalAndSequoia_FallShortOnProngsAAndB()
    {
        var r = Check("majority-investors", Signing, "tencent", "newOriental", "sequoia-iv");
        Assert.False(r.Satisfied);
        var a = r.Prongs[0];
        Assert.Equal("(A)", a.Label);
        Assert.False(a.Satisfied);
        // Tencent 11,799,686 + New Oriental 7,635,090 + Sequoia IV 8,000,000 Class B, 10,000,000 A, 6,000,000 B.
        Assert.Equal(Fraction.Of(43_434_776), a.Numerator);
        Assert.Equal(Fraction.Of(141_934_776), a.Denominator);
        Assert.False(r.Prongs[1].Satisfied);
        Assert.True(r.Prongs[2].Satisfied);
    }

    [Fact]
    public void MajorityInvestors_SmallestFurtherConsents_AreMainAccessAndThreeSeriesEHolders()
    {
        var r = Check("majority-investors", Signing, "tencent", "newOriental", "sequoia-iv");
        Assert.True(r.SmallestIsProven);
        Assert.Equal(4, r.SmallestFurtherConsents.Count);
        Assert.Equal("main-access", r.SmallestFurtherConsents[0]);
        var all = r.Consenting.Concat(r.SmallestFurtherConsents).ToArray();
        Assert.True(ConsentEvaluator.Evaluate(_c.Rofr, "majority-investors", _c.Timeline.AsOf(Signing), Signing, all).Satisfied);
    }

    [Fact]
    public void MajoritySeriesE_ExactlyFiftyPercent_IsNotMoreThanFifty()
    {
        // Series E: 18,500,000 outstanding; 9,250,000 is exactly half.
        _c.Transfer("zhanjin", "cloudalpha", "series-e", 250_000, Later);
        var r = Check("majority-series-e", Later, "mirae-securities-hk", "parnatoux", "cloudalpha");
        Assert.Equal(Fraction.Create(1, 2), r.Prongs[0].Share);
        Assert.False(r.Satisfied);
    }

    [Fact]
    public void MajoritySeriesE_OneShareOverFiftyPercent_IsSatisfied()
    {
        _c.Transfer("zhanjin", "cloudalpha", "series-e", 250_001, Later);
        var r = Check("majority-series-e", Later, "mirae-securities-hk", "parnatoux", "cloudalpha");
        Assert.True(r.Prongs[0].Share > Fraction.Half);
        Assert.True(r.Satisfied);
    }

    [Fact]
    public void MajoritySeriesF_TencentHoldingExactlyHalfOfWhatItBought_IsStillRequired()
    {
        _c.Transfer("tencent", "pac", "series-f", 5_899_843, Later); // leaves exactly 5,899,843
        var r = Check("majority-series-f", Later, "pac", "newOriental");
        var tencent = r.Prongs[0].Required.Single(x => x.Party == "tencent");
        Assert.True(tencent.Required);
        Assert.False(tencent.Given);
        Assert.False(r.Satisfied);
    }

    [Fact]
    public void MajoritySeriesF_TencentHoldingOneShareLessThanHalf_IsNoLongerRequired()
    {
        _c.Transfer("tencent", "pac", "series-f", 5_899_844, Later); // leaves 5,899,842
        var r = Check("majority-series-f", Later, "pac", "newOriental");
        var tencent = r.Prongs[0].Required.Single(x => x.Party == "tencent");
        Assert.False(tencent.Required);
        Assert.True(r.Satisfied); // PAC 7,899,844 + New Oriental 7,635,090 of 21,434,776 is more than half
    }

    [Fact]
    public void MajoritySeriesF_CvcBeforeExercise_IsNotRequired()
    {
        var r = Check("majority-series-f", Signing, "tencent", "newOriental");
        Assert.False(r.Prongs[0].Required.Single(x => x.Party == "cvc").Required);
        Assert.True(r.Satisfied);
    }

    [Fact]
    public void MajoritySeriesF_CvcAfterExercisingItsWarrant_IsRequired()
    {
        _c.Do(new Proviso.Domain.Register.ExerciseInstrument("cvc-warrant", ShareCount.Of(11_799_685)) { EffectiveOn = Later });
        var r = Check("majority-series-f", Later, "tencent", "newOriental");
        var cvc = r.Prongs[0].Required.Single(x => x.Party == "cvc");
        Assert.True(cvc.Required);
        Assert.False(r.Satisfied);
        Assert.Equal(["cvc"], r.SmallestFurtherConsents);
    }

    [Fact]
    public void MajoritySeriesF_AfterATwoForOneSplit_TheHalfIsAdjusted()
    {
        _c.Do(new Proviso.Domain.Register.SplitShares("series-f", Fraction.Of(2)) { EffectiveOn = Later });
        var on = Later.PlusDays(1);
        _c.Transfer("tencent", "pac", "series-f", 11_799_686, on); // leaves 11,799,686 = 2 × 5,899,843
        var exactly = Check("majority-series-f", on, "pac", "newOriental").Prongs[0].Required.Single(x => x.Party == "tencent");
        Assert.True(exactly.Required);
        Assert.Contains("11,799,686", exactly.Reason);

        _c.Transfer("tencent", "pac", "series-f", 1, on.PlusDays(1));
        var below = Check("majority-series-f", on.PlusDays(1), "pac", "newOriental").Prongs[0].Required.Single(x => x.Party == "tencent");
        Assert.False(below.Required);
    }

    [Fact]
    public void Consent_AffiliatesShares_CountForTheNamedHoldersMinimum()
    {
        // Tencent moves all but one share to a controlled affiliate: with its Affiliates it still holds no less than half.
        _c.Do(new Proviso.Domain.Register.RegisterHolder("tencent-sub", "Tencent subsidiary", Proviso.Domain.Register.HolderKind.Entity, "HK", "Asia/Hong_Kong", [], null, null, null) { EffectiveOn = Later });
        _c.Do(new Proviso.Domain.Register.RecordControlLink("tencent", "tencent-sub", Proviso.Domain.Register.ControlKind.Controls, "test") { EffectiveOn = Later });
        _c.Transfer("tencent", "tencent-sub", "series-f", 11_799_685, Later);
        var r = Check("majority-series-f", Later, "newOriental", "pac");
        Assert.True(r.Prongs[0].Required.Single(x => x.Party == "tencent").Required);
    }
}
