namespace Proviso.Domain.Tests.Register;

using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Events;
using Proviso.Domain.Register.Views;
using static Cmd;
using static CloopenFixture;

public class SplitTests
{
    private static readonly NodaTime.LocalDate SplitOn = D(2021, 6, 1);

    [Fact]
    public void Split_SeriesFTwoForOne_DoublesEveryHoldingAndTheWarrant()
    {
        var b = Build();
        var e = b.Do<SharesSplit>(Split("series-f", Fraction.Of(2), SplitOn));
        Assert.Equal(
            [
                new SplitLine("series-f-0001", "tencent", ShareCount.Of(Tencent), ShareCount.Of(2 * Tencent), Fraction.Zero),
                new SplitLine("series-f-0002", "new-oriental", ShareCount.Of(NewOriental), ShareCount.Of(2 * NewOriental), Fraction.Zero),
                new SplitLine("series-f-0003", "pac", ShareCount.Of(Pac), ShareCount.Of(2 * Pac), Fraction.Zero),
            ],
            e.Lines);
        Assert.Equal(ShareCount.Of(23_599_372), b.Latest.SharesOf("tencent", "series-f"));
        Assert.Equal(ShareCount.Of(15_270_180), b.Latest.SharesOf("new-oriental", "series-f"));
        Assert.Equal(ShareCount.Of(2 * (Tencent + NewOriental + Pac)), b.Latest.Outstanding("series-f"));
        Assert.Equal(ShareCount.Of(23_599_370), b.Latest.Instruments["cvc-warrant"].Outstanding);
        // Certificates keep their ids; only the number of shares changes.
        Assert.Equal(ShareCount.Of(23_599_372), b.Latest.Certificates["series-f-0001"].Shares);
        // Other classes are untouched.
        Assert.Equal(ShareCount.Of(Founders), b.Latest.SharesOf("cloopen-co", "class-a"));
    }

    [Fact]
    public void Split_OrdinaryTwoForOne_ScalesPreferredConversionRatioFromTheSplitDate()
    {
        var b = Build();
        b.Do(Split("class-a", Fraction.Of(2), SplitOn));
        var seriesF = b.Latest.Classes["series-f"];
        Assert.Equal(Fraction.One, seriesF.RatioOn(SplitOn.PlusDays(-1)));
        Assert.Equal(Fraction.Of(2), seriesF.RatioOn(SplitOn));
        Assert.Equal(ShareCount.Of(2 * Founders), b.Latest.SharesOf("cloopen-co", "class-a"));
    }

    [Fact]
    public void Split_OrdinaryTwoForOne_LeavesEveryAsConvertedPercentageUnchanged()
    {
        var b = Build();
        var before = CapTable.Compute(b.Latest, SplitOn, Basis.AsConverted, GroupBy.Holder);
        b.Do(Split("class-a", Fraction.Of(2), SplitOn));
        var after = CapTable.Compute(b.Latest, SplitOn, Basis.AsConverted, GroupBy.Holder);
        Assert.Equal(before.Rows.ToDictionary(r => r.Key, r => r.Percentage), after.Rows.ToDictionary(r => r.Key, r => r.Percentage));
        Assert.Equal(before.Total * Fraction.Of(2), after.Total);
    }

    /// <summary>
    /// A subdivision changes the number of shares, not anyone's stake: after a 2:1 split of Series F, Tencent's Series F
    /// still converts into 11,799,686 Class A shares (each new Series F share into one half). Interpretation: the
    /// conversion ratio of the split series itself adjusts inversely, as the ratios of series converting into a split
    /// ordinary class already do.
    /// </summary>
    [Fact]
    public void Split_PreferredSeriesTwoForOne_LeavesAsConvertedHoldingsUnchanged()
    {
        var b = Build();
        var before = CapTable.Compute(b.Latest, SplitOn, Basis.AsConverted, GroupBy.Holder);
        b.Do(Split("series-f", Fraction.Of(2), SplitOn));
        var after = CapTable.Compute(b.Latest, SplitOn, Basis.AsConverted, GroupBy.Holder);
        Assert.Equal(Fraction.Of(Tencent), after.Rows.Single(r => r.Key == "tencent").Amount);
        Assert.Equal(before.Total, after.Total);
    }

