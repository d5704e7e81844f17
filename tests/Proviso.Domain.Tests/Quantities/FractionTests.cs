using System.Numerics;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Tests.Quantities;

public class FractionTests
{
    private static Fraction F(long n, long d) => Fraction.Create(n, d);

    // --- normalisation -------------------------------------------------------------------------------------------

    [Fact]
    public void Create_TwoQuarters_IsOneHalf()
    {
        var f = F(2, 4);
        Assert.Equal(Fraction.Half, f);
        Assert.Equal(BigInteger.One, f.Numerator);
        Assert.Equal(new BigInteger(2), f.Denominator);
    }

    [Fact]
    public void Create_NegativeDenominator_MovesSignToNumerator()
    {
        var f = F(1, -2);
        Assert.Equal(new BigInteger(-1), f.Numerator);
        Assert.Equal(new BigInteger(2), f.Denominator);
        Assert.Equal(F(-1, 2), f);
        Assert.Equal(-1, f.Sign);
    }

    [Fact]
    public void Create_BothNegative_IsPositive()
    {
        var f = F(-3, -6);
        Assert.Equal(Fraction.Half, f);
        Assert.Equal(1, f.Sign);
    }

    [Fact]
    public void Create_ZeroOverFive_IsZeroOverOne()
    {
        var f = F(0, 5);
        Assert.Equal(Fraction.Zero, f);
        Assert.Equal(BigInteger.One, f.Denominator);
        Assert.True(f.IsZero);
        Assert.True(f.IsInteger);
        Assert.Equal("0", f.ToString());
    }

    [Fact]
    public void Create_ZeroOverNegative_IsZeroOverOne()
    {
        var f = F(0, -7);
        Assert.Equal(Fraction.Zero, f);
        Assert.Equal(BigInteger.One, f.Denominator);
    }

    [Fact]
    public void Create_ZeroDenominator_ThrowsDivideByZero()
    {
        Assert.Throws<DivideByZeroException>(() => F(1, 0));
    }

    [Fact]
    public void Default_IsZero_AndEqualsZero()
    {
        var d = default(Fraction);
        Assert.Equal(Fraction.Zero, d);
        Assert.Equal(BigInteger.One, d.Denominator);
        Assert.Equal(Fraction.Zero.GetHashCode(), d.GetHashCode());
        Assert.Equal("0", d.ToString());
        Assert.Equal(Fraction.One, d + Fraction.One);
    }

    [Fact]
    public void EqualValues_HaveEqualHashCodes()
    {
        Assert.Equal(F(5_899_843, 11_799_686).GetHashCode(), Fraction.Half.GetHashCode());
        Assert.True(F(3_817_545, 7_635_090).Equals((object)Fraction.Half));
        Assert.False(Fraction.Half.Equals((object)0.5m));
    }

    [Fact]
    public void Percent_Fifty_IsOneHalf_AndSixtySeven_IsSixtySevenHundredths()
    {
        Assert.Equal(Fraction.Half, Fraction.Percent(50));
        Assert.Equal(F(67, 100), Fraction.Percent(67));
    }

    // --- ordering --------------------------------------------------------------------------------------------------

    [Fact]
    public void Compare_OneThirdAndOneHalf_OrderedExactly()
    {
        Assert.True(F(1, 3) < Fraction.Half);
        Assert.True(Fraction.Half > F(1, 3));
        Assert.True(F(-1, 2) < F(-1, 3));
        Assert.True(F(2, 4) <= Fraction.Half);
        Assert.True(F(2, 4) >= Fraction.Half);
        Assert.Equal(0, F(2, 4).CompareTo(Fraction.Half));
        Assert.Equal(F(1, 3), Fraction.Min(F(1, 3), Fraction.Half));
        Assert.Equal(Fraction.Half, Fraction.Max(F(1, 3), Fraction.Half));
    }

    [Fact]
    public void MoreThanFiftyPercent_ExactlyFiftyPercent_IsNotMore()
    {
        Assert.False(F(50, 100) > Fraction.Half);
    }

    [Fact]
    public void MoreThanFiftyPercent_OneHundredMillionthAbove_IsMore()
    {
        Assert.True(F(50_000_001, 100_000_000) > Fraction.Half);
    }

