using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register.Views;

/// <summary>
/// Shares by class for one line of a cap table: a read-only dictionary over shares stored once, not copied per line (a
/// cap table of 100,000 holders would otherwise build 200,000 small dictionaries). A holder's line reads the register's
/// holding index, which is read-only once built (<see cref="Held"/>); any other line reads its slot of a
/// <see cref="SharesStore"/> its table shares (<see cref="Stored"/>). Keys are class ids, compared ordinally;
/// enumeration is in the order the classes were first added to the line, as a <see cref="Dictionary{TKey,TValue}"/>
/// filled the same way would give.
/// </summary>
internal abstract class ClassShares : IReadOnlyDictionary<string, ShareCount>
{
    public static readonly ClassShares Empty = new None();

    public abstract int Count { get; }

    protected abstract string KeyAt(int i);

    protected abstract ShareCount ValueAt(int i);

    /// <summary>A holder's holdings, as the holding index lists them (each class once, in register order).</summary>
    internal sealed class Held(HoldingIndex index, int holder) : ClassShares
    {
        public override int Count => index.ClassesOf(holder).Length;

        protected override string KeyAt(int i) => index.ClassId(index.ClassesOf(holder)[i]);

        protected override ShareCount ValueAt(int i) => new(index.SharesOf(holder)[i]);
    }

    /// <summary>A slot of a <see cref="SharesStore"/>.</summary>
    internal sealed class Stored(SharesStore store, int slot) : ClassShares
    {
        public override int Count => store.Count(slot);

        protected override string KeyAt(int i) => store.ClassIdAt(slot, i);

        protected override ShareCount ValueAt(int i) => new(store.SharesAt(slot, i));
    }

    private sealed class None : ClassShares
    {
        public override int Count => 0;

        protected override string KeyAt(int i) => throw new ArgumentOutOfRangeException(nameof(i));

        protected override ShareCount ValueAt(int i) => throw new ArgumentOutOfRangeException(nameof(i));
    }

    public ShareCount this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");

    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < Count; i++) yield return KeyAt(i);
        }
    }

    public IEnumerable<ShareCount> Values
    {
        get
        {
            for (var i = 0; i < Count; i++) yield return ValueAt(i);
        }
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out ShareCount value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? ValueAt(i) : default;
        return i >= 0;
    }

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < Count; i++)
            if (string.Equals(KeyAt(i), key, StringComparison.Ordinal)) return i;
        return -1;
    }

    public IEnumerator<KeyValuePair<string, ShareCount>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return new KeyValuePair<string, ShareCount>(KeyAt(i), ValueAt(i));
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Shares by class for many lines of a cap table, each line's in a slot of two flat arrays reserved when the slot is
/// made, as long as the line can have classes: one store per table, not a list per line. A slot keeps its classes in
/// the order they were first added; shares of a class add as checked 64-bit integers, as <see cref="ShareCount"/> does.
/// </summary>
internal sealed class SharesStore(ClassIndex classes)
{
    private int[] _start = new int[4];
    private int[] _count = new int[4];
    private int[] _capacity = new int[4];
    private int[] _classes = new int[4];
    private long[] _shares = new long[4];
    private int _slots;

    /// <summary>How many entries the slots have reserved in all.</summary>
    public int Size { get; private set; }

    /// <summary>A new slot, for up to <paramref name="capacity"/> classes; its number (slots are numbered from zero).</summary>
    public int NewSlot(int capacity)
    {
        if (_slots == _start.Length)
        {
            Array.Resize(ref _start, 2 * _slots);
            Array.Resize(ref _count, 2 * _slots);
            Array.Resize(ref _capacity, 2 * _slots);
        }
        if (Size + capacity > _classes.Length)
        {
            var length = Math.Max(2 * _classes.Length, Size + capacity);
            Array.Resize(ref _classes, length);
            Array.Resize(ref _shares, length);
        }
        _start[_slots] = Size;
        _capacity[_slots] = capacity;
        Size += capacity;
        return _slots++;
    }

    public void Add(int slot, int classIndex, long shares)
    {
        var start = _start[slot];
        var end = start + _count[slot];
        for (var i = start; i < end; i++)
        {
            if (_classes[i] != classIndex) continue;
            _shares[i] = checked(_shares[i] + shares);
            return;
        }
        if (_count[slot] == _capacity[slot]) throw new InvalidOperationException($"Slot {slot} has room for {_capacity[slot]} classes only.");
        _classes[end] = classIndex;
        _shares[end] = shares;
        _count[slot]++;
    }

    public int Count(int slot) => _count[slot];

    public string ClassIdAt(int slot, int i) => classes[_classes[_start[slot] + i]];

    public long SharesAt(int slot, int i) => _shares[_start[slot] + i];

    /// <summary>Calls <paramref name="each"/> for each class of a slot with its shares.</summary>
    public void ForEach<TState>(int slot, ref TState state, Lines.EntryAction<TState> each)
    {
        var start = _start[slot];
        for (var i = start; i < start + _count[slot]; i++) each(ref state, _classes[i], _shares[i]);
    }
}
