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

    /// <summary>Whether two lines have the same amount (and so the same percentage).</summary>
    bool SameAmount(int x, int y);

    /// <summary>
    /// The lines with shares or instruments, by amount, largest first, then by key (ordinal): the first <c>Count</c>
    /// items of <c>Lines</c>, an array rented from <see cref="ArrayPool{T}.Shared"/> for the caller to return.
    /// </summary>
    (int[] Lines, int Count) Order();

    /// <summary>
    /// The exact amount and percentage of each run of lines of equal amount in <paramref name="order"/> (lines of equal
    /// amount are next to each other there), computed once per run; <paramref name="runOf"/> receives each position's run.
    /// </summary>
    RunValues Runs(ReadOnlySpan<int> order, Span<int> runOf);
}

/// <summary>The exact amount and percentage of each run of a table's lines of equal amount, by run.</summary>
internal abstract class RunValues
{
    public abstract Fraction Amount(int run);

    public abstract Fraction Percentage(int run);

    /// <summary>The runs of <paramref name="order"/> (see <see cref="IAmounts.Runs"/>): how many, with each position's run into <paramref name="runOf"/>.</summary>
    public static int Count(IAmounts amounts, ReadOnlySpan<int> order, Span<int> runOf)
    {
        var run = -1;
        for (var k = 0; k < order.Length; k++)
        {
            if (k == 0 || !amounts.SameAmount(order[k - 1], order[k])) run++;
            runOf[k] = run;
        }
        return run + 1;
    }
}

/// <summary>
/// Amounts as whole multiples of one common denominator of the class weights (128-bit integers). Exact: an amount is
/// a/d with a the integer and d the common denominator, and a percentage is a over the integer total; each becomes a
/// <see cref="Fraction"/> only when the row is built, reduced in machine integers (<see cref="Lowest"/>).
/// </summary>
internal sealed class WholeAmounts : IAmounts
{
    private readonly Lines _lines;
    private readonly Int128[] _amounts;
    private readonly Int128 _total;
    private readonly long _denominator;
    private readonly BigInteger _bigDenominator;
    private readonly BigInteger _bigTotal;
    // The sort keys of the lines in table order, when the amounts fit 64 bits (see Order), until Runs reads them.
    private ulong[]? _sortedKeys;

