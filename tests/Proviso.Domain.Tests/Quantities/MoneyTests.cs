using Proviso.Domain.Quantities;

namespace Proviso.Domain.Tests.Quantities;

public class MoneyTests
{
    private static readonly Money TwoBillionUsd = Money.Of(2_000_000_000.00m, "USD");

    [Fact]
    public void Add_SameCurrency_AddsAmounts()
    {
        var sum = Money.Of(1_000_000.50m, "USD") + Money.Of(0.50m, "USD");
        Assert.Equal(1_000_001.00m, sum.Amount);
        Assert.Equal(Currency.USD, sum.Currency);
    }

    [Fact]
    public void Subtract_SameCurrency_SubtractsAmounts()
    {
        var diff = TwoBillionUsd - Money.Of(0.01m, "USD");
        Assert.Equal(1_999_999_999.99m, diff.Amount);
    }

    [Fact]
    public void Multiply_ByDecimal_KeepsCurrency()
    {
        var m = Money.Of(100m, "HKD") * 1.5m;
        Assert.Equal(150m, m.Amount);
        Assert.Equal("HKD", m.Currency.Code);
        Assert.Equal(-100m, (-Money.Of(100m, "HKD")).Amount);
    }

    [Fact]
    public void Add_UsdAndHkd_ThrowsCurrencyMismatch()
    {
        var usd = Money.Of(1m, "USD");
        var hkd = Money.Of(1m, "HKD");
        var ex = Assert.Throws<CurrencyMismatchException>(() => usd + hkd);
        Assert.Contains("USD", ex.Message);
        Assert.Contains("HKD", ex.Message);
    }

    [Fact]
    public void Subtract_UsdAndHkd_ThrowsCurrencyMismatch()
    {
        Assert.Throws<CurrencyMismatchException>(() => Money.Of(1m, "USD") - Money.Of(1m, "HKD"));
    }

    [Fact]
    public void Compare_UsdAndHkd_ThrowsCurrencyMismatch()
    {
        var usd = Money.Of(1m, "USD");
        var hkd = Money.Of(2m, "HKD");
        Assert.Throws<CurrencyMismatchException>(() => usd < hkd);
        Assert.Throws<CurrencyMismatchException>(() => usd > hkd);
        Assert.Throws<CurrencyMismatchException>(() => usd <= hkd);
        Assert.Throws<CurrencyMismatchException>(() => usd >= hkd);
        Assert.Throws<CurrencyMismatchException>(() => usd.CompareTo(hkd));
    }

    [Fact]
    public void Equality_UsdAndHkdOfSameAmount_AreNotEqual()
    {
        Assert.NotEqual(Money.Of(1m, "USD"), Money.Of(1m, "HKD"));
        Assert.Equal(Money.Of(1.0m, "USD"), Money.Of(1.00m, "usd"));
    }

    [Fact]
    public void Add_DefaultMoneyToUsd_ThrowsCurrencyMismatch()
    {
        Assert.Throws<CurrencyMismatchException>(() => default(Money) + Money.Of(1m, "USD"));
    }

    [Fact]
    public void Compare_TwoBillionThreshold_BothSides()
    {
        var threshold = TwoBillionUsd;
        Assert.False(Money.Of(2_000_000_000m, "USD") > threshold);
        Assert.True(Money.Of(2_000_000_000m, "USD") >= threshold);
        Assert.True(Money.Of(2_000_000_000.01m, "USD") > threshold);
        Assert.True(Money.Of(1_999_999_999.99m, "USD") < threshold);
    }

    [Fact]
    public void Sum_SameCurrency_IsTotal_AndMixedThrows()
    {
        Assert.Equal(Money.Of(3.5m, "USD"), Money.Sum([Money.Of(1m, "USD"), Money.Of(2.5m, "USD")], Currency.USD));
        Assert.Equal(Money.Zero(Currency.HKD), Money.Sum([], Currency.HKD));
        Assert.Throws<CurrencyMismatchException>(() => Money.Sum([Money.Of(1m, "USD")], Currency.HKD));
    }

