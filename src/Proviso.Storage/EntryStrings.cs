namespace Proviso.Storage;

/// <summary>
/// The strings that repeat from one ledger entry to the next within one read, kept once instead of once per entry: the
/// company id, event types, actors and command names (a handful of distinct values: up to <see cref="Kept"/> are
/// shared), and each entry's previous hash, which is the hash of the entry read just before it. A loaded ledger keeps
/// every entry in memory (the server's cache), so these are a fifth of what each entry holds. Values are only shared
/// when equal (ordinal), so an entry reads exactly as it is stored. One per read; not thread-safe.
/// </summary>
internal sealed class EntryStrings
{
    /// <summary>At most this many distinct repeated values are shared per read (the rest are kept as read).</summary>
    public const int Kept = 256;

    private readonly Dictionary<string, string> _shared = new(StringComparer.Ordinal);
    private string? _lastHash;

    /// <summary><paramref name="value"/>, or an equal string this read has already kept.</summary>
    public string Shared(string value)
    {
        if (_shared.TryGetValue(value, out var kept)) return kept;
        if (_shared.Count < Kept) _shared.Add(value, value);
        return value;
    }

    /// <summary>The previous hash as the preceding entry's own hash string when they are equal.</summary>
    public string Previous(string previousHash) =>
        _lastHash is not null && string.Equals(_lastHash, previousHash, StringComparison.Ordinal) ? _lastHash : previousHash;

    /// <summary>Remembers <paramref name="hash"/> as the last entry's, for the next entry's previous hash.</summary>
    public string Hash(string hash) => _lastHash = hash;
}
