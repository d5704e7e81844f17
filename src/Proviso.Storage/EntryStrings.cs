namespace Proviso.Storage;

/// <summary>
/// The strings that repeat from one ledger entry to the next within one read, kept once instead of once per entry: the
/// company id, event types, actors and command names (a handful of distinct values: up to <see cref="Kept"/> are
/// shared). A loaded ledger keeps every entry in memory (the server's cache); an entry keeps its hashes as bytes
/// (<see cref="Proviso.Domain.Ledger.LedgerEntry.Hash"/>), so they need no sharing. Values are only shared when equal
/// (ordinal), so an entry reads exactly as it is stored. One per read; not thread-safe.
/// </summary>
internal sealed class EntryStrings
{
    /// <summary>At most this many distinct repeated values are shared per read (the rest are kept as read).</summary>
    public const int Kept = 256;

    private readonly Dictionary<string, string> _shared = new(StringComparer.Ordinal);

    /// <summary><paramref name="value"/>, or an equal string this read has already kept.</summary>
    public string Shared(string value)
    {
        if (_shared.TryGetValue(value, out var kept)) return kept;
        if (_shared.Count < Kept) _shared.Add(value, value);
        return value;
    }
}
