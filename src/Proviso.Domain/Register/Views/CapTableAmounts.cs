using System.Numerics;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register.Views;

/// <summary>
/// The class weights over their least common denominator, as 64-bit integers, so that amounts add up as whole numbers
/// (in 128 bits: a share count and a weight are each below 2^63, so a product is below 2^126 and only sums can overflow).
/// </summary>
internal sealed class WholeWeights
{
    private readonly long[] _scaled;

    private WholeWeights(long[] scaled, long denominator)
    {
        _scaled = scaled;
        Denominator = denominator;
    }

    public long Denominator { get; }

    /// <summary>
    /// The weights of the classes <paramref name="include"/> accepts over their common denominator, or null if it or a
    /// weight over it does not fit 64 bits.
    /// </summary>
    public static WholeWeights? TryCreate(Fraction[] weights, Func<int, bool> include)
    {
        var denominator = BigInteger.One;
        for (var c = 0; c < weights.Length; c++)
        {
            if (!include(c)) continue;
            var d = weights[c].Denominator;
            denominator = denominator / BigInteger.GreatestCommonDivisor(denominator, d) * d;
            if (denominator > long.MaxValue) return null;
        }
        var scaled = new long[weights.Length];
        for (var c = 0; c < weights.Length; c++)
        {
            if (!include(c)) continue;
            var w = weights[c].Numerator * (denominator / weights[c].Denominator);
            if (w > long.MaxValue || w < long.MinValue) return null;
            scaled[c] = (long)w;
        }
        return new WholeWeights(scaled, (long)denominator);
    }

    /// <summary>Adds <paramref name="shares"/> of a class, weighted, to <paramref name="sum"/>; false (and the sum unchanged) on overflow.</summary>
    public bool TryAdd(ref Int128 sum, int classIndex, long shares) => TryAdd(ref sum, unchecked((Int128)shares * _scaled[classIndex]));

    /// <summary>Adds <paramref name="value"/> to <paramref name="sum"/>; false (and the sum unchanged) on overflow.</summary>
    public static bool TryAdd(ref Int128 sum, Int128 value)
    {
        var result = unchecked(sum + value);
        // Overflow if both operands have the same sign and the result has the other.
        if (((sum ^ result) & (value ^ result)) < Int128.Zero) return false;
        sum = result;
        return true;
    }
}

/// <summary>The amounts of a cap table's lines on its basis, their total and percentages, and the order of the lines.</summary>
internal interface IAmounts
{
    Fraction Total { get; }

    Fraction Amount(int line);

    Fraction Percentage(int line);

    /// <summary>The lines with shares or instruments, by amount, largest first, then by key (ordinal).</summary>
    int[] Order();
}

/// <summary>
/// Amounts as whole multiples of one common denominator of the class weights (128-bit integers). Exact: an amount is
/// a/d with a the integer and d the common denominator, and a percentage is a over the integer total; each becomes a
/// <see cref="Fraction"/> (one GCD) only when the row is built.
/// </summary>
internal sealed class WholeAmounts : IAmounts
{
    private readonly Lines _lines;
    private readonly Int128[] _amounts;
    private readonly Int128 _total;
    private readonly long _denominator;
    private readonly BigInteger _bigDenominator;
    private readonly BigInteger _bigTotal;

    private WholeAmounts(Lines lines, Int128[] amounts, Int128 total, long denominator)
    {
        _lines = lines;
        _amounts = amounts;
        _total = total;
        _denominator = denominator;
        _bigDenominator = denominator;
        _bigTotal = Big(total);
    }

