using System.Collections;
using System.Collections.Concurrent;
using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Application.Ledgers;

/// <summary>
/// The entries of one lineage of <see cref="CompanyLedger"/>s: a company's ledger as first read, and each later one made
/// from the one before by adding the entries appended since (<see cref="CompanyLedger.With"/>). One buffer that only
/// grows, of which every ledger of the lineage is a prefix, so that a ledger one command longer shares its entries with
/// the one before instead of copying them all.
/// <para>For each entry added after the first read it also keeps the event (read once, for the incremental
/// <see cref="Transfers.TransferIndex"/> and the timeline built later) and whether the timeline places that event after
/// every earlier one (it does unless the event is effective before the latest date so far: a back-dated entry is
/// slotted in earlier). And it keeps every idempotency key with the sequence of its entry, so a ledger answers
/// <see cref="CompanyLedger.HasIdempotencyKey"/> without scanning its entries.</para>
/// <para>Thread-safe: entries below a ledger's count never change once added, so readers need no lock; adding takes one.
/// Only the ledger whose count is the log's own may add (the next one of the lineage); another ledger of the same
/// length that is extended too gets a log of its own (<see cref="CopyOf"/>).</para>
/// </summary>
internal sealed class EntryLog
{
    /// <summary>What an entry added after the first read brought: its event, whether the timeline placed it after every
    /// earlier event, and the latest effective date of all events up to and including it.</summary>
    internal readonly record struct Added(LedgerEvent Event, bool PlacedLast, LocalDate? LastEffectiveOn);

    private readonly Lock _adding = new();
    private readonly ConcurrentDictionary<string, long> _keys = new(StringComparer.Ordinal);
    private LedgerEntry[] _entries;
    private Added[] _added;
    private int _count;

    private EntryLog(LedgerEntry[] entries, int count, int loaded, LocalDate? lastEffectiveOn)
    {
        _entries = entries;
        _count = count;
        Loaded = loaded;
        LoadedLastEffectiveOn = lastEffectiveOn;
        _added = [];
        for (var i = 0; i < count; i++)
            if (entries[i].IdempotencyKey is { } key) _keys.TryAdd(key, entries[i].Sequence);
    }

    /// <summary>A log of entries read and replayed whole; <paramref name="lastEffectiveOn"/> is their timeline's latest date.</summary>
    public static EntryLog Of(IReadOnlyList<LedgerEntry> entries, LocalDate? lastEffectiveOn) =>
        new(entries.ToArray(), entries.Count, entries.Count, lastEffectiveOn);

    /// <summary>How many entries the log was made with (the ones replayed whole).</summary>
    public int Loaded { get; }

    /// <summary>The latest effective date of the events of the first <see cref="Loaded"/> entries.</summary>
    public LocalDate? LoadedLastEffectiveOn { get; }

    /// <summary>How many entries the log holds (at least as many as each ledger of the lineage).</summary>
    public int Count => Volatile.Read(ref _count);

    public LedgerEntry this[int index] => Volatile.Read(ref _entries)[index];

    /// <summary>What the entry at <paramref name="index"/> (at or after <see cref="Loaded"/>) brought.</summary>
    public Added AddedAt(int index) => Volatile.Read(ref _added)[index - Loaded];

    /// <summary>The latest effective date of the events of the first <paramref name="count"/> entries.</summary>
    public LocalDate? LastEffectiveOnAt(int count) => count > Loaded ? AddedAt(count - 1).LastEffectiveOn : LoadedLastEffectiveOn;

    /// <summary>The sequence of the entry recorded under <paramref name="key"/>, if any entry of the log is.</summary>
    public long? SequenceOf(string key) => _keys.TryGetValue(key, out var sequence) ? sequence : null;

    /// <summary>
    /// Adds <paramref name="entries"/> (with their events, in order) after the first <paramref name="count"/>, if the log
    /// holds exactly that many; false (nothing added) if another ledger of the lineage was extended past them first.
    /// </summary>
    public bool TryAdd(int count, IReadOnlyList<LedgerEntry> entries, IReadOnlyList<LedgerEvent> events)
    {
        lock (_adding)
        {
            if (_count != count) return false;
            var last = LastEffectiveOnAt(count);
            var list = _entries;
            var added = _added;
            var need = count + entries.Count;
            if (need > list.Length) list = Grow(list, count, need);
            if (need - Loaded > added.Length) added = Grow(added, count - Loaded, need - Loaded);
            for (var i = 0; i < entries.Count; i++)
            {
                var e = events[i];
                var placedLast = RegisterTimeline.PlacesLast(last, e.EffectiveOn);
                if (placedLast) last = e.EffectiveOn;
                list[count + i] = entries[i];
                added[count + i - Loaded] = new Added(e, placedLast, last);
                if (entries[i].IdempotencyKey is { } key) _keys.TryAdd(key, entries[i].Sequence);
            }
            // The arrays before the count: a reader that sees the new count finds its entries in whichever array it reads.
            Volatile.Write(ref _entries, list);
            Volatile.Write(ref _added, added);
            Volatile.Write(ref _count, need);
            return true;
        }
    }

    /// <summary>A log of its own holding the first <paramref name="count"/> entries of <paramref name="log"/>.</summary>
    public static EntryLog CopyOf(EntryLog log, int count)
    {
        var entries = new LedgerEntry[Math.Max(count, 4)];
        for (var i = 0; i < count; i++) entries[i] = log[i];
        var copy = new EntryLog(entries, count, log.Loaded, log.LoadedLastEffectiveOn); // every ledger of a log holds at least the loaded entries
        if (count > copy.Loaded)
        {
            copy._added = new Added[count - copy.Loaded];
            for (var i = copy.Loaded; i < count; i++) copy._added[i - copy.Loaded] = log.AddedAt(i);
        }
        return copy;
    }

    private static T[] Grow<T>(T[] array, int used, int need)
    {
        var grown = new T[Math.Max(need, checked(array.Length * 2))];
        Array.Copy(array, grown, used);
        return grown;
    }

    /// <summary>The first <paramref name="count"/> entries of a log, as a list.</summary>
    internal sealed class Prefix(EntryLog log, int count) : IReadOnlyList<LedgerEntry>
    {
        public int Count => count;

        public LedgerEntry this[int index] => (uint)index < (uint)count ? log[index] : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<LedgerEntry> GetEnumerator()
        {
            var entries = Volatile.Read(ref log._entries);
            for (var i = 0; i < count; i++) yield return entries[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
