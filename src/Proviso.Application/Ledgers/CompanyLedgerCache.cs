using System.Collections.Concurrent;
using Proviso.Domain.Ledger;
using Proviso.Storage;

namespace Proviso.Application.Ledgers;

/// <summary>A store that can hand out a company's <see cref="CompanyLedger"/> without replaying it every time.</summary>
public interface ICompanyLedgerSource
{
    /// <summary>The company's ledger, current as of this call: every entry appended before the call is in it.</summary>
    Task<CompanyLedger> LoadCompanyLedgerAsync(string companyId, CancellationToken ct = default);

    /// <summary>
    /// The latest ledger of the company held in memory, without asking the store whether another writer has appended
    /// since (null if none is held): it holds at least every entry appended through this source.
    /// </summary>
    CompanyLedger? Latest(string companyId);
}

/// <summary>
/// Each company's <see cref="CompanyLedger"/> (entries and replayed <see cref="Domain.Register.RegisterTimeline"/>),
/// kept in memory and brought up to date by version.
/// <para>Exact because the ledger is append-only: each load asks the store for the current version (one indexed
/// query); if it equals the cached snapshot's, the snapshot is the ledger; if it is later, only the entries after the
/// snapshot's version are read and added, in sequence order, to the snapshot (<see cref="CompanyLedger.With"/>, whose
/// timeline, when built, is the snapshot's with the same <see cref="Domain.Register.RegisterTimeline.Add"/>s a full load
/// makes, so the result equals a full replay). Any write that finished before a load began has a version at or below
/// the one that load sees, so a load never returns a ledger older than the last completed write, whoever wrote it (this
/// server, another server or the CLI on the same store).</para>
/// <para>A store that has a change stamp (<see cref="IChangeStampedStore"/>, SQLite's <c>PRAGMA data_version</c>)
/// spares even the version query: each snapshot remembers the stamp read before the version query that vouched for it,
/// and a load that reads the same stamp again returns the snapshot at once, because equal stamps mean nothing at all
/// was committed to the store in between (by anyone). Any commit changes the stamp, and the next load of each company
/// asks for its version again.</para>
/// <para>Entries this process appends through the <see cref="LedgerCachingStore"/> are added to the cached snapshot
/// directly (<see cref="AppendedAsync"/>), so the next load finds them without reading them back; it still asks for the
/// version, because another writer may have committed too.</para>
/// <para>Snapshots are shared between requests and never changed once published: readers must treat a
/// <see cref="CompanyLedger"/> as read-only (commands are decided on a <see cref="DecisionState"/> of it, as
/// <see cref="CompanyCommands"/> does). Thread-safe; at most <see cref="Capacity"/> companies are kept (the least
/// recently used is dropped); a company with no entries is never cached.</para>
/// </summary>
public sealed class CompanyLedgerCache(int capacity = CompanyLedgerCache.DefaultCapacity)
{
    public const int DefaultCapacity = 64;

    /// <summary>A snapshot, and the change stamp that vouches it is current (null: ask for the version).</summary>
    private sealed record Verified(CompanyLedger Ledger, long? Stamp);

    private sealed class Slot
    {
        public readonly SemaphoreSlim Refresh = new(1, 1);
        public Verified? Current;
        public long LastUsed;

