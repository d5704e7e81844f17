using System.Runtime.CompilerServices;

namespace Proviso.Domain.Register;

/// <summary>
/// The register's ids (holders) by ordinal, and ordinals by id, in one open-addressing table whose entries hold short
/// ids in place.
/// </summary>
/// <remarks>
/// Finding a holder is most of what applying a transfer does. A dictionary of strings reads three places in memory for
/// it (its bucket, its entry, and the stored id to compare), each likely a cache miss in a register of 100,000 holders;
/// here an entry holds the hash, the ordinal and the id itself when it has at most <see cref="InlineLength"/>
/// characters, so a lookup usually reads one. Longer ids are compared with the stored string. Ids are never removed.
/// </remarks>
internal sealed class IdTable
{
    public const int InlineLength = 12;

    [InlineArray(InlineLength)]
    private struct InlineChars
    {
        private char _first;
    }

    private struct Entry
    {
        /// <summary>The ordinal + 1; 0 for an empty entry.</summary>
        public int OrdinalPlusOne;
        public int Hash;
        public int Length;
        public InlineChars Chars;
    }

    private Entry[] _entries;
    private int _mask;

    public IdTable()
    {
        _entries = new Entry[16];
        _mask = 15;
    }

    private IdTable(IdTable other)
    {
        _entries = (Entry[])other._entries.Clone();
        _mask = other._mask;
        Ids = new List<string>(other.Ids);
    }

    /// <summary>The ids by ordinal, in the order they were added.</summary>
    public List<string> Ids { get; } = new();

    public int Count => Ids.Count;

    public IdTable Clone() => new(this);

    /// <summary>The hash the table files an id under.</summary>
    public static int HashOf(ReadOnlySpan<char> id) => string.GetHashCode(id);

    /// <summary>The ordinal of an id, or -1.</summary>
    public int Find(ReadOnlySpan<char> id) => Find(id, HashOf(id));

    /// <summary>Reads the entry where the search for a hash starts (see <see cref="Register.Prefetch"/>): the ordinal + 1 there, or 0.</summary>
    public int Touch(int hash) => _entries[hash & _mask].OrdinalPlusOne;

    /// <summary>The ordinal of an id whose hash (<see cref="HashOf"/>) is known, or -1.</summary>
    public int Find(ReadOnlySpan<char> id, int hash)
    {
        var entries = _entries;
        for (var i = hash & _mask; ; i = (i + 1) & _mask)
        {
            ref var e = ref entries[i];
            if (e.OrdinalPlusOne == 0) return -1;
            if (e.Hash == hash && e.Length == id.Length && Matches(ref e, id)) return e.OrdinalPlusOne - 1;
        }
    }

    /// <summary>Adds an id that is not in the table and returns its ordinal.</summary>
    public int Add(string id)
    {
        if ((Ids.Count + 1) * 2 > _entries.Length) Grow();
        var ordinal = Ids.Count;
        Ids.Add(id);
        Place(string.GetHashCode(id.AsSpan()), ordinal, id);
        return ordinal;
    }

    private bool Matches(ref Entry e, ReadOnlySpan<char> id)
    {
        if (id.Length > InlineLength) return id.SequenceEqual(Ids[e.OrdinalPlusOne - 1]);
        ReadOnlySpan<char> inline = e.Chars;
        return inline[..id.Length].SequenceEqual(id);
    }

    private void Place(int hash, int ordinal, string id)
    {
        var i = hash & _mask;
        while (_entries[i].OrdinalPlusOne != 0) i = (i + 1) & _mask;
        ref var e = ref _entries[i];
        e.OrdinalPlusOne = ordinal + 1;
        e.Hash = hash;
        e.Length = id.Length;
        if (id.Length <= InlineLength) id.AsSpan().CopyTo(e.Chars);
    }

    private void Grow()
    {
        var old = _entries;
        _entries = new Entry[old.Length * 2];
        _mask = _entries.Length - 1;
        foreach (ref readonly var e in old.AsSpan())
            if (e.OrdinalPlusOne != 0) Place(e.Hash, e.OrdinalPlusOne - 1, Ids[e.OrdinalPlusOne - 1]);
    }
}

/// <summary>
/// A map from (holder, class) keys to holding slots: open addressing with the key and the value in one entry (one
/// memory read per lookup, where a dictionary reads its bucket and then its entry), keys hashed with all bits mixed.
/// Keys are never removed.
/// </summary>
internal sealed class KeyTable
{
    private struct Entry
    {
        public long Key;
        /// <summary>The value + 1; 0 for an empty entry.</summary>
        public int ValuePlusOne;
    }

    private Entry[] _entries = new Entry[16];
    private int _mask = 15;

    public int Count { get; private set; }

    public KeyTable Clone() => new() { _entries = (Entry[])_entries.Clone(), _mask = _mask, Count = Count };

    private static int Hash(long key) => unchecked((int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32));

    /// <summary>Reads the entry where the search for a key starts (see <see cref="Register.Prefetch"/>): the value + 1 there, or 0.</summary>
    public int Touch(long key) => _entries[Hash(key) & _mask].ValuePlusOne;

    /// <summary>The value for a key, or -1.</summary>
    public int Find(long key)
    {
        var entries = _entries;
        for (var i = Hash(key) & _mask; ; i = (i + 1) & _mask)
        {
            ref readonly var e = ref entries[i];
            if (e.ValuePlusOne == 0) return -1;
            if (e.Key == key) return e.ValuePlusOne - 1;
        }
    }

    /// <summary>Adds a key that is not in the table.</summary>
    public void Add(long key, int value)
    {
        if ((Count + 1) * 2 > _entries.Length) Grow();
        Place(key, value);
        Count++;
    }

    private void Place(long key, int value)
    {
        var i = Hash(key) & _mask;
        while (_entries[i].ValuePlusOne != 0) i = (i + 1) & _mask;
        _entries[i] = new Entry { Key = key, ValuePlusOne = value + 1 };
    }

    private void Grow()
    {
        var old = _entries;
        _entries = new Entry[old.Length * 2];
        _mask = _entries.Length - 1;
        foreach (ref readonly var e in old.AsSpan())
            if (e.ValuePlusOne != 0) Place(e.Key, e.ValuePlusOne - 1);
    }
}
