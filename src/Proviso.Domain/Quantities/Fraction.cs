using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Proviso.Domain.Quantities;

/// <summary>
/// An exact rational number over <see cref="BigInteger"/>, always normalised: the denominator is positive and
/// shares no factor with the numerator, so equal values are equal records. Used for conversion ratios, pro rata
/// fractions, percentages and every threshold test ("more than fifty percent" is <c>x &gt; 1/2</c>, exactly).
/// </summary>
public readonly struct Fraction : IEquatable<Fraction>, IComparable<Fraction>
{
    private readonly BigInteger _numerator;
    private readonly BigInteger _denominator; // 0 only for default(Fraction), which means 0/1

    public BigInteger Numerator => _numerator;
    public BigInteger Denominator => _denominator.IsZero ? BigInteger.One : _denominator;

    private Fraction(BigInteger numerator, BigInteger denominator, bool normalised)
    {
        _numerator = numerator;
        _denominator = denominator;
        _ = normalised;
    }

    public static Fraction Zero => new(BigInteger.Zero, BigInteger.One, true);
    public static Fraction One => new(BigInteger.One, BigInteger.One, true);
    public static Fraction Half => Create(1, 2);

    public static Fraction Of(BigInteger whole) => new(whole, BigInteger.One, true);

    public static Fraction Create(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("A fraction cannot have a zero denominator.");
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsOne && !gcd.IsZero)
        {
            numerator /= gcd;
            denominator /= gcd;
        }
        if (numerator.IsZero) denominator = BigInteger.One;
        return new Fraction(numerator, denominator, true);
    }

    /// <summary>
    /// A fraction whose terms are already lowest (denominator positive, no common factor, zero over one), taken as it is:
    /// for callers that reduce in machine integers, where the GCD of <see cref="Create"/> over big integers would be most
    /// of the cost (a cap table builds one per distinct amount of 100,000 lines).
    /// </summary>
    internal static Fraction FromLowestTerms(BigInteger numerator, BigInteger denominator)
    {
        Debug.Assert(denominator.Sign > 0 && BigInteger.GreatestCommonDivisor(numerator, denominator).IsOne && (!numerator.IsZero || denominator.IsOne),
            "the terms must be lowest");
        return new Fraction(numerator, denominator, true);
    }

    /// <summary>A percentage as written in an agreement: <c>Percent(50)</c> is 1/2, <c>Percent(67)</c> is 67/100.</summary>
    public static Fraction Percent(BigInteger percent) => Create(percent, 100);

    /// <summary>Parses "n/d", an integer, or a decimal such as "0.5" or "67%" exactly.</summary>
    public static bool TryParse(string? text, out Fraction value)
    {
        value = Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        var percent = false;
        if (s.EndsWith('%'))
        {
            percent = true;
            s = s[..^1].Trim();
        }
        Fraction parsed;
        var slash = s.IndexOf('/');
        if (slash >= 0)
        {
            if (!BigInteger.TryParse(s[..slash].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return false;
            if (!BigInteger.TryParse(s[(slash + 1)..].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) || d.IsZero) return false;
            parsed = Create(n, d);
        }
        else
        {
            var dot = s.IndexOf('.');
            if (dot < 0)
            {
                if (!BigInteger.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return false;
                parsed = Of(whole);
            }
            else
            {
                var digits = s.Remove(dot, 1);
                var scale = s.Length - dot - 1;
                if (scale == 0 || !BigInteger.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return false;
                parsed = Create(n, BigInteger.Pow(10, scale));
            }
        }
        value = percent ? parsed / Of(100) : parsed;
        return true;
    }

    public static Fraction Parse(string text) =>
        TryParse(text, out var f) ? f : throw new FormatException($"'{text}' is not an exact number (expected n/d, an integer or a decimal).");

    public int Sign => _numerator.Sign;
    public bool IsZero => _numerator.IsZero;
    public bool IsInteger => Denominator.IsOne;

    public static Fraction operator +(Fraction a, Fraction b) => Create(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    public static Fraction operator -(Fraction a, Fraction b) => Create(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    public static Fraction operator -(Fraction a) => new(-a.Numerator, a.Denominator, true);
    public static Fraction operator *(Fraction a, Fraction b) => Create(a.Numerator * b.Numerator, a.Denominator * b.Denominator);
    public static Fraction operator /(Fraction a, Fraction b)
    {
        if (b.IsZero) throw new DivideByZeroException("Division of a fraction by zero.");
        return Create(a.Numerator * b.Denominator, a.Denominator * b.Numerator);
    }

    public static bool operator ==(Fraction a, Fraction b) => a.Equals(b);
    public static bool operator !=(Fraction a, Fraction b) => !a.Equals(b);
    public static bool operator <(Fraction a, Fraction b) => a.CompareTo(b) < 0;
    public static bool operator >(Fraction a, Fraction b) => a.CompareTo(b) > 0;
    public static bool operator <=(Fraction a, Fraction b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Fraction a, Fraction b) => a.CompareTo(b) >= 0;

    public static implicit operator Fraction(long whole) => Of(whole);

    public static Fraction Min(Fraction a, Fraction b) => a <= b ? a : b;
    public static Fraction Max(Fraction a, Fraction b) => a >= b ? a : b;

    public static Fraction Sum(IEnumerable<Fraction> values)
    {
        var total = Zero;
        foreach (var v in values) total += v;
        return total;
    }

    /// <summary>The largest integer not greater than this value.</summary>
    public BigInteger Floor()
    {
        var q = BigInteger.DivRem(Numerator, Denominator, out var r);
        return r.Sign < 0 ? q - 1 : q;
    }

    /// <summary>The smallest integer not less than this value.</summary>
    public BigInteger Ceiling()
    {
        var q = BigInteger.DivRem(Numerator, Denominator, out var r);
        return r.Sign > 0 ? q + 1 : q;
    }

    public Fraction Abs() => Numerator.Sign < 0 ? -this : this;

    public bool Equals(Fraction other) => Numerator.Equals(other.Numerator) && Denominator.Equals(other.Denominator);
    public override bool Equals(object? obj) => obj is Fraction f && Equals(f);
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    public int CompareTo(Fraction other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>"n/d", or "n" when the value is whole.</summary>
    public override string ToString() => IsInteger ? Numerator.ToString(CultureInfo.InvariantCulture) : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The value as a decimal string with exactly <paramref name="places"/> digits after the point, rounded half away
    /// from zero. This is a rendering for people; comparisons always use the exact value.
    /// </summary>
    public string ToDecimalString(int places)
    {
        if (places < 0) throw new ArgumentOutOfRangeException(nameof(places), "Decimal places cannot be negative.");
        var scale = BigInteger.Pow(10, places);
        var scaled = BigInteger.Abs(Numerator) * scale;
        var q = BigInteger.DivRem(scaled, Denominator, out var r);
        if (r * 2 >= Denominator) q += 1;
        var digits = q.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        if (Numerator.Sign < 0 && !q.IsZero) sb.Append('-');
        if (places == 0) return sb.Append(digits).ToString();
        digits = digits.PadLeft(places + 1, '0');
        sb.Append(digits, 0, digits.Length - places).Append('.').Append(digits, digits.Length - places, places);
        return sb.ToString();
    }

    /// <summary>The value as a percentage string, e.g. 1/3 at 4 places is "33.3333%".</summary>
    public string ToPercentString(int places) => (this * 100).ToDecimalString(places) + "%";
}
