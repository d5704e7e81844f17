using Proviso.Domain.Quantities;

namespace Proviso.Domain.Tests.Quantities;

public class ShareCountTests
{
    [Fact]
    public void Add_OneToLongMaxValue_ThrowsOverflow()
    {
        var max = ShareCount.Of(long.MaxValue);
        Assert.Throws<OverflowException>(() => max + ShareCount.Of(1));
    }

    [Fact]
    public void Add_UpToExactlyLongMaxValue_Succeeds()
    {
        var sum = ShareCount.Of(long.MaxValue - 1) + ShareCount.Of(1);
        Assert.Equal(long.MaxValue, sum.Value);
    }

    [Fact]
    public void Subtract_BelowLongMinValue_ThrowsOverflow()
    {
        Assert.Throws<OverflowException>(() => ShareCount.Of(long.MinValue) - ShareCount.Of(1));
    }

    [Fact]
    public void Negate_LongMinValue_ThrowsOverflow()
    {
        Assert.Throws<OverflowException>(() => -ShareCount.Of(long.MinValue));
    }

    [Fact]
    public void Multiply_PastLongMaxValue_ThrowsOverflow()
    {
        Assert.Throws<OverflowException>(() => ShareCount.Of(long.MaxValue / 2 + 1) * 2);
    }

    [Fact]
    public void Multiply_SeriesFHalfByTwo_IsTencentHolding()
    {
        Assert.Equal(ShareCount.Of(11_799_686), ShareCount.Of(5_899_843) * 2);
    }

    [Fact]
    public void Subtract_MoreThanHeld_GivesNegativeDifference()
    {
        var diff = ShareCount.Of(3_817_545) - ShareCount.Of(7_635_090);
        Assert.True(diff.IsNegative);
        Assert.Equal(-3_817_545, diff.Value);
    }

    [Fact]
    public void Sum_OverflowingTotal_ThrowsOverflow()
    {
        Assert.Throws<OverflowException>(() => ShareCount.Sum([ShareCount.Of(long.MaxValue), ShareCount.Of(1)]));
    }

    [Fact]
    public void Sum_SeriesFHoldings_IsExactTotal()
    {
        var total = ShareCount.Sum([ShareCount.Of(11_799_686), ShareCount.Of(7_635_090), ShareCount.Of(2_000_000)]);
        Assert.Equal(21_434_776, total.Value);
    }

    [Fact]
    public void Sum_Empty_IsZero()
    {
        Assert.Equal(ShareCount.Zero, ShareCount.Sum([]));
    }

    [Fact]
    public void ToString_TencentHolding_HasThousandsSeparators()
    {
        Assert.Equal("11,799,686", ShareCount.Of(11_799_686).ToString());
        Assert.Equal("5,899,843", ShareCount.Of(5_899_843).ToString());
        Assert.Equal("0", ShareCount.Zero.ToString());
    }

    [Fact]
    public void Compare_OneApart_OrdersBothWays()
    {
        var half = ShareCount.Of(5_899_843);
        var more = ShareCount.Of(5_899_844);
        Assert.True(half < more);
        Assert.False(more < half);
        Assert.True(more > half);
        var same = ShareCount.Of(5_899_843);
        Assert.True(half <= same);
        Assert.True(half >= same);
        Assert.False(half < same);
        Assert.Equal(-1, half.CompareTo(more));
        Assert.Equal(half, ShareCount.Min(half, more));
        Assert.Equal(more, ShareCount.Max(half, more));
    }

    [Fact]
    public void Predicates_ZeroPositiveNegative_AreExclusive()
    {
        Assert.True(ShareCount.Zero.IsZero);
        Assert.False(ShareCount.Zero.IsPositive);
        Assert.False(ShareCount.Zero.IsNegative);
        Assert.True(ShareCount.Of(1).IsPositive);
        Assert.True(ShareCount.Of(-1).IsNegative);
    }

    [Fact]
    public void ToFraction_LongMaxValue_IsExact()
    {
        Fraction f = ShareCount.Of(long.MaxValue);
        Assert.Equal(Fraction.Of(long.MaxValue), f);
        Assert.Equal(Fraction.Of(long.MaxValue), ShareCount.Of(long.MaxValue).ToFraction());
    }
}
