using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Tests.Quantities;

public class FractionPropertyTests
{
    // Numerators from small to far beyond 64 bits (scaled by 10^0, 10^9 or 10^18), denominators up to a million.
    private static readonly Gen<Fraction> Fractions =
        from n in Gen.Choose(-1_000_000, 1_000_000)
        from scale in Gen.Elements(0, 9, 18)
        from d in Gen.Choose(1, 1_000_000)
        select Fraction.Create(n * BigInteger.Pow(10, scale), d);

    private static readonly Gen<Fraction> NonZeroFractions = Fractions.Where(f => !f.IsZero);

    [Fact]
    public void Add_AnyTwo_IsCommutative()
    {
        var gen = from a in Fractions from b in Fractions select (a, b);
        Prop.ForAll(Arb.From(gen), t => t.a + t.b == t.b + t.a).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Add_AnyThree_IsAssociative()
    {
        var gen = from a in Fractions from b in Fractions from c in Fractions select (a, b, c);
        Prop.ForAll(Arb.From(gen), t => (t.a + t.b) + t.c == t.a + (t.b + t.c)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void MultiplyThenDivide_ByNonZero_GivesBackTheValue()
    {
        var gen = from a in Fractions from b in NonZeroFractions select (a, b);
        Prop.ForAll(Arb.From(gen), t => t.a * t.b / t.b == t.a).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SubtractItself_Any_IsZero()
    {
        Prop.ForAll(Arb.From(Fractions), a => (a - a).IsZero && a + -a == Fraction.Zero).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Create_EqualValuesWrittenDifferently_HaveTheSameNormalForm()
    {
        var gen = from n in Gen.Choose(-100_000, 100_000)
                  from d in Gen.Choose(1, 100_000)
                  from k in Gen.Choose(-1000, 1000).Where(k => k != 0)
                  select (n, d, k);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var a = Fraction.Create(t.n, t.d);
            var b = Fraction.Create((BigInteger)t.n * t.k, (BigInteger)t.d * t.k);
            return a == b
                   && a.Numerator == b.Numerator
                   && a.Denominator == b.Denominator
                   && a.GetHashCode() == b.GetHashCode()
                   && a.ToString() == b.ToString();
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Create_Any_IsInLowestTermsWithPositiveDenominator()
    {
        Prop.ForAll(Arb.From(Fractions), a =>
            a.Denominator.Sign > 0 && BigInteger.GreatestCommonDivisor(a.Numerator, a.Denominator) == (a.IsZero ? a.Denominator : BigInteger.One))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void CompareTo_AnyTwo_AgreesWithTheSignOfTheDifference()
    {
        var gen = from a in Fractions from b in Fractions select (a, b);
        Prop.ForAll(Arb.From(gen), t => t.a.CompareTo(t.b) == (t.a - t.b).Sign && t.b.CompareTo(t.a) == -t.a.CompareTo(t.b))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void FloorAndCeiling_Any_BracketTheValue()
    {
        Prop.ForAll(Arb.From(Fractions), a =>
        {
            var floor = Fraction.Of(a.Floor());
            var ceiling = Fraction.Of(a.Ceiling());
            return floor <= a && a < floor + Fraction.One
                   && ceiling >= a && a > ceiling - Fraction.One
                   && (a.IsInteger ? floor == ceiling : ceiling - floor == Fraction.One);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ToStringThenParse_Any_RoundTrips()
    {
        Prop.ForAll(Arb.From(Fractions), a => Fraction.Parse(a.ToString()) == a).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ToDecimalString_Any_IsWithinHalfAUnitInTheLastPlace()
    {
        var gen = from a in Fractions from places in Gen.Choose(0, 8) select (a, places);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var text = t.a.ToDecimalString(t.places);
            var back = Fraction.Parse(text);
            var halfUnit = Fraction.Create(1, 2 * BigInteger.Pow(10, t.places));
            var placesOk = t.places == 0 ? !text.Contains('.') : text.Length - text.IndexOf('.') - 1 == t.places;
            return (back - t.a).Abs() <= halfUnit && placesOk;
        }).QuickCheckThrowOnFailure();
    }
}
