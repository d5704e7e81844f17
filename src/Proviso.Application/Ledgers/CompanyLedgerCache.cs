using System.Collections.Concurrent;
using Proviso.Domain.Ledger;
using Proviso.Storage;

namespace Proviso.Application.Ledgers;

/// <summary>A store that can hand out a company's <see cref="CompanyLedger"/> without replaying it every time.</summary>
public interface ICompanyLedgerSource
{
    /// <summary>The company's ledger, current as of this call: every entry appended before the call is in it.</summary>
    Task<CompanyLedger> LoadCompanyLedgerAsync(string companyId, CancellationToken ct = default);
}

/// <summary>
/// Each company's <see cref="CompanyLedger"/> (entries and replayed <see cref="Domain.Register.RegisterTimeline"/>),
/// kept in memory and brought up to date by version.
/// <para>Exact because the ledger is append-only: each load asks the store for the current version (one indexed
/// query); if it equals the cached snapshot's, the snapshot is the ledger; if it is later, only the entries after the
/// snapshot's version are read and added, in sequence order, to a copy of the snapshot's timeline (the same
/// <see cref="Domain.Register.RegisterTimeline.Add"/> a full load makes, so the result equals a full replay). Any write
/// that finished before a load began has a version at or below the one that load sees, so a load never returns a
/// ledger older than the last completed write, whoever wrote it (this server, another server or the CLI on the same
/// store).</para>
/// <para>Snapshots are shared between requests and never changed once published: readers must treat a
/// <see cref="CompanyLedger"/> as read-only (its timeline is cloned before anything is decided on it, as
/// <see cref="CompanyCommands"/> does). Thread-safe; at most <see cref="Capacity"/> companies are kept (the least
/// recently used is dropped); a company with no entries is never cached.</para>
/// </summary>
public sealed class CompanyLedgerCache(int capacity = CompanyLedgerCache.DefaultCapacity)
{
    public const int DefaultCapacity = 64;

    private sealed class Slot
    {
        public readonly SemaphoreSlim Refresh = new(1, 1);
        public volatile CompanyLedger? Snapshot;
        public long LastUsed;
    }

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private long _clock;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "at least one company");

    /// <summary>How many companies are cached now.</summary>
    public int Count => _slots.Count;

    /// <summary>Loads (full replays, incremental refreshes, hits): for tests and diagnostics.</summary>
    public (long Full, long Incremental, long Hits) Statistics => (Interlocked.Read(ref _full), Interlocked.Read(ref _incremental), Interlocked.Read(ref _hits));

    private long _full;
    private long _incremental;
    private long _hits;

    /// <summary>The company's ledger as of now, from <paramref name="store"/> (the store the cache belongs to).</summary>
    public async Task<CompanyLedger> LoadAsync(IEventStore store, string companyId, CancellationToken ct = default)
    {
        var current = await store.CurrentVersionAsync(companyId, ct);
        if (current == 0)
        {
            _slots.TryRemove(companyId, out _);
            return await CompanyLedger.ReplayAsync(store, companyId, 0, null, ct); // no entries (or some since the version query)
        }
        var slot = _slots.GetOrAdd(companyId, _ => new Slot());
        Volatile.Write(ref slot.LastUsed, Interlocked.Increment(ref _clock));
        if (slot.Snapshot is { } hit && hit.Version == current)
        {
            Interlocked.Increment(ref _hits);
            return hit;
        }
        await slot.Refresh.WaitAsync(ct);
        try
        {
            var snapshot = slot.Snapshot;
            if (snapshot is not null && snapshot.Version >= current)
            {
                Interlocked.Increment(ref _hits);
                return snapshot; // another request refreshed it past our version while we waited
            }
            if (snapshot is null)
            {
                snapshot = await CompanyLedger.ReplayAsync(store, companyId, 0, null, ct);
                Interlocked.Increment(ref _full);
            }
            else
            {
                snapshot = await CompanyLedger.ReplayAsync(store, companyId, snapshot.Version, snapshot, ct);
                Interlocked.Increment(ref _incremental);
            }
            slot.Snapshot = snapshot;
        }
        finally
        {
            slot.Refresh.Release();
        }
        Trim();
        return slot.Snapshot!;
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
public sealed class LedgerCachingStore(IEventStore inner, CompanyLedgerCache cache) : IEventStore, ICompanyLedgerSource
{
    public IEventStore Inner => inner;

    public CompanyLedgerCache Cache => cache;

    public string Kind => inner.Kind;

    public string Location => inner.Location;

    public Task<AppendOutcome> AppendAsync(string companyId, long? expectedVersion, IReadOnlyList<NewLedgerEntry> entries, CancellationToken ct = default) =>
        inner.AppendAsync(companyId, expectedVersion, entries, ct);

    public IAsyncEnumerable<LedgerEntry> ReadAsync(string companyId, long afterSequence = 0, CancellationToken ct = default) =>
        inner.ReadAsync(companyId, afterSequence, ct);

    public Task<long> CurrentVersionAsync(string companyId, CancellationToken ct = default) => inner.CurrentVersionAsync(companyId, ct);

    public Task<IReadOnlyList<string>> CompaniesAsync(CancellationToken ct = default) => inner.CompaniesAsync(ct);

    public Task<IReadOnlyList<LedgerEntry>> FindByIdempotencyKeyAsync(string companyId, string idempotencyKey, CancellationToken ct = default) =>
        inner.FindByIdempotencyKeyAsync(companyId, idempotencyKey, ct);

    public Task<CompanyLedger> LoadCompanyLedgerAsync(string companyId, CancellationToken ct = default) => cache.LoadAsync(inner, companyId, ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
