using System.Globalization;

namespace Proviso.Domain.Quantities;

/// <summary>
/// An amount of money: a <see cref="decimal"/> with an ISO 4217 <see cref="Currency"/>. Adding or comparing
/// amounts in different currencies is an error (<see cref="CurrencyMismatchException"/>), never a silent conversion.
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    public decimal Amount { get; }
    public Currency Currency { get; }

    public Money(decimal amount, Currency currency)
    {
        Amount = amount;
        Currency = currency ?? throw new ArgumentNullException(nameof(currency));
    }

    public static Money Of(decimal amount, string currencyCode) => new(amount, Currency.Of(currencyCode));
    public static Money Zero(Currency currency) => new(0m, currency);

    public bool IsZero => Amount == 0m;
    public bool IsNegative => Amount < 0m;

    private static void SameCurrency(Money a, Money b)
    {
        if (a.Currency is null || b.Currency is null || a.Currency.Code != b.Currency.Code)
            throw new CurrencyMismatchException(a.Currency?.Code ?? "(none)", b.Currency?.Code ?? "(none)");
    }

    public static Money operator +(Money a, Money b) { SameCurrency(a, b); return new(a.Amount + b.Amount, a.Currency); }
    public static Money operator -(Money a, Money b) { SameCurrency(a, b); return new(a.Amount - b.Amount, a.Currency); }
    public static Money operator -(Money a) => new(-a.Amount, a.Currency);
    public static Money operator *(Money a, decimal factor) => new(a.Amount * factor, a.Currency);
    public static bool operator <(Money a, Money b) => a.CompareTo(b) < 0;
    public static bool operator >(Money a, Money b) => a.CompareTo(b) > 0;
    public static bool operator <=(Money a, Money b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Money a, Money b) => a.CompareTo(b) >= 0;

    public int CompareTo(Money other)
    {
        SameCurrency(this, other);
        return Amount.CompareTo(other.Amount);
    }

    /// <summary>The amount as an exact fraction, for exact ratios of money (proceeds shares, valuations per share).</summary>
    public Fraction ToFraction()
    {
        var bits = decimal.GetBits(Amount);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = (bits[3] & unchecked((int)0x80000000)) != 0;
        var mantissa = new System.Numerics.BigInteger(unchecked((uint)bits[0]))
                       | (new System.Numerics.BigInteger(unchecked((uint)bits[1])) << 32)
                       | (new System.Numerics.BigInteger(unchecked((uint)bits[2])) << 64);
        if (negative) mantissa = -mantissa;
        return Fraction.Create(mantissa, System.Numerics.BigInteger.Pow(10, scale));
    }

    /// <summary>Whether the amount is a whole number of the currency's minor units (cents for USD).</summary>
    public bool IsWholeMinorUnits => decimal.Round(Amount, Currency.MinorUnits) == Amount;

    public static Money Sum(IEnumerable<Money> amounts, Currency currency)
    {
        var total = Zero(currency);
        foreach (var a in amounts) total += a;
        return total;
    }

    public override string ToString() =>
        $"{Currency.Code} {Amount.ToString("N" + Currency.MinorUnits, CultureInfo.InvariantCulture)}";

    /// <summary>Plain machine form: "USD 2000000000.00".</summary>
    public string ToInvariantString() => $"{Currency.Code} {Amount.ToString("F" + Currency.MinorUnits, CultureInfo.InvariantCulture)}";

    public static bool TryParse(string? text, out Money money)
    {
        money = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Replace("US$", "USD ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2) return false;
        if (!Currency.TryOf(parts[0], out var c)) return false;
        if (!decimal.TryParse(parts[1].Replace(",", ""), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) return false;
        money = new Money(amount, c);
        return true;
    }
}

public sealed class CurrencyMismatchException(string left, string right)
    : InvalidOperationException($"Cannot combine {left} with {right}: amounts in different currencies are never mixed.");