    private WholeAmounts(Lines lines, Int128[] amounts, Int128 total, long denominator)
    {
        _lines = lines;
        _amounts = amounts;
        _total = total;
        _denominator = denominator;
        _bigDenominator = denominator;
        _bigTotal = WholeRunValues.Big(total);
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

    public Fraction Total => Fraction.Create(_bigTotal, _bigDenominator);

    /// <summary>An amount in lowest terms.</summary>
    private (Int128 Numerator, UInt128 Denominator) AmountTerms(Int128 amount) =>
        _denominator == 1 ? (amount, UInt128.One) : Lowest(amount, _denominator);

    /// <summary>An amount's share of the total in lowest terms (zero over one when the total is zero).</summary>
    private (Int128 Numerator, UInt128 Denominator) PercentageTerms(Int128 amount) =>
        _total == Int128.Zero ? (Int128.Zero, UInt128.One) : Lowest(amount, _total);

    public RunValues Runs(ReadOnlySpan<int> order, Span<int> runOf)
    {
        WholeRunValues values;
        if (_sortedKeys is { } keys)
        {
            // The sort keys, in table order, are the amounts: runs are read from them in one pass, not line by line.
            _sortedKeys = null;
            var runs = 0;
            for (var k = 0; k < order.Length; k++)
            {
                if (k == 0 || keys[k] != keys[k - 1]) runs++;
                runOf[k] = runs - 1;
            }
            values = new WholeRunValues(runs);
            for (var k = 0; k < order.Length; k++)
            {
                if (k > 0 && keys[k] == keys[k - 1]) continue;
                var amount = (Int128)AmountOfKey(keys[k]);
                values.Set(runOf[k], AmountTerms(amount), PercentageTerms(amount));
            }
            ArrayPool<ulong>.Shared.Return(keys);
            return values;
        }
        values = new WholeRunValues(RunValues.Count(this, order, runOf));
        for (var k = 0; k < order.Length; k++)
            if (k == 0 || runOf[k] != runOf[k - 1]) values.Set(runOf[k], AmountTerms(_amounts[order[k]]), PercentageTerms(_amounts[order[k]]));
        return values;
    }

    /// <summary>
    /// n/d (d not zero) in lowest terms, the denominator positive, the GCD taken in 64-bit integers when both fit (128-bit
    /// division costs several times as much).
    /// </summary>
    private static (Int128 Numerator, UInt128 Denominator) Lowest(Int128 n, Int128 d)
    {
        // The usual case, both in 63 bits and not negative: without 128-bit arithmetic.
        if (n >= 0 && d > 0 && n <= long.MaxValue && d <= long.MaxValue)
        {
            var (a64, b64) = ((ulong)(long)n, (ulong)(long)d);
            var gcd64 = Gcd(a64, b64);
            return gcd64 == 1 ? (a64, b64) : (a64 / gcd64, b64 / gcd64);
        }
        var negative = (n < 0) != (d < 0) && n != 0;
        var (a, b) = (Magnitude(n), Magnitude(d));
        if (a <= ulong.MaxValue && b <= ulong.MaxValue)
        {
            var (small, smallDenominator) = ((ulong)a, (ulong)b);
            var gcd = Gcd(small, smallDenominator);
            (a, b) = (small / gcd, smallDenominator / gcd);
        }
        else
        {
            var gcd = Gcd(a, b);
            (a, b) = (a / gcd, b / gcd);
        }
        // |n| / gcd is at most 2^127, and is 2^127 only for n = Int128.MinValue, which is negative: it fits, negated.
        return (negative ? unchecked((Int128)(UInt128.Zero - a)) : (Int128)a, b);
    }

    private static UInt128 Magnitude(Int128 value) => value < 0 ? (UInt128)(-(value + 1)) + 1 : (UInt128)value;

    /// <summary>The greatest common divisor of a and b (b not zero): by remainders while either needs 128 bits, then binary in 64.</summary>
    private static UInt128 Gcd(UInt128 a, UInt128 b)
    {
        while (a > ulong.MaxValue || b > ulong.MaxValue)
        {
            if (a == 0) return b;
            (a, b) = (b % a, a);
        }
        return Gcd((ulong)a, (ulong)b);
    }

    /// <summary>
    /// The greatest common divisor: one remainder first, which ends it at once when one is small (an amount over a
    /// common denominator of a few units), then binary.
    /// </summary>
    private static ulong Gcd(ulong a, ulong b)
    {
        if (a > b) (a, b) = (b, a);
        if (a == 0) return b;
        b %= a;
        if (b == 0) return a;
        var shift = BitOperations.TrailingZeroCount(a | b);
        a >>= BitOperations.TrailingZeroCount(a);
        // Both odd from here; each step keeps the smaller and the difference, chosen without a branch (which the
        // processor would mispredict about half the time).
        do
        {
            b >>= BitOperations.TrailingZeroCount(b);
            var smaller = a < b ? a : b;
            var difference = unchecked(a < b ? b - a : a - b);
            a = smaller;
            b = difference;
        }
        while (b != 0);
        return a << shift;
    }

    public bool SameAmount(int x, int y) => _amounts[x] == _amounts[y];

    public (int[] Lines, int Count) Order()
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
                return c != 0 ? c : KeyOrder.Compare(_lines, x, y);
            }));
            return (order, n);
        }

        // Largest first: ascending on the complement (~a = -a - 1, which cannot overflow), its sign bit flipped so that
        // unsigned order is signed order; sorted stably by radix, then each run of equal amounts by key.
        var keys = ArrayPool<ulong>.Shared.Rent(n);
        for (var i = 0; i < n; i++) keys[i] = KeyOfAmount((long)_amounts[order[i]]);
        RadixSort.Sort(keys, order, n);
        KeyOrder.SortRuns(_lines, order, keys, n);
        _sortedKeys = keys;
        return (order, n);
    }

    /// <summary>The radix sort key of an amount: its complement (~a = -a - 1, which cannot overflow), sign bit flipped, so that ascending unsigned keys are descending amounts.</summary>
    private static ulong KeyOfAmount(long amount) => unchecked((ulong)~amount) ^ (1UL << 63);

    private static long AmountOfKey(ulong key) => ~unchecked((long)(key ^ (1UL << 63)));
}

