using System.Buffers;
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

    /// <summary>The weight of class <paramref name="classIndex"/> over <see cref="Denominator"/>.</summary>
    public long Scaled(int classIndex) => _scaled[classIndex];

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

    /// <summary>Whether two lines have the same amount (and so the same percentage).</summary>
    bool SameAmount(int x, int y);

    /// <summary>
    /// The lines with shares or instruments, by amount, largest first, then by key (ordinal; <paramref name="prefixes"/>
    /// holds each line's <see cref="KeyOrder.Prefix"/>): the first <c>Count</c> items of <c>Lines</c>, an array rented
    /// from <see cref="ArrayPool{T}.Shared"/> for the caller to return.
    /// </summary>
    (int[] Lines, int Count) Order(UInt128[] prefixes);
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
    /// The amounts, over the common denominator of all the class weights, or failing that of the weights of the classes
    /// on the table; null if a weight or a sum does not fit even so (the caller then adds fractions).
    /// <paramref name="amounts"/> (at least <see cref="Lines.Count"/> long) receives them, by line.
    /// </summary>
    public static WholeAmounts? TryCompute(Lines lines, Fraction[] weights, Int128[] amounts)
    {
        if (WholeWeights.TryCreate(weights, _ => true) is { } all && lines.TryWholeAmounts(all, amounts, out var total))
            return new WholeAmounts(lines, amounts, total, all.Denominator);
        if (WholeWeights.TryCreate(weights, lines.IsUsed) is { } used && lines.TryWholeAmounts(used, amounts, out total))
            return new WholeAmounts(lines, amounts, total, used.Denominator);
        return null;
    }

    private static BigInteger Big(Int128 value) =>
        value >= long.MinValue && value <= long.MaxValue ? new BigInteger((long)value) : (BigInteger)value;

    public Fraction Total => Fraction.Create(_bigTotal, _bigDenominator);

    public Fraction Amount(int line)
    {
        var a = _amounts[line];
        if (_denominator == 1) return Fraction.Of(Big(a));
        if (a >= long.MinValue && a <= long.MaxValue)
        {
            var small = (long)a;
            return small % _denominator == 0 ? Fraction.Of(small / _denominator) : Fraction.Create(small, _bigDenominator);
        }
        return a % _denominator == 0 ? Fraction.Of(Big(a / _denominator)) : Fraction.Create(Big(a), _bigDenominator);
    }

    public Fraction Percentage(int line) => _total == Int128.Zero ? Fraction.Zero : Fraction.Create(Big(_amounts[line]), _bigTotal);

    public bool SameAmount(int x, int y) => _amounts[x] == _amounts[y];

    public (int[] Lines, int Count) Order(UInt128[] prefixes)
    {
        var order = ArrayPool<int>.Shared.Rent(_lines.Count);
        var n = _lines.NonEmpty(order);
        var fitLong = true;
        for (var i = 0; i < n && fitLong; i++) fitLong = _amounts[order[i]] >= long.MinValue && _amounts[order[i]] <= long.MaxValue;
        if (!fitLong)
        {
            Array.Sort(order, 0, n, Comparer<int>.Create((x, y) =>
            {
                var c = _amounts[y].CompareTo(_amounts[x]);
                return c != 0 ? c : KeyOrder.Compare(_lines, prefixes, x, y);
            }));
            return (order, n);
        }

        // Largest first: ascending on the complement (~a = -a - 1, which cannot overflow), a sort of plain integers;
        // then each run of equal amounts by key.
        var keys = ArrayPool<long>.Shared.Rent(n);
        for (var i = 0; i < n; i++) keys[i] = ~(long)_amounts[order[i]];
        Array.Sort(keys, order, 0, n);
        KeyOrder.SortRuns(_lines, prefixes, order, keys, n);
        ArrayPool<long>.Shared.Return(keys);
        return (order, n);
    }
}

/// <summary>Ordinal order of line keys, for lines of equal amount.</summary>
internal static class KeyOrder
{
    /// <summary>
    /// A key's first eight UTF-16 code units as one number (first unit highest, zeros after a shorter key): where two
    /// keys' prefixes differ they order as <see cref="string.CompareOrdinal(string, string)"/> orders the keys.
    /// </summary>
    public static UInt128 Prefix(string key)
    {
        UInt128 prefix = 0;
        for (var i = 0; i < 8; i++) prefix = (prefix << 16) | (i < key.Length ? key[i] : 0u);
        return prefix;
    }

    public static int Compare(Lines lines, UInt128[] prefixes, int x, int y) =>
        prefixes[x] != prefixes[y] ? (prefixes[x] < prefixes[y] ? -1 : 1) : string.CompareOrdinal(lines.Key(x), lines.Key(y));

    /// <summary>Sorts by key each run of <paramref name="order"/> (of <paramref name="n"/> lines) whose <paramref name="sortKeys"/> are equal.</summary>
    public static void SortRuns(Lines lines, UInt128[] prefixes, int[] order, long[] sortKeys, int n)
    {
        KeyOfLine[]? buffer = null;
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && sortKeys[end] == sortKeys[start]) end++;
            var length = end - start;
            if (length > 1)
            {
                if (buffer is null || buffer.Length < length)
                {
                    if (buffer is not null) ArrayPool<KeyOfLine>.Shared.Return(buffer, clearArray: true);
                    buffer = ArrayPool<KeyOfLine>.Shared.Rent(length);
                }
                for (var i = 0; i < length; i++) buffer[i] = new KeyOfLine(prefixes[order[start + i]], lines, order[start + i]);
                buffer.AsSpan(0, length).Sort(order.AsSpan(start, length));
            }
            start = end;
        }
        if (buffer is not null) ArrayPool<KeyOfLine>.Shared.Return(buffer, clearArray: true);
    }

    /// <summary>A line's key prefix, and (for equal prefixes) the line to read the whole key of.</summary>
    private readonly struct KeyOfLine(UInt128 prefix, Lines lines, int line) : IComparable<KeyOfLine>
    {
        private readonly UInt128 _prefix = prefix;
        private readonly Lines _lines = lines;
        private readonly int _line = line;

        public int CompareTo(KeyOfLine other) =>
            _prefix != other._prefix ? (_prefix < other._prefix ? -1 : 1) : string.CompareOrdinal(_lines.Key(_line), _lines.Key(other._line));
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

    public bool SameAmount(int x, int y) => _amounts[x] == _amounts[y];

    public (int[] Lines, int Count) Order(UInt128[] prefixes)
    {
        var order = ArrayPool<int>.Shared.Rent(_lines.Count);
        var n = _lines.NonEmpty(order);
        Array.Sort(order, 0, n, Comparer<int>.Create((x, y) =>
        {
            var c = _amounts[y].CompareTo(_amounts[x]);
            return c != 0 ? c : KeyOrder.Compare(_lines, prefixes, x, y);
        }));
        return (order, n);
    }
}