    [Fact]
    public void MoreThanFiftyPercent_MajoritySeriesF_HalfOfTencentIsNotMore_OneMoreShareIs()
    {
        // Majority Series F Investors: more than half of 11,799,686 Series F, i.e. more than 5,899,843.
        Assert.False(F(5_899_843, 11_799_686) > Fraction.Half);
        Assert.True(F(5_899_844, 11_799_686) > Fraction.Half);
        Assert.True(F(3_817_545, 7_635_090) == Fraction.Half);
        Assert.True(F(3_817_546, 7_635_090) > Fraction.Half);
        Assert.False(F(3_817_544, 7_635_090) >= Fraction.Half);
    }

    [Fact]
    public void AtLeastSixtySevenPercent_Boundary_BothSides()
    {
        var threshold = Fraction.Percent(67);
        Assert.True(F(67, 100) >= threshold);
        Assert.False(F(67, 100) > threshold);
        Assert.False(F(6_699_999, 10_000_000) >= threshold);
        Assert.True(F(6_700_001, 10_000_000) > threshold);
    }

    // --- arithmetic ------------------------------------------------------------------------------------------------

    [Fact]
    public void Add_OneThirdAndOneSixth_IsExactlyOneHalf()
    {
        Assert.Equal(Fraction.Half, F(1, 3) + F(1, 6));
    }

    [Fact]
    public void Subtract_OneThirdFromOneHalf_IsOneSixth()
    {
        Assert.Equal(F(1, 6), Fraction.Half - F(1, 3));
    }

    [Fact]
    public void Multiply_TwoThirdsByThreeHalves_IsOne()
    {
        Assert.Equal(Fraction.One, F(2, 3) * F(3, 2));
    }

    [Fact]
    public void Divide_OneHalfByOneQuarter_IsTwo()
    {
        Assert.Equal(Fraction.Of(2), Fraction.Half / F(1, 4));
    }

    [Fact]
    public void Divide_ByZero_ThrowsDivideByZero()
    {
        Assert.Throws<DivideByZeroException>(() => Fraction.Half / Fraction.Zero);
        Assert.Throws<DivideByZeroException>(() => Fraction.Half / default(Fraction));
    }

    [Fact]
    public void Negate_OneHalf_IsMinusOneHalf()
    {
        Assert.Equal(F(-1, 2), -Fraction.Half);
        Assert.Equal(Fraction.Half, (-Fraction.Half).Abs());
        Assert.Equal(Fraction.Half, Fraction.Half.Abs());
    }

    [Fact]
    public void Sum_ThreeThirds_IsExactlyOne()
    {
        Assert.Equal(Fraction.One, Fraction.Sum([F(1, 3), F(1, 3), F(1, 3)]));
        Assert.Equal(Fraction.Zero, Fraction.Sum([]));
    }

    [Fact]
    public void ImplicitLong_IsWholeFraction()
    {
        Fraction f = 11_799_685L;
        Assert.True(f.IsInteger);
        Assert.Equal(new BigInteger(11_799_685), f.Numerator);
    }

    [Fact]
    public void Arithmetic_BeyondLongRange_StaysExact()
    {
        var big = Fraction.Of(long.MaxValue) * Fraction.Of(long.MaxValue);
        Assert.Equal(BigInteger.Pow(long.MaxValue, 2), big.Numerator);
        Assert.Equal(Fraction.Of(long.MaxValue), big / Fraction.Of(long.MaxValue));
    }

    // --- floor and ceiling ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(7, 2, 3, 4)]
    [InlineData(-7, 2, -4, -3)]
    [InlineData(-1, 2, -1, 0)]
    [InlineData(1, 2, 0, 1)]
    [InlineData(4, 1, 4, 4)]
    [InlineData(-4, 1, -4, -4)]
    [InlineData(0, 1, 0, 0)]
    [InlineData(35_398_058, 3, 11_799_352, 11_799_353)]
    public void FloorAndCeiling_GiveTheIntegersAround(long n, long d, long floor, long ceiling)
    {
        var f = F(n, d);
        Assert.Equal(new BigInteger(floor), f.Floor());
        Assert.Equal(new BigInteger(ceiling), f.Ceiling());
    }

    // --- rendering -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1, 2, "1/2")]
    [InlineData(-1, 2, "-1/2")]
    [InlineData(6, 3, "2")]
    [InlineData(-6, 3, "-2")]
    [InlineData(11_799_686, 2, "5899843")]
    public void ToString_IsNOverDOrWhole(long n, long d, string expected)
    {
        Assert.Equal(expected, F(n, d).ToString());
    }