/// <summary>
/// A stable least-significant-digit radix sort of items by 64-bit keys, a byte at a time, skipping the bytes in which
/// no two keys differ (the amounts of a cap table differ in five or six of the eight): linear, where a comparison sort
/// of 100,000 lines took several times as long.
/// </summary>
internal static class RadixSort
{
    public static void Sort(ulong[] keys, int[] items, int n)
    {
        var differ = 0UL;
        for (var i = 1; i < n; i++) differ |= keys[i] ^ keys[0];
        if (differ == 0) return;

        // Every byte's counts in one pass over the keys.
        var counts = new int[8 * 256];
        for (var i = 0; i < n; i++)
        {
            var key = keys[i];
            for (var b = 0; b < 8; b++) counts[(b << 8) | (int)((key >> (8 * b)) & 0xFF)]++;
        }
        var keyBuffer = ArrayPool<ulong>.Shared.Rent(n);
        var itemBuffer = ArrayPool<int>.Shared.Rent(n);
        var (fromKeys, fromItems, toKeys, toItems) = (keys, items, keyBuffer, itemBuffer);
        var next = new int[256];
        for (var b = 0; b < 8; b++)
        {
            if (((differ >> (8 * b)) & 0xFF) == 0) continue;
            var sum = 0;
            for (var digit = 0; digit < 256; digit++)
            {
                next[digit] = sum;
                sum += counts[(b << 8) | digit];
            }
            var shift = 8 * b;
            for (var i = 0; i < n; i++)
            {
                var at = next[(int)((fromKeys[i] >> shift) & 0xFF)]++;
                toKeys[at] = fromKeys[i];
                toItems[at] = fromItems[i];
            }
            (fromKeys, fromItems, toKeys, toItems) = (toKeys, toItems, fromKeys, fromItems);
        }
        if (fromKeys != keys)
        {
            Array.Copy(fromKeys, keys, n);
            Array.Copy(fromItems, items, n);
        }
        ArrayPool<ulong>.Shared.Return(keyBuffer);
        ArrayPool<int>.Shared.Return(itemBuffer);
    }
}

/// <summary>Ordinal order of line keys, for lines of equal amount.</summary>
internal static class KeyOrder
{
    /// <summary>
    /// A key's first eight UTF-16 code units as one number (first unit highest, zeros after a shorter key): where two
    /// keys' prefixes differ they order as <see cref="string.CompareOrdinal(string, string)"/> orders the keys.
    /// </summary>
    public static UInt128 Prefix(string key) => new(Units(key, 0), Units(key, 4));

    /// <summary>Four code units from <paramref name="start"/> as one number, in 64-bit arithmetic (128-bit shifts cost several times as much).</summary>
    private static ulong Units(string key, int start)
    {
        var units = 0UL;
        for (var i = start; i < start + 4; i++) units = (units << 16) | (i < key.Length ? key[i] : 0u);
        return units;
    }

    public static int Compare(Lines lines, int x, int y) => string.CompareOrdinal(lines.Key(x), lines.Key(y));

    /// <summary>
    /// Sorts by key each run of <paramref name="order"/> (of <paramref name="n"/> lines) whose <paramref name="sortKeys"/>
    /// are equal.
    /// </summary>
    /// <remarks>
    /// Only the keys of lines in such runs are read, each once, into its <see cref="Prefix"/>, and in line order, the
    /// order the index lists its holders' ids in: read in sorted order, each key was a cache miss, and the keys cost
    /// several times the sort.
    /// </remarks>
    public static void SortRuns(Lines lines, int[] order, ulong[] sortKeys, int n)
    {
        var inRun = ArrayPool<bool>.Shared.Rent(lines.Count);
        var prefixes = ArrayPool<UInt128>.Shared.Rent(lines.Count);
        Array.Clear(inRun, 0, lines.Count);
        for (var i = 1; i < n; i++)
            if (sortKeys[i] == sortKeys[i - 1]) inRun[order[i]] = inRun[order[i - 1]] = true;
        var holderPrefixes = lines.Index.KeyPrefixes;
        for (var line = 0; line < lines.Count; line++)
            if (inRun[line]) prefixes[line] = lines.KeyPrefix(line, holderPrefixes);

        KeyOfLine[]? buffer = null;
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            var inOrder = true;
            for (; end < n && sortKeys[end] == sortKeys[start]; end++)
                inOrder = inOrder && Compare(lines, prefixes, order[end - 1], order[end]) < 0;
            var length = end - start;
            // A run often comes in key order already: the lines come in line order, which is often key order.
            if (!inOrder)
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
        ArrayPool<bool>.Shared.Return(inRun);
        ArrayPool<UInt128>.Shared.Return(prefixes);
    }