    [Theory]
    [InlineData("0.0001", 1, 10_000)]
    [InlineData("-1.50", -3, 2)]
    [InlineData("2000000000.00", 2_000_000_000, 1)]
    [InlineData("0", 0, 1)]
    [InlineData("33.333", 33_333, 1_000)]
    public void ToFraction_Amount_IsExact(string amount, long n, long d)
    {
        var m = new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), Currency.USD);
        Assert.Equal(Fraction.Create(n, d), m.ToFraction());
    }

    [Fact]
    public void ToFraction_DecimalMaxValue_IsExact()
    {
        var m = new Money(decimal.MaxValue, Currency.USD);
        Assert.Equal(Fraction.Parse("79228162514264337593543950335"), m.ToFraction());
        Assert.Equal(Fraction.Parse("-79228162514264337593543950335"), new Money(decimal.MinValue, Currency.USD).ToFraction());
    }

    [Theory]
    [InlineData("USD 2,000,000,000.00", "USD", "2000000000.00")]
    [InlineData("USD 2000000000", "USD", "2000000000")]
    [InlineData("US$2,000,000,000", "USD", "2000000000")]
    [InlineData("hkd 0.50", "HKD", "0.50")]
    [InlineData("  USD   -5.25  ", "USD", "-5.25")]
    [InlineData("JPY 1000", "JPY", "1000")]
    public void TryParse_ValidText_ReadsCurrencyAndAmount(string text, string code, string amount)
    {
        Assert.True(Money.TryParse(text, out var m));
        Assert.Equal(code, m.Currency.Code);
        Assert.Equal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), m.Amount);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("USD")]
    [InlineData("2000000000")]
    [InlineData("XYZ 100")]
    [InlineData("USD abc")]
    [InlineData("USD 1.2.3")]
    [InlineData("USD 1 000")]
    [InlineData("USD 1e6")]
    public void TryParse_InvalidText_IsFalse(string? text)
    {
        Assert.False(Money.TryParse(text, out _));
    }

    [Fact]
    public void Of_UnknownCurrencyCode_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Money.Of(1m, "XYZ"));
        Assert.Contains("XYZ", ex.Message);
        Assert.False(Currency.TryOf("XYZ", out _));
        Assert.False(Currency.TryOf(null, out _));
        Assert.False(Currency.TryOf("US", out _));
    }

    [Fact]
    public void Currency_Code_IsNormalisedAndCarriesMinorUnits()
    {
        Assert.True(Currency.TryOf(" usd ", out var usd));
        Assert.Equal("USD", usd.Code);
        Assert.Equal(2, usd.MinorUnits);
        Assert.Equal(Currency.USD, usd);
        Assert.Equal(0, Currency.Of("JPY").MinorUnits);
        Assert.Contains("HKD", Currency.SupportedCodes);
    }

    [Fact]
    public void Constructor_NullCurrency_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new Money(1m, null!));
    }

    [Fact]
    public void ToString_UsesThousandsSeparatorsAndMinorUnits()
    {
        Assert.Equal("USD 2,000,000,000.00", TwoBillionUsd.ToString());
        Assert.Equal("USD 2000000000.00", TwoBillionUsd.ToInvariantString());
        Assert.Equal("JPY 1,000", Money.Of(1000m, "JPY").ToString());
        Assert.Equal("USD 0.00", Money.Of(0.0001m, "USD").ToString());
    }

    [Fact]
    public void ToStringThenParse_RoundTrips()
    {
        Assert.True(Money.TryParse(TwoBillionUsd.ToString(), out var back));
        Assert.Equal(TwoBillionUsd, back);
    }

    [Theory]
    [InlineData("1.00", "USD", true)]
    [InlineData("1.01", "USD", true)]
    [InlineData("1.005", "USD", false)]
    [InlineData("0.0001", "USD", false)]
    [InlineData("1000", "JPY", true)]
    [InlineData("1.5", "JPY", false)]
    public void IsWholeMinorUnits_ByCurrency(string amount, string code, bool expected)
    {
        var m = Money.Of(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), code);
        Assert.Equal(expected, m.IsWholeMinorUnits);
    }

    [Fact]
    public void Predicates_ZeroAndNegative()
    {
        Assert.True(Money.Zero(Currency.USD).IsZero);
        Assert.False(Money.Zero(Currency.USD).IsNegative);
        Assert.True(Money.Of(-0.01m, "USD").IsNegative);
    }
}