    [Theory]
    [InlineData(1, 3, 4, "0.3333")]
    [InlineData(2, 3, 4, "0.6667")]
    [InlineData(1, 2, 0, "1")]
    [InlineData(-1, 2, 0, "-1")]
    [InlineData(3, 2, 0, "2")]
    [InlineData(-3, 2, 0, "-2")]
    [InlineData(1, 8, 2, "0.13")]
    [InlineData(-1, 8, 2, "-0.13")]
    [InlineData(1, 3, 0, "0")]
    [InlineData(-1, 3, 2, "-0.33")]
    [InlineData(-1, 1000, 2, "0.00")]
    [InlineData(999, 1000, 2, "1.00")]
    [InlineData(5, 1, 2, "5.00")]
    [InlineData(0, 1, 3, "0.000")]
    [InlineData(1, 10000, 4, "0.0001")]
    [InlineData(1, 20000, 4, "0.0001")]
    [InlineData(1, 20001, 4, "0.0000")]
    [InlineData(5_899_843, 11_799_686, 6, "0.500000")]
    public void ToDecimalString_RoundsHalfAwayFromZero(long n, long d, int places, string expected)
    {
        Assert.Equal(expected, F(n, d).ToDecimalString(places));
    }

    [Fact]
    public void ToDecimalString_NegativePlaces_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Fraction.Half.ToDecimalString(-1));
    }

    [Theory]
    [InlineData(1, 3, 4, "33.3333%")]
    [InlineData(2, 3, 2, "66.67%")]
    [InlineData(1, 2, 0, "50%")]
    [InlineData(67, 100, 1, "67.0%")]
    [InlineData(1, 1, 2, "100.00%")]
    [InlineData(-1, 8, 1, "-12.5%")]
    [InlineData(1, 200, 0, "1%")]
    public void ToPercentString_ScalesByHundred(long n, long d, int places, string expected)
    {
        Assert.Equal(expected, F(n, d).ToPercentString(places));
    }

    // --- parsing ---------------------------------------------------------------------------------------------------

    public static TheoryData<string, long, long> Parsable => new()
    {
        { "1/2", 1, 2 },
        { "2/4", 1, 2 },
        { " 2 / 4 ", 1, 2 },
        { "-1/2", -1, 2 },
        { "1/-2", -1, 2 },
        { "3", 3, 1 },
        { "-3", -3, 1 },
        { "+3", 3, 1 },
        { "0", 0, 1 },
        { "0.5", 1, 2 },
        { ".5", 1, 2 },
        { "-0.25", -1, 4 },
        { "1.50", 3, 2 },
        { "0.0001", 1, 10000 },
        { "67%", 67, 100 },
        { "67 %", 67, 100 },
        { "50%", 1, 2 },
        { "50.00%", 1, 2 },
        { "0.5%", 1, 200 },
        { "1/3%", 1, 300 },
        { "11799686", 11_799_686, 1 },
    };

    [Theory]
    [MemberData(nameof(Parsable))]
    public void TryParse_ValidText_IsExact(string text, long n, long d)
    {
        Assert.True(Fraction.TryParse(text, out var f));
        Assert.Equal(F(n, d), f);
        Assert.Equal(F(n, d), Fraction.Parse(text));
    }

    [Fact]
    public void TryParse_IntegerBeyondLong_IsExact()
    {
        Assert.True(Fraction.TryParse("123456789012345678901234567890/3", out var f));
        Assert.Equal(BigInteger.Parse("41152263004115226300411522630"), f.Numerator);
        Assert.True(f.IsInteger);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("1/0")]
    [InlineData("1/")]
    [InlineData("/2")]
    [InlineData("1/2/3")]
    [InlineData("1.")]
    [InlineData("1.2.3")]
    [InlineData("1e3")]
    [InlineData("1,000")]
    [InlineData("%")]
    [InlineData("50%%")]
    [InlineData("0.5/2")]
    public void TryParse_InvalidText_IsFalse(string? text)
    {
        Assert.False(Fraction.TryParse(text, out var f));
        Assert.Equal(Fraction.Zero, f);
    }

    [Fact]
    public void Parse_InvalidText_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => Fraction.Parse("one half"));
    }
}
