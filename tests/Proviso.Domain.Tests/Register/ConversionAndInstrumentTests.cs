namespace Proviso.Domain.Tests.Register;

using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Events;
using static Cmd;
using static CloopenFixture;

public class ConversionTests
{
    private static readonly NodaTime.LocalDate On = D(2020, 1, 1);

    private static RegisterBuilder ThreeHalves() =>
        new RegisterBuilder()
            .Company(On)
            .Ordinary("class-a", On)
            .Preferred("series-x", "class-a", Fraction.Create(3, 2), On)
            .Holders(On, "investor")
            .Issue("investor", "series-x", 10, On);       // series-x-0001

    [Fact]
    public void Convert_ThreePreferredAtThreeHalves_IssuesFourOrdinaryAndReportsHalfLeftOver()
    {
        var b = ThreeHalves();
        var e = b.Do<SharesConverted>(Convert("investor", "series-x", 3, D(2021, 1, 1)));
        Assert.Equal(ShareCount.Of(3), e.Shares);
        Assert.Equal(ShareCount.Of(4), e.SharesIssued);
        Assert.Equal(Fraction.Create(3, 2), e.Ratio);
        Assert.Equal(Fraction.Half, e.FractionalRemainder);
        Assert.Equal("class-a", e.ToClassId);
        Assert.Equal("class-a-0001", e.NewCertificateId);
        Assert.Equal("series-x-0002", e.BalanceCertificateId);
        Assert.Equal(ShareCount.Of(4), b.Latest.SharesOf("investor", "class-a"));
        Assert.Equal(ShareCount.Of(7), b.Latest.SharesOf("investor", "series-x"));
        Assert.Equal(ShareCount.Of(7), b.Latest.Outstanding("series-x"));
    }

    [Fact]
    public void Convert_EvenNumberAtThreeHalves_LeavesNoRemainder()
    {
        var e = ThreeHalves().Do<SharesConverted>(Convert("investor", "series-x", 10, D(2021, 1, 1)));
        Assert.Equal(ShareCount.Of(15), e.SharesIssued);
        Assert.Equal(Fraction.Zero, e.FractionalRemainder);
        Assert.Null(e.BalanceCertificateId);
    }

    [Fact]
    public void Convert_AllHeld_Accepted_OneMore_RefusedInsufficientShares()
    {
        var b = ThreeHalves();
        b.Refused(Convert("investor", "series-x", 11, D(2021, 1, 1)), "register.insufficient-shares");
        b.Do(Convert("investor", "series-x", 10, D(2021, 1, 1)));
        Assert.Equal(ShareCount.Zero, b.Latest.Outstanding("series-x"));
    }

    [Fact]
    public void Convert_LessThanOneWholeShare_RefusedConversionYieldsNothing()
    {
        var b = new RegisterBuilder()
            .Company(On).Ordinary("class-a", On)
            .Preferred("series-x", "class-a", Fraction.Create(1, 3), On)
            .Holders(On, "investor").Issue("investor", "series-x", 10, On);
        b.Refused(Convert("investor", "series-x", 2, D(2021, 1, 1)), "register.conversion-yields-nothing");
        var e = b.Do<SharesConverted>(Convert("investor", "series-x", 3, D(2021, 1, 1)));
        Assert.Equal(ShareCount.Of(1), e.SharesIssued);
    }

    [Fact]
    public void Convert_OrdinaryShares_RefusedNotConvertible()
    {
        Build().Refused(Convert("cloopen-co", "class-a", 1, D(2021, 1, 1)), "register.not-convertible");
    }

    [Fact]
    public void Convert_UsesTheRatioInForceOnTheDate()
    {
        var b = ThreeHalves();
        b.Do(new ChangeConversionRatio("series-x", Fraction.Of(2), "anti-dilution") { EffectiveOn = D(2021, 1, 1) });
        var e = b.Do<SharesConverted>(Convert("investor", "series-x", 3, D(2021, 1, 1)));
        Assert.Equal(ShareCount.Of(6), e.SharesIssued);
        Assert.Equal(Fraction.Of(2), e.Ratio);
    }

    [Fact]
    public void Convert_LegendedPreferred_CarriesLegendToOrdinaryCertificate()
    {
        var b = ThreeHalves();
        b.Do(new ApplyLegend("investor", "series-x", "ROFR LEGEND") { EffectiveOn = On });
        var e = b.Do<SharesConverted>(Convert("investor", "series-x", 2, D(2021, 1, 1)));
        Assert.Contains("ROFR LEGEND", b.Latest.Certificates[e.NewCertificateId].Legends);
    }
}

public class InstrumentTests
{
    [Fact]
    public void IssueInstrument_CvcWarrant_IsOutstandingInFull()
    {
        var ins = Build().Latest.Instruments["cvc-warrant"];
        Assert.Equal(ShareCount.Of(CvcWarrant), ins.Outstanding);
        Assert.Equal(ShareCount.Zero, ins.Exercised);
        Assert.Equal("series-f", ins.ClassId);
        Assert.Equal(InstrumentKind.Warrant, ins.Kind);
    }

