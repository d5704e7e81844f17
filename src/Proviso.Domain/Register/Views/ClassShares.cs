using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register.Views;

/// <summary>
/// Shares by class for one line of a cap table: a read-only dictionary over a slice of arrays shared by every line of
/// the table (a cap table of 100,000 holders would otherwise build 200,000 small dictionaries). Keys are class ids,
/// compared ordinally; enumeration is in the order the classes were first added to the line, as a
/// <see cref="Dictionary{TKey,TValue}"/> filled the same way would give.
/// </summary>
internal sealed class ClassShares : IReadOnlyDictionary<string, ShareCount>
{
    public static readonly ClassShares Empty = new(new Arena(0), 0, 0);

    private readonly Arena _arena;
    private readonly int _start;
    private readonly int _count;

    internal ClassShares(Arena arena, int start, int count)
    {
        _arena = arena;
        _start = start;
        _count = count;
    }

    /// <summary>The arrays the lines of one table share.</summary>
    internal sealed class Arena(int size)
    {
        public readonly string[] Keys = new string[size];
        public readonly ShareCount[] Values = new ShareCount[size];
    }

    public int Count => _count;

    public ShareCount this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");

    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _count; i++) yield return _arena.Keys[_start + i];
        }
    }

    public IEnumerable<ShareCount> Values
    {
        get
        {
            for (var i = 0; i < _count; i++) yield return _arena.Values[_start + i];
        }
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out ShareCount value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? _arena.Values[i] : default;
        return i >= 0;
    }

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = _start; i < _start + _count; i++)
            if (string.Equals(_arena.Keys[i], key, StringComparison.Ordinal)) return i;
        return -1;
    }

    public IEnumerator<KeyValuePair<string, ShareCount>> GetEnumerator()
    {
        for (var i = _start; i < _start + _count; i++) yield return new KeyValuePair<string, ShareCount>(_arena.Keys[i], _arena.Values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
