using System.Numerics;
using Proviso.Domain.Register;

namespace Proviso.Domain.Agreements.Parties;

/// <summary>
/// The holders in a role on one register and date, as a set: holders with a holding are bits over the holder ordinals
/// of the register's <see cref="HoldingIndex"/> (adding a class's holders, or testing a holding's holder, hashes no
/// string); any other member (a listed member with no shares, an id the register does not know) is kept by id. Without
/// an index every member is kept by id.
/// </summary>
internal sealed class RoleMembers
{
    private readonly ulong[] _bits;
    private readonly HashSet<string> _others = new(StringComparer.Ordinal);
    private int _bitCount;

    public RoleMembers(HoldingIndex? index)
    {
        Index = index;
        _bits = index is null ? [] : new ulong[(index.HolderCount + 63) >> 6];
    }

    /// <summary>The index the ordinals refer to, or null if every member is kept by id.</summary>
    public HoldingIndex? Index { get; }

    public int Count => _bitCount + _others.Count;

    /// <summary>The members without an ordinal in the index (all of them when there is no index).</summary>
    public IReadOnlySet<string> Others => _others;

    public bool Contains(string holderId) =>
        Index is not null && Index.TryHolder(holderId, out var h) ? Contains(h) : _others.Contains(holderId);

    public bool Contains(int holder) => (_bits[holder >> 6] & (1UL << holder)) != 0;

    public void Add(string holderId)
    {
        if (Index is not null && Index.TryHolder(holderId, out var h)) Add(h);
        else _others.Add(holderId);
    }

    public void Add(int holder)
    {
        ref var word = ref _bits[holder >> 6];
        var bit = 1UL << holder;
        if ((word & bit) != 0) return;
        word |= bit;
        _bitCount++;
    }

    public void Remove(string holderId)
    {
        if (Index is not null && Index.TryHolder(holderId, out var h))
        {
            ref var word = ref _bits[h >> 6];
            var bit = 1UL << h;
            if ((word & bit) == 0) return;
            word &= ~bit;
            _bitCount--;
        }
        else
        {
            _others.Remove(holderId);
        }
    }

    /// <summary>Adds every holder with a non-empty holding of <paramref name="classId"/> (needs the index).</summary>
    public void AddHoldersOf(string classId)
    {
        var index = Index ?? throw new InvalidOperationException("a role's class holders are resolved over the register's holding index");
        var cls = index.ClassOrdinal(classId);
        if (cls < 0) return;
        foreach (var h in index.HoldersOf(cls)) Add(h);
    }

    /// <summary>Adds every member of <paramref name="other"/> (resolved over the same index).</summary>
    public void UnionWith(RoleMembers other)
    {
        RequireSameIndex(other);
        for (var i = 0; i < _bits.Length; i++) _bits[i] |= other._bits[i];
        _bitCount = PopCount(_bits);
        _others.UnionWith(other._others);
    }

    /// <summary>Removes every member of <paramref name="other"/> (resolved over the same index).</summary>
    public void ExceptWith(RoleMembers other)
    {
        RequireSameIndex(other);
        for (var i = 0; i < _bits.Length; i++) _bits[i] &= ~other._bits[i];
        _bitCount = PopCount(_bits);
        _others.ExceptWith(other._others);
    }

    /// <summary>The members the index knows, by ordinal, in ordinal order.</summary>
    public OrdinalEnumerable Ordinals => new(_bits);

    /// <summary>Every member's id, each once, in no particular order.</summary>
    public List<string> Ids()
    {
        var ids = new List<string>(Count);
        if (Index is not null)
            foreach (var h in Ordinals) ids.Add(Index.HolderId(h));
        ids.AddRange(_others);
        return ids;
    }

    /// <summary>Every member's id, in no particular order.</summary>
    public HashSet<string> ToHashSet()
    {
        var set = new HashSet<string>(Count, StringComparer.Ordinal);
        if (Index is not null)
            foreach (var h in Ordinals) set.Add(Index.HolderId(h));
        set.UnionWith(_others);
        return set;
    }

    private void RequireSameIndex(RoleMembers other)
    {
        if (!ReferenceEquals(Index, other.Index)) throw new InvalidOperationException("role members resolved over different registers cannot be combined");
    }

    private static int PopCount(ulong[] bits)
    {
        var n = 0;
        foreach (var w in bits) n += BitOperations.PopCount(w);
        return n;
    }

    /// <summary>The set bits, lowest first, without allocating.</summary>
    public readonly struct OrdinalEnumerable(ulong[] bits)
    {
        public Enumerator GetEnumerator() => new(bits);

        public struct Enumerator(ulong[] bits)
        {
            private int _word = -1;
            private ulong _rest;

            public int Current { get; private set; }

            public bool MoveNext()
            {
                while (_rest == 0)
                {
                    if (++_word >= bits.Length) return false;
                    _rest = bits[_word];
                }
                Current = (_word << 6) + BitOperations.TrailingZeroCount(_rest);
                _rest &= _rest - 1;
                return true;
            }
        }
    }
}