    /// <summary>
    /// The amounts: as the lines added them up if they could, else over the common denominator of the weights of the
    /// classes actually on the table; null if a weight or a sum does not fit even so (the caller then adds fractions).
    /// </summary>
    public static WholeAmounts? TryCompute(Lines lines, Fraction[] weights)
    {
        var amounts = new Int128[lines.Count];
        var total = Int128.Zero;
        if (lines.HasWholeAmounts)
        {
            for (var line = 0; line < lines.Count; line++)
            {
                amounts[line] = lines.WholeAmount(line);
                if (!WholeWeights.TryAdd(ref total, amounts[line])) return null;
            }
            return new WholeAmounts(lines, amounts, total, lines.Weights!.Denominator);
        }

        if (WholeWeights.TryCreate(weights, lines.IsUsed) is not { } used) return null;
        var sum = (Weights: used, Amount: Int128.Zero, Overflowed: false);
        for (var line = 0; line < lines.Count; line++)
        {
            sum.Amount = Int128.Zero;
            lines.ForEach(line, instrument: false, ref sum, AddWeighted);
            lines.ForEach(line, instrument: true, ref sum, AddWeighted);
            if (sum.Overflowed) return null;
            amounts[line] = sum.Amount;
            if (!WholeWeights.TryAdd(ref total, sum.Amount)) return null;
        }
        return new WholeAmounts(lines, amounts, total, used.Denominator);

        static void AddWeighted(ref (WholeWeights Weights, Int128 Amount, bool Overflowed) s, int classIndex, long shares)
        {
            if (!s.Weights.TryAdd(ref s.Amount, classIndex, shares)) s.Overflowed = true;
        }
    }

    private static BigInteger Big(Int128 value) =>
        value >= long.MinValue && value <= long.MaxValue ? new BigInteger((long)value) : (BigInteger)value;

    public Fraction Total => Fraction.Create(_bigTotal, _bigDenominator);

    public Fraction Amount(int line)
    {
        var a = _amounts[line];
        if (_denominator == 1) return Fraction.Of(Big(a));
        return a % _denominator == 0 ? Fraction.Of(Big(a / _denominator)) : Fraction.Create(Big(a), _bigDenominator);
    }

    public Fraction Percentage(int line) => _total == Int128.Zero ? Fraction.Zero : Fraction.Create(Big(_amounts[line]), _bigTotal);

    public int[] Order()
    {
        var order = _lines.NonEmpty();
        var n = order.Length;
        var fitLong = true;
        for (var i = 0; i < n && fitLong; i++) fitLong = _amounts[order[i]] >= long.MinValue && _amounts[order[i]] <= long.MaxValue;
        if (!fitLong)
        {
            Array.Sort(order, (x, y) =>
            {
                var c = _amounts[y].CompareTo(_amounts[x]);
                return c != 0 ? c : _lines.CompareKeys(x, y);
            });
            return order;
        }

        // Largest first: ascending on the complement (~a = -a - 1, which cannot overflow), a sort of plain integers;
        // then each run of equal amounts by key.
        var keys = new long[n];
        for (var i = 0; i < n; i++) keys[i] = ~(long)_amounts[order[i]];
        Array.Sort(keys, order);
        var byKey = new KeyOrder(_lines);
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            if (end - start > 1) Array.Sort(order, start, end - start, byKey);
            start = end;
        }
        return order;
    }

    private sealed class KeyOrder(Lines lines) : IComparer<int>
    {
        public int Compare(int x, int y) => lines.CompareKeys(x, y);
    }
}

/// <summary>Amounts as exact fractions, line by line: the general case, for weights or sums too large for <see cref="WholeAmounts"/>.</summary>
internal sealed class FractionAmounts : IAmounts
{
    private readonly Lines _lines;
    private readonly Fraction[] _amounts;

    public FractionAmounts(Lines lines, Fraction[] weights)
    {
        _lines = lines;
        _amounts = new Fraction[lines.Count];
        var total = Fraction.Zero;
        var sum = (Weights: weights, Amount: Fraction.Zero);
        for (var line = 0; line < lines.Count; line++)
        {
            sum.Amount = Fraction.Zero;
            lines.ForEach(line, instrument: false, ref sum, AddWeighted);
            lines.ForEach(line, instrument: true, ref sum, AddWeighted);
            _amounts[line] = sum.Amount;
            total += sum.Amount;
        }
        Total = total;

        static void AddWeighted(ref (Fraction[] Weights, Fraction Amount) s, int classIndex, long shares) =>
            s.Amount += Fraction.Of(shares) * s.Weights[classIndex];
    }

    public Fraction Total { get; }

    public Fraction Amount(int line) => _amounts[line];

    public Fraction Percentage(int line) => Total.IsZero ? Fraction.Zero : _amounts[line] / Total;

    public int[] Order()
    {
        var order = _lines.NonEmpty();
        Array.Sort(order, (x, y) =>
        {
            var c = _amounts[y].CompareTo(_amounts[x]);
            return c != 0 ? c : _lines.CompareKeys(x, y);
        });
        return order;
    }
}