    [Fact]
    public void AdjustForSplits_MajoritySeriesFThresholdAfterTwoForOneSplit_Is11799686()
    {
        var b = Build();
        b.Do(Split("series-f", Fraction.Of(2), SplitOn));
        Assert.Equal(Fraction.Of(11_799_686), b.Latest.AdjustForSplits("series-f", Fraction.Of(5_899_843), Closing, SplitOn));
        Assert.Equal(Fraction.Of(7_635_090), b.Latest.AdjustForSplits("series-f", Fraction.Of(3_817_545), Closing, SplitOn.PlusDays(100)));
    }

    [Fact]
    public void AdjustForSplits_AsOfTheDayBeforeTheSplit_Unchanged()
    {
        var b = Build();
        b.Do(Split("series-f", Fraction.Of(2), SplitOn));
        Assert.Equal(Fraction.Of(5_899_843), b.Latest.AdjustForSplits("series-f", Fraction.Of(5_899_843), Closing, SplitOn.PlusDays(-1)));
    }

    [Fact]
    public void AdjustForSplits_SplitOnTheReferenceDate_Unchanged()
    {
        var b = Build();
        b.Do(Split("series-f", Fraction.Of(2), Closing));
        Assert.Equal(Fraction.Of(5_899_843), b.Latest.AdjustForSplits("series-f", Fraction.Of(5_899_843), Closing, SplitOn));
        // ... and adjusted when the agreement is dated the day before.
        Assert.Equal(Fraction.Of(11_799_686), b.Latest.AdjustForSplits("series-f", Fraction.Of(5_899_843), Closing.PlusDays(-1), SplitOn));
    }

    [Fact]
    public void AdjustForSplits_SplitOfAnotherClass_Unchanged()
    {
        var b = Build();
        b.Do(Split("class-a", Fraction.Of(2), SplitOn));
        Assert.Equal(Fraction.Of(5_899_843), b.Latest.AdjustForSplits("series-f", Fraction.Of(5_899_843), Closing, SplitOn));
    }

    [Fact]
    public void AdjustForSplits_SplitThenCombination_MultipliesExactly()
    {
        var b = Build();
        b.Do(Split("series-f", Fraction.Of(3), SplitOn));
        b.Do(Split("series-f", Fraction.Create(1, 2), SplitOn.PlusDays(1)));
        Assert.Equal(Fraction.Create(3 * 5_899_843, 2), b.Latest.AdjustForSplits("series-f", Fraction.Of(5_899_843), Closing, SplitOn.PlusDays(1)));
        Assert.Equal([(SplitOn, Fraction.Of(3)), (SplitOn.PlusDays(1), Fraction.Create(1, 2))], b.Latest.SplitHistory("series-f"));
    }