        /// <summary>Publishes <paramref name="next"/> unless a later ledger is already published.</summary>
        public void Publish(Verified next)
        {
            while (true)
            {
                var seen = Volatile.Read(ref Current);
                if (seen is not null && seen.Ledger.Version > next.Ledger.Version) return;
                if (Interlocked.CompareExchange(ref Current, next, seen) == seen) return;
            }
        }
    }

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private long _clock;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "at least one company");

    /// <summary>How many companies are cached now.</summary>
    public int Count => _slots.Count;

    /// <summary>
    /// Loads (full replays, incremental refreshes, hits that asked for the version, hits vouched for by the change
    /// stamp alone, appends added directly): for tests and diagnostics.
    /// </summary>
    public (long Full, long Incremental, long Hits, long StampHits, long Appended) Statistics =>
        (Interlocked.Read(ref _full), Interlocked.Read(ref _incremental), Interlocked.Read(ref _hits), Interlocked.Read(ref _stampHits), Interlocked.Read(ref _appended));

    private long _full;
    private long _incremental;
    private long _hits;
    private long _stampHits;
    private long _appended;

    /// <summary>The company's ledger as of now, from <paramref name="store"/> (the store the cache belongs to).</summary>
    public async Task<CompanyLedger> LoadAsync(IEventStore store, string companyId, CancellationToken ct = default)
    {
        long? stamp = store is IChangeStampedStore stamped && stamped.TryReadChangeStamp(out var s) ? s : null;
        if (stamp is not null && _slots.TryGetValue(companyId, out var known) && Volatile.Read(ref known.Current) is { } vouched && vouched.Stamp == stamp)
        {
            Volatile.Write(ref known.LastUsed, Interlocked.Increment(ref _clock));
            Interlocked.Increment(ref _stampHits);
            return vouched.Ledger;
        }
        var current = await store.CurrentVersionAsync(companyId, ct);
        if (current == 0)
        {
            _slots.TryRemove(companyId, out _);
            return await CompanyLedger.ReplayAsync(store, companyId, ct); // no entries (or some since the version query)
        }
        var slot = _slots.GetOrAdd(companyId, _ => new Slot());
        Volatile.Write(ref slot.LastUsed, Interlocked.Increment(ref _clock));
        if (Volatile.Read(ref slot.Current) is { } hit && hit.Ledger.Version == current)
        {
            Interlocked.Increment(ref _hits);
            // The stamp was read before the version query, so it vouches for this version until it changes.
            if (hit.Stamp != stamp) slot.Publish(new Verified(hit.Ledger, stamp));
            return hit.Ledger;
        }
        await slot.Refresh.WaitAsync(ct);
        try
        {
            var snapshot = Volatile.Read(ref slot.Current)?.Ledger;
            if (snapshot is not null && snapshot.Version >= current)
            {
                Interlocked.Increment(ref _hits);
                return snapshot; // another request refreshed it past our version while we waited
            }
            if (snapshot is null)
            {
                snapshot = await CompanyLedger.ReplayAsync(store, companyId, ct);
                Interlocked.Increment(ref _full);
            }
            else
            {
                snapshot = await snapshot.RefreshAsync(store, ct);
                Interlocked.Increment(ref _incremental);
            }
            // The entries read may go past 'current' (appended since the version query); the stamp, read before that
            // query, still vouches for the snapshot: if it has not changed, nothing was committed after it was read.
            slot.Publish(new Verified(snapshot, stamp));
        }
        finally
        {
            slot.Refresh.Release();
        }
        Trim();
        return Volatile.Read(ref slot.Current)!.Ledger;
    }

    /// <summary>The company's latest snapshot, as published (no store is asked); null if the company is not cached.</summary>
    public CompanyLedger? Latest(string companyId) => _slots.TryGetValue(companyId, out var slot) ? Volatile.Read(ref slot.Current)?.Ledger : null;

    /// <summary>
    /// Entries this process has just appended to the company's ledger (the store's <see cref="AppendOutcome.Appended"/>
    /// answers, in sequence order): if they follow the cached snapshot directly, the snapshot followed by them
    /// (<see cref="CompanyLedger.With"/>, which shares its entries and builds no timeline) is published without a stamp,
    /// so the next load still asks for the version (another writer may have committed since) but reads nothing back.
    /// Otherwise nothing changes and the next load reads them as usual.
    /// </summary>
    public Task AppendedAsync(string companyId, IReadOnlyList<LedgerEntry> entries, CancellationToken ct = default) =>
        AppendedAsync(companyId, entries, null, null, ct);

    /// <summary>
    /// As <see cref="AppendedAsync(string, IReadOnlyList{LedgerEntry}, CancellationToken)"/>, for entries made from
    /// <paramref name="decided"/> (one event per entry, in order: see <see cref="CompanyLedger.With(IReadOnlyList{LedgerEntry}, IReadOnlyList{LedgerEvent}?)"/>)
    /// on the ledger of version <paramref name="decidedOn"/>, whose transfer index a decision state has extended with them
    /// (<paramref name="index"/>, or null): when they follow the cached snapshot and it is of that version, the new
    /// ledger takes the events without reading their payloads again, and the index as its own.
    /// </summary>
    internal async Task AppendedAsync(string companyId, IReadOnlyList<LedgerEntry> entries, IReadOnlyList<LedgerEvent>? decided, (long DecidedOn, Transfers.TransferIndex Index)? index, CancellationToken ct = default)
    {
        if (entries.Count == 0 || !_slots.TryGetValue(companyId, out var slot)) return;
        if (!await slot.Refresh.WaitAsync(0, ct)) return; // a refresh is running: it will read them
        try
        {
            var snapshot = Volatile.Read(ref slot.Current)?.Ledger;
            if (snapshot is null || snapshot.Version != entries[0].Sequence - 1) return;
            CompanyLedger next;
            try
            {
                next = snapshot.With(entries, decided);
            }
            catch (LedgerFormatException)
            {
                return; // the next load reads the entries from the store, and fails there as a full replay would
            }
            if (index is { } adopted && adopted.DecidedOn == snapshot.Version) Transfers.TransferIndex.Adopt(next, adopted.Index);
            slot.Publish(new Verified(next, null));
            Interlocked.Increment(ref _appended);
        }
        finally
        {
            slot.Refresh.Release();
        }
    }

    /// <summary>Drops the least recently used companies while more than <see cref="Capacity"/> are kept.</summary>
    private void Trim()
    {
        while (_slots.Count > Capacity)
        {
            var oldest = _slots.MinBy(kv => Volatile.Read(ref kv.Value.LastUsed));
            if (oldest.Key is null || !_slots.TryRemove(oldest)) return;
        }
    }
}

