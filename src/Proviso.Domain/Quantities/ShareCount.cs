using System.Globalization;

namespace Proviso.Domain.Quantities;

/// <summary>
/// A whole number of shares (or ADSs, or warrant shares). Checked 64-bit arithmetic: an overflow is an
/// <see cref="OverflowException"/>, never a silent wrap. Negative values are representable so that a
/// difference can be computed and tested, but a holding is never allowed to become negative (the register checks).
/// </summary>
public readonly record struct ShareCount : IComparable<ShareCount>
{
    public long Value { get; }

    public ShareCount(long value) => Value = value;

    public static ShareCount Zero => new(0);

    public static ShareCount Of(long value) => new(value);

    public bool IsZero => Value == 0;
    public bool IsPositive => Value > 0;
    public bool IsNegative => Value < 0;

    public static ShareCount operator +(ShareCount a, ShareCount b) => new(checked(a.Value + b.Value));
    public static ShareCount operator -(ShareCount a, ShareCount b) => new(checked(a.Value - b.Value));
    public static ShareCount operator -(ShareCount a) => new(checked(-a.Value));
    public static ShareCount operator *(ShareCount a, long factor) => new(checked(a.Value * factor));
    public static bool operator <(ShareCount a, ShareCount b) => a.Value < b.Value;
    public static bool operator >(ShareCount a, ShareCount b) => a.Value > b.Value;
    public static bool operator <=(ShareCount a, ShareCount b) => a.Value <= b.Value;
    public static bool operator >=(ShareCount a, ShareCount b) => a.Value >= b.Value;

    public static ShareCount Min(ShareCount a, ShareCount b) => a.Value <= b.Value ? a : b;
    public static ShareCount Max(ShareCount a, ShareCount b) => a.Value >= b.Value ? a : b;

    public int CompareTo(ShareCount other) => Value.CompareTo(other.Value);

    /// <summary>This share count as an exact fraction (n/1).</summary>
    public Fraction ToFraction() => Fraction.Of(Value);

    public static ShareCount Sum(IEnumerable<ShareCount> counts)
    {
        long total = 0;
        foreach (var c in counts) total = checked(total + c.Value);
        return new ShareCount(total);
    }

    /// <summary>Renders with thousands separators, as share numbers appear in the agreements (5,899,843).</summary>
    public override string ToString() => Value.ToString("N0", CultureInfo.InvariantCulture);

    public static implicit operator Fraction(ShareCount s) => Fraction.Of(s.Value);
}
