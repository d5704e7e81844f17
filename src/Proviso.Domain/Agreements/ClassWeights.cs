using System.Numerics;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;

namespace Proviso.Domain.Agreements;

/// <summary>
/// A weight per share class (an as-converted ratio, votes per share) brought over one common denominator, so that a
/// weighted count of shares ("Preferred Shares on an as-converted basis") is summed exactly in whole numbers and turned
/// into a <see cref="Fraction"/> once, at the end. The result is the same exact value as adding
/// <c>shares × weight</c> fraction by fraction; only the arithmetic is cheaper (no rational normalisation per holding).
/// </summary>
internal sealed class ClassWeights
{
    private readonly Dictionary<string, Scaled> _byClass;

    /// <summary>A class's weight times <see cref="Denominator"/>: a whole number, also as a long when it fits.</summary>
    private readonly record struct Scaled(BigInteger Value, long AsLong, bool FitsLong);

    private ClassWeights(Dictionary<string, Scaled> byClass, BigInteger denominator)
    {
        _byClass = byClass;
        Denominator = denominator;
    }

    /// <summary>The common denominator: the least common multiple of the weights' denominators.</summary>
    public BigInteger Denominator { get; }

    /// <summary>The classes weighed.</summary>
    public IEnumerable<string> Classes => _byClass.Keys;

    /// <summary>Weights for the given classes (each class once; a class listed twice keeps its first weight).</summary>
    public static ClassWeights Of(IEnumerable<(string ClassId, Fraction Weight)> weights)
    {
        var list = new List<(string ClassId, Fraction Weight)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var denominator = BigInteger.One;
        foreach (var (classId, weight) in weights)
        {
            if (!seen.Add(classId)) continue;
            list.Add((classId, weight));
            var d = weight.Denominator;
            if (!d.IsOne) denominator = denominator / BigInteger.GreatestCommonDivisor(denominator, d) * d;
        }
        var byClass = new Dictionary<string, Scaled>(list.Count, StringComparer.Ordinal);
        foreach (var (classId, weight) in list)
        {
            var scaled = denominator.IsOne ? weight.Numerator : weight.Numerator * (denominator / weight.Denominator);
            var fits = scaled >= long.MinValue && scaled <= long.MaxValue;
            byClass[classId] = new Scaled(scaled, fits ? (long)scaled : 0, fits);
        }
        return new ClassWeights(byClass, denominator);
    }

    public bool Contains(string classId) => _byClass.ContainsKey(classId);

    /// <summary>Adds <paramref name="shares"/> of <paramref name="classId"/>, weighted, to <paramref name="sum"/>; false (nothing added) if the class is not weighed.</summary>
    public bool TryAdd(ref ExactSum sum, string classId, ShareCount shares)
    {
        if (!_byClass.TryGetValue(classId, out var w)) return false;
        if (w.FitsLong) sum.AddProduct(shares.Value, w.AsLong);
        else sum.AddBig(shares.Value * w.Value);
        return true;
    }

    /// <summary>Adds every weighed class's total on the register (its non-empty holdings summed), weighted, to <paramref name="sum"/>.</summary>
    public void AddClassTotals(ref ExactSum sum, HoldingIndex index)
    {
        foreach (var (classId, w) in _byClass)
        {
            var cls = index.ClassOrdinal(classId);
            if (cls >= 0) AddWeighted(ref sum, w, index.TotalOf(cls));
        }
    }

    /// <summary>Adds shares summed by class (indexed by the class ordinals of <paramref name="index"/>), weighted, to <paramref name="sum"/>.</summary>
    public void AddClassTotals(ref ExactSum sum, HoldingIndex index, ReadOnlySpan<Int128> sharesByClass)
    {
        var byOrdinal = ByOrdinal(index);
        for (var c = 0; c < sharesByClass.Length; c++)
            if (byOrdinal[c] is { } w) AddWeighted(ref sum, w, sharesByClass[c]);
    }

    /// <summary>Adds one holder's non-empty holdings of the weighed classes, weighted, read from <paramref name="index"/>.</summary>
    public void AddHoldings(ref ExactSum sum, HoldingIndex index, int holder)
    {
        var byOrdinal = ByOrdinal(index);
        var classes = index.ClassesOf(holder);
        var shares = index.SharesOf(holder);
        for (var i = 0; i < classes.Length; i++)
        {
            if (byOrdinal[classes[i]] is not { } w) continue;
            if (w.FitsLong) sum.AddProduct(shares[i], w.AsLong);
            else sum.AddBig(shares[i] * w.Value);
        }
    }

    private static void AddWeighted(ref ExactSum sum, Scaled w, Int128 shares)
    {
        if (shares != Int128.Zero) sum.AddBig((BigInteger)shares * w.Value);
    }

    // The weights by the class ordinals of the last index asked about (null: the class is not weighed), kept as one
    // reference so that the index and its weights are always read together.
    private sealed record OrdinalWeights(HoldingIndex Index, Scaled?[] Weights);

    private OrdinalWeights? _ordinalWeights;

    private Scaled?[] ByOrdinal(HoldingIndex index)
    {
        if (_ordinalWeights is { } known && ReferenceEquals(known.Index, index)) return known.Weights;
        var byOrdinal = new Scaled?[index.ClassCount];
        foreach (var (classId, w) in _byClass)
            if (index.ClassOrdinal(classId) is var cls and >= 0) byOrdinal[cls] = w;
        _ordinalWeights = new OrdinalWeights(index, byOrdinal);
        return byOrdinal;
    }

    /// <summary>The weighted count a sum stands for, exactly.</summary>
    public Fraction ToFraction(in ExactSum sum) => Fraction.Create(sum.Value, Denominator);
}

/// <summary>
/// An exact integer sum that stays in 128-bit arithmetic while it can and carries into a <see cref="BigInteger"/> when it
/// would not fit, so it never overflows and, for realistic share counts, never allocates.
/// </summary>
internal struct ExactSum
{
    private Int128 _small;
    private BigInteger _big;

    public readonly BigInteger Value => _big + (BigInteger)_small;

    public readonly bool IsZero => _small == Int128.Zero && _big.IsZero;

    /// <summary>Adds <paramref name="a"/> × <paramref name="b"/>; the product of two longs always fits in 128 bits.</summary>
    public void AddProduct(long a, long b) => Add((Int128)a * b);

    public void Add(in ExactSum other)
    {
        Add(other._small);
        if (!other._big.IsZero) _big += other._big;
    }

    public void AddBig(BigInteger value) => _big += value;

    private void Add(Int128 value)
    {
        var s = unchecked(_small + value);
        // Two's-complement overflow: both operands have the same sign and the result's sign differs.
        if (((_small ^ s) & (value ^ s)) < Int128.Zero)
        {
            _big += (BigInteger)_small + value;
            _small = Int128.Zero;
        }
        else
        {
            _small = s;
        }
    }
}