/// <summary>
/// An <see cref="IEventStore"/> that forwards everything to the store it wraps and, through
/// <see cref="ICompanyLedgerSource"/>, serves <see cref="CompanyLedger.LoadAsync"/> from a
/// <see cref="CompanyLedgerCache"/>. The server registers its store wrapped in one (a singleton), so every endpoint and
/// page that loads a company's ledger shares the cache without knowing about it.
/// </summary>
public sealed class LedgerCachingStore(IEventStore inner, CompanyLedgerCache cache) : IEventStore, ICompanyLedgerSource, IChangeStampedStore
{
    public IEventStore Inner => inner;

    public CompanyLedgerCache Cache => cache;

    public string Kind => inner.Kind;

    public string Location => inner.Location;

    /// <summary>Appends through the wrapped store; what it appended is added to the cached ledger at once.</summary>
    public async Task<AppendOutcome> AppendAsync(string companyId, long? expectedVersion, IReadOnlyList<NewLedgerEntry> entries, CancellationToken ct = default)
    {
        var outcome = await inner.AppendAsync(companyId, expectedVersion, entries, ct);
        if (outcome is AppendOutcome.Appended appended) await cache.AppendedAsync(companyId, appended.Entries, CancellationToken.None);
        return outcome;
    }

    /// <summary>Appends the group through the wrapped store; what it appended is added to the cached ledger at once.</summary>
    public Task<IReadOnlyList<AppendOutcome>> AppendGroupAsync(string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends, CancellationToken ct = default) =>
        AppendGroupAsync(companyId, baseVersion, appends, null, ct);

    /// <summary>
    /// Appends a group decided on <paramref name="state"/> (its appends, in the order decided) through the wrapped store;
    /// if every append was written, the cached ledger takes the decided events and the state's transfer index with the
    /// entries instead of reading them again (else what was appended is added as by <see cref="AppendGroupAsync"/>).
    /// </summary>
    public Task<IReadOnlyList<AppendOutcome>> AppendDecidedGroupAsync(string companyId, long baseVersion, IReadOnlyList<GroupedAppend> appends, DecisionState state, CancellationToken ct = default) =>
        AppendGroupAsync(companyId, baseVersion, appends, state, ct);

    private async Task<IReadOnlyList<AppendOutcome>> AppendGroupAsync(string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends, DecisionState? state, CancellationToken ct)
    {
        var outcomes = await inner.AppendGroupAsync(companyId, baseVersion, appends, ct);
        // The appends written by one group follow each other directly (one transaction), in the order given.
        var appended = outcomes.OfType<AppendOutcome.Appended>().SelectMany(a => a.Entries).ToList();
        if (appended.Count == 0) return outcomes;
        var decided = state?.DecidedEvents;
        if (state is not null && decided!.Count == appended.Count && state.StartVersion == baseVersion && outcomes.All(o => o is AppendOutcome.Appended))
        {
            var index = state.TransfersIfExtended;
            await cache.AppendedAsync(companyId, appended, decided, index is null ? null : (state.StartVersion, index), CancellationToken.None);
        }
        else await cache.AppendedAsync(companyId, appended, CancellationToken.None);
        return outcomes;
    }

    /// <summary>The wrapped store's change stamp, if it has one.</summary>
    public bool TryReadChangeStamp(out long stamp)
    {
        if (inner is IChangeStampedStore stamped) return stamped.TryReadChangeStamp(out stamp);
        stamp = 0;
        return false;
    }

    public IAsyncEnumerable<LedgerEntry> ReadAsync(string companyId, long afterSequence = 0, CancellationToken ct = default) =>
        inner.ReadAsync(companyId, afterSequence, ct);

    public Task<long> CurrentVersionAsync(string companyId, CancellationToken ct = default) => inner.CurrentVersionAsync(companyId, ct);

    public Task<IReadOnlyList<string>> CompaniesAsync(CancellationToken ct = default) => inner.CompaniesAsync(ct);

    public Task<IReadOnlyList<LedgerEntry>> FindByIdempotencyKeyAsync(string companyId, string idempotencyKey, CancellationToken ct = default) =>
        inner.FindByIdempotencyKeyAsync(companyId, idempotencyKey, ct);

    public Task<CompanyLedger> LoadCompanyLedgerAsync(string companyId, CancellationToken ct = default) => cache.LoadAsync(inner, companyId, ct);

    public CompanyLedger? Latest(string companyId) => cache.Latest(companyId);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