    [Fact]
    public void IssueInstrument_SameIdTwice_RefusedDuplicateInstrument()
    {
        Build().Refused(Warrant("cvc-warrant", "cvc", "series-f", 1, D(2021, 1, 1)), "register.duplicate-instrument");
    }

    [Fact]
    public void IssueInstrument_ExpiringBeforeExercisable_RefusedInstrumentDates()
    {
        Build().Refused(Warrant("w2", "cvc", "series-f", 1, D(2021, 1, 1), exercisableFrom: D(2022, 1, 2), expiresOn: D(2022, 1, 1)), "register.instrument-dates");
    }

    [Fact]
    public void IssueInstrument_ExpiringTheDayItBecomesExercisable_Accepted()
    {
        Build().Do(Warrant("w2", "cvc", "series-f", 1, D(2021, 1, 1), exercisableFrom: D(2022, 1, 1), expiresOn: D(2022, 1, 1)));
    }

    [Fact]
    public void IssueInstrument_ZeroQuantity_RefusedQuantityPositive()
    {
        Build().Refused(Warrant("w2", "cvc", "series-f", 0, D(2021, 1, 1)), "register.quantity-positive");
    }

    [Fact]
    public void Exercise_TheDayBeforeExercisableFrom_RefusedNotExercisable()
    {
        Build().Refused(Exercise("cvc-warrant", 1, WarrantExercisableFrom.PlusDays(-1)), "register.not-exercisable");
    }

    [Fact]
    public void Exercise_OnExercisableFrom_AcceptedAndIssuesShares()
    {
        var b = Build();
        var e = b.Do<InstrumentExercised>(Exercise("cvc-warrant", 5_899_843, WarrantExercisableFrom));
        Assert.Equal("cvc", e.HolderId);
        Assert.Equal("series-f-0004", e.CertificateId);
        var ins = b.Latest.Instruments["cvc-warrant"];
        Assert.Equal(ShareCount.Of(CvcWarrant - 5_899_843), ins.Outstanding);
        Assert.Equal(ShareCount.Of(5_899_843), ins.Exercised);
        Assert.Equal(ShareCount.Of(5_899_843), b.Latest.SharesOf("cvc", "series-f"));
    }

    [Fact]
    public void Exercise_OnExpiryDate_Accepted()
    {
        Build().Do(Exercise("cvc-warrant", 1, WarrantExpiresOn));
    }

    [Fact]
    public void Exercise_TheDayAfterExpiry_RefusedNotExercisable()
    {
        Build().Refused(Exercise("cvc-warrant", 1, WarrantExpiresOn.PlusDays(1)), "register.not-exercisable");
    }

    [Fact]
    public void Exercise_AllOutstanding_Accepted_OneMore_RefusedExceedsOutstanding()
    {
        var b = Build();
        b.Refused(Exercise("cvc-warrant", CvcWarrant + 1, WarrantExercisableFrom), "register.exceeds-outstanding");
        b.Do(Exercise("cvc-warrant", CvcWarrant, WarrantExercisableFrom));
        Assert.Equal(ShareCount.Zero, b.Latest.Instruments["cvc-warrant"].Outstanding);
        Assert.Equal(ShareCount.Of(CvcWarrant), b.Latest.SharesOf("cvc", "series-f"));
        b.Refused(Exercise("cvc-warrant", 1, WarrantExercisableFrom.PlusDays(1)), "register.exceeds-outstanding");
    }

    [Fact]
    public void Exercise_UnknownInstrument_RefusedUnknownInstrument()
    {
        Build().Refused(Exercise("no-such-warrant", 1, WarrantExercisableFrom), "register.unknown-instrument");
    }

    [Fact]
    public void Exercise_DatedBeforeTheInstrumentWasIssued_RefusedBeforeInstrument()
    {
        var b = Build();
        b.Do(Issue("pac", "series-f", 1, D(2021, 6, 1)));      // moves the register past the back-dated exercise
        b.Do(Warrant("w2", "cvc", "series-f", 100, D(2021, 6, 1)));
        b.Refused(Exercise("w2", 1, D(2021, 5, 31)), "register.before-instrument");
    }

    [Fact]
    public void Exercise_ZeroQuantity_RefusedQuantityPositive()
    {
        Build().Refused(Exercise("cvc-warrant", 0, WarrantExercisableFrom), "register.quantity-positive");
    }

    [Fact]
    public void CancelInstrument_AllOutstanding_Accepted_OneMore_RefusedExceedsOutstanding()
    {
        var b = Build();
        b.Refused(CancelInstrument("cvc-warrant", CvcWarrant + 1, D(2021, 1, 1)), "register.exceeds-outstanding");
        b.Do(CancelInstrument("cvc-warrant", CvcWarrant, D(2021, 1, 1)));
        Assert.Equal(ShareCount.Zero, b.Latest.Instruments["cvc-warrant"].Outstanding);
        Assert.Equal(ShareCount.Zero, b.Latest.Instruments["cvc-warrant"].Exercised);
    }

    [Fact]
    public void CancelInstrument_Unknown_RefusedUnknownInstrument()
    {
        Build().Refused(CancelInstrument("no-such-warrant", 1, D(2021, 1, 1)), "register.unknown-instrument");
    }
}