    private static int Compare(Lines lines, UInt128[] prefixes, int x, int y) =>
        prefixes[x] != prefixes[y] ? (prefixes[x] < prefixes[y] ? -1 : 1) : Compare(lines, x, y);

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

    public bool SameAmount(int x, int y) => _amounts[x] == _amounts[y];

    public RunValues Runs(ReadOnlySpan<int> order, Span<int> runOf)
    {
        var runs = RunValues.Count(this, order, runOf);
        var amounts = new Fraction[runs];
        var percentages = new Fraction[runs];
        for (var k = 0; k < order.Length; k++)
        {
            if (k > 0 && runOf[k] == runOf[k - 1]) continue;
            amounts[runOf[k]] = _amounts[order[k]];
            percentages[runOf[k]] = Total.IsZero ? Fraction.Zero : _amounts[order[k]] / Total;
        }
        return new FractionRunValues(amounts, percentages);
    }

    public (int[] Lines, int Count) Order()
    {
        var order = ArrayPool<int>.Shared.Rent(_lines.Count);
        var n = _lines.NonEmpty(order);
        Array.Sort(order, 0, n, Comparer<int>.Create((x, y) =>
        {
            var c = _amounts[y].CompareTo(_amounts[x]);
            return c != 0 ? c : KeyOrder.Compare(_lines, x, y);
        }));
        return (order, n);
    }
}

/// <summary>Each run's amount and percentage in lowest terms as machine integers, each made a <see cref="Fraction"/> when read.</summary>
internal sealed class WholeRunValues(int runs) : RunValues
{
    private readonly Terms[] _terms = new Terms[runs];

    // Numbers only: filling an array of fractions instead (four references a run, each written through the collector's
    // write barrier, into memory that is new on every call) took several milliseconds more per 100,000-line table.
    private struct Terms
    {
        public Int128 AmountNumerator;
        public UInt128 AmountDenominator;
        public Int128 PercentageNumerator;
        public UInt128 PercentageDenominator;
    }

    public void Set(int run, (Int128 Numerator, UInt128 Denominator) amount, (Int128 Numerator, UInt128 Denominator) percentage)
    {
        ref var t = ref _terms[run];
        (t.AmountNumerator, t.AmountDenominator) = amount;
        (t.PercentageNumerator, t.PercentageDenominator) = percentage;
    }

    public override Fraction Amount(int run) => ToFraction(_terms[run].AmountNumerator, _terms[run].AmountDenominator);

    public override Fraction Percentage(int run) => ToFraction(_terms[run].PercentageNumerator, _terms[run].PercentageDenominator);

    /// <summary>Terms already lowest (the denominator positive) as a fraction.</summary>
    public static Fraction ToFraction(Int128 numerator, UInt128 denominator) =>
        Quantities.Fraction.FromLowestTerms(Big(numerator), denominator <= long.MaxValue ? new BigInteger((long)denominator) : (BigInteger)denominator);

    public static BigInteger Big(Int128 value) =>
        value >= long.MinValue && value <= long.MaxValue ? new BigInteger((long)value) : (BigInteger)value;
}

/// <summary>Each run's amount and percentage as fractions (the general case, <see cref="FractionAmounts"/>).</summary>
internal sealed class FractionRunValues(Fraction[] amounts, Fraction[] percentages) : RunValues
{
    public override Fraction Amount(int run) => amounts[run];

    public override Fraction Percentage(int run) => percentages[run];
}
