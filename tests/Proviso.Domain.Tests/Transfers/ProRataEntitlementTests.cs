using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Tests.Transfers;

public class ProRataEntitlementTests
{
    private static ProRataTable Table(TransferFixture f, long offered)
    {
        var fr = f.Agreement.Mechanism<FirstRefusalTerms>("firstRefusal")!;
        return ProRataEntitlement.Compute(f.Agreement, f.Register, TransferFixture.Start, "investors", "holdco", ["inv-a", "inv-b", "inv-c"],
            ShareCount.Of(offered), fr.Stages[0].ProRata!, fr.Rounding);
    }

    [Fact]
    public void ProRata_InvestorOutsideDenominator_ReportsFractionsAboveOneAndNormalises()
    {
        var t = Table(new TransferFixture(), 1_000_000);
        Assert.Equal(Fraction.Of(9_000_000), t.DenominatorAsWritten);
        Assert.Equal(Fraction.Create(10, 9), t.SumOfFractionsAsWritten);
        var ambiguity = Assert.Single(t.Ambiguities, a => a.Code == "pro-rata-sum-exceeds-one");
        Assert.Contains("inv-c", ambiguity.Description);
        Assert.StartsWith("normalise", ambiguity.ReadingTaken);
        Assert.NotNull(ambiguity.Alternative);
        Assert.Equal(ShareCount.Of(600_000), t.For("inv-a")!.Whole);
        Assert.Equal(ShareCount.Of(300_000), t.For("inv-b")!.Whole);
        Assert.Equal(ShareCount.Of(100_000), t.For("inv-c")!.Whole);
        Assert.Equal(Fraction.Create(2, 3), t.For("inv-a")!.FractionAsWritten);
        Assert.Equal(Fraction.Create(3, 5), t.For("inv-a")!.FractionApplied);
    }

    [Fact]
    public void ProRata_AsWrittenReading_KeepsFractionsAboveOne()
    {
        var t = Table(new TransferFixture(FractionsAboveOne.AsWritten), 900_000);
        Assert.Equal(ShareCount.Of(600_000), t.For("inv-a")!.Whole);
        Assert.Equal(ShareCount.Of(100_000), t.For("inv-c")!.Whole);
        Assert.StartsWith("as written", Assert.Single(t.Ambiguities, a => a.Code == "pro-rata-sum-exceeds-one").ReadingTaken);
    }

    [Fact]
    public void ProRata_FractionalShares_RoundDownReportsTheRemainder()
    {
        var t = Table(new TransferFixture(), 1_000_001);
        Assert.Equal(Fraction.Create(6_000_006, 10), t.For("inv-a")!.Exact);
        Assert.Equal(ShareCount.Of(600_000), t.For("inv-a")!.Whole);
        Assert.Equal(ShareCount.Of(1), t.RoundingRemainder);
        Assert.Contains(t.Ambiguities, a => a.Code == "rounding-remainder");
        Assert.StartsWith("round-down", t.RoundingPolicy);
    }

    [Fact]
    public void ProRata_LargestRemainder_GivesTheSpareShareToTheLargestFraction()
    {
        var t = Table(new TransferFixture(rounding: RoundingMethod.LargestRemainder), 1_000_001);
        Assert.Equal(ShareCount.Of(600_001), t.For("inv-a")!.Whole);
        Assert.Equal(ShareCount.Zero, t.RoundingRemainder);
    }

    [Fact]
    public void ProRata_TransferorIsAPreferredInvestor_IsLeftOutOfTheDenominator()
    {
        var f = new TransferFixture();
        var fr = f.Agreement.Mechanism<FirstRefusalTerms>("firstRefusal")!;
        var d = ProRataEntitlement.Denominator(f.Agreement, f.Register, TransferFixture.Start, "inv-b", fr.Stages[0].ProRata!.Denominator);
        Assert.Equal(Fraction.Of(6_000_000), d);
    }
}