    [Fact]
    public void Combination_OneForThree_RoundsDownPerCertificateAndReportsRemainders()
    {
        var on = D(2020, 1, 1);
        var b = new RegisterBuilder()
            .Company(on).Ordinary("class-c", on)
            .Holders(on, "a", "b", "c")
            .Issue("a", "class-c", 10, on)   // class-c-0001
            .Issue("b", "class-c", 2, on)    // class-c-0002
            .Issue("c", "class-c", 9, on);   // class-c-0003
        var e = b.Do<SharesSplit>(Split("class-c", Fraction.Create(1, 3), D(2021, 1, 1)));
        Assert.Equal(
            [
                new SplitLine("class-c-0001", "a", ShareCount.Of(10), ShareCount.Of(3), Fraction.Create(1, 3)),
                new SplitLine("class-c-0002", "b", ShareCount.Of(2), ShareCount.Of(0), Fraction.Create(2, 3)),
                new SplitLine("class-c-0003", "c", ShareCount.Of(9), ShareCount.Of(3), Fraction.Zero),
            ],
            e.Lines);
        Assert.Equal(ShareCount.Of(3), b.Latest.SharesOf("a", "class-c"));
        Assert.Equal(ShareCount.Zero, b.Latest.SharesOf("b", "class-c"));
        Assert.Empty(b.Latest.CertificatesOf("b", "class-c"));
        Assert.False(b.Latest.Certificates.ContainsKey("class-c-0002"));
        Assert.Equal(ShareCount.Of(6), b.Latest.Outstanding("class-c"));
        Assert.Equal(["a", "c"], b.Latest.Holdings().Select(h => h.HolderId).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    [InlineData(-2, 1)]
    public void Split_RatioNotPositiveOrOne_RefusedInvalidRatio(long n, long d)
    {
        Build().Refused(Split("series-f", Fraction.Create(n, d), SplitOn), "register.invalid-ratio");
    }

    [Fact]
    public void Split_UnknownClass_RefusedUnknownClass()
    {
        Build().Refused(Split("series-z", Fraction.Of(2), SplitOn), "register.unknown-class");
    }
}

public class DepositaryTests
{
    private static RegisterBuilder WithAdsProgramme()
    {
        var b = Build();
        b.Do(new EstablishDepositaryProgram("class-a", "ADS depositary bank", ShareCount.Of(2)) { EffectiveOn = D(2021, 2, 8) });
        b.Do(new ChangeAdsRatio("class-a", ShareCount.Of(6), "ADS ratio change (Form 6-K, March 2023)") { EffectiveOn = D(2023, 3, 15) });
        return b;
    }

    [Fact]
    public void SharesPerAds_BeforeTheProgramme_IsNull()
    {
        Assert.Null(WithAdsProgramme().Latest.SharesPerAdsOn("class-a", D(2021, 2, 7)));
    }

    [Fact]
    public void SharesPerAds_FromIpo_IsTwo()
    {
        Assert.Equal(ShareCount.Of(2), WithAdsProgramme().Latest.SharesPerAdsOn("class-a", D(2021, 2, 8)));
    }

    [Fact]
    public void SharesPerAds_TheDayBeforeTheRatioChange_IsTwo()
    {
        Assert.Equal(ShareCount.Of(2), WithAdsProgramme().Latest.SharesPerAdsOn("class-a", D(2023, 3, 14)));
    }

    [Fact]
    public void SharesPerAds_OnTheRatioChange_IsSix()
    {
        var r = WithAdsProgramme().Latest;
        Assert.Equal(ShareCount.Of(6), r.SharesPerAdsOn("class-a", D(2023, 3, 15)));
        Assert.Equal(ShareCount.Of(6), r.SharesPerAdsOn("class-a", D(2030, 1, 1)));
        Assert.Null(r.SharesPerAdsOn("series-f", D(2023, 3, 15)));
    }

    [Fact]
    public void AdsRatioHistory_KeepsTheDepositary()
    {
        var history = WithAdsProgramme().Latest.AdsRatioHistory("class-a");
        Assert.Equal(
            [(D(2021, 2, 8), ShareCount.Of(2), "ADS depositary bank"), (D(2023, 3, 15), ShareCount.Of(6), "ADS depositary bank")],
            history);
    }

    [Fact]
    public void EstablishDepositaryProgram_Twice_RefusedDuplicateProgramme()
    {
        WithAdsProgramme().Refused(new EstablishDepositaryProgram("class-a", "Another bank", ShareCount.Of(2)) { EffectiveOn = D(2023, 6, 1) }, "register.duplicate-programme");
    }

    [Fact]
    public void ChangeAdsRatio_WithoutProgramme_RefusedNoProgramme()
    {
        Build().Refused(new ChangeAdsRatio("class-a", ShareCount.Of(6), null) { EffectiveOn = D(2023, 3, 15) }, "register.no-programme");
    }

    [Fact]
    public void ChangeAdsRatio_ToTheRatioInForce_RefusedInvalidRatio()
    {
        WithAdsProgramme().Refused(new ChangeAdsRatio("class-a", ShareCount.Of(6), null) { EffectiveOn = D(2023, 6, 1) }, "register.invalid-ratio");
    }

    [Fact]
    public void ChangeAdsRatio_ToZero_RefusedQuantityPositive()
    {
        WithAdsProgramme().Refused(new ChangeAdsRatio("class-a", ShareCount.Zero, null) { EffectiveOn = D(2023, 6, 1) }, "register.quantity-positive");
    }
}
