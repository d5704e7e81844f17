using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;
using Proviso.Storage;

namespace Proviso.Application.Ledgers;

/// <summary>
/// A company's ledger as read from a store: the entries, the register timeline built from them, and the version.
/// <para>A ledger made from an earlier one by adding the entries after it (<see cref="With"/>: a cache brought up to
/// date, or the entries this process has just appended) shares the earlier one's entries (one <see cref="EntryLog"/>
/// per lineage) and builds its timeline only when first asked for it (<see cref="Timeline"/>): a copy of the latest
/// timeline built before it, plus the entries since. Commands that never ask for the whole timeline (transfer steps,
/// decided on the <see cref="Transfers.TransferIndex"/> and <see cref="RegisterHistory"/>) therefore cost no copy of
/// it however long the ledger.</para>
/// <para>Read-only to its users and safe to share between threads: nothing they can see ever changes.</para>
/// </summary>
public sealed class CompanyLedger
{
    private readonly EntryLog _log;
    private readonly RegisterTimeline _built;
    private readonly int _builtCount;
    private readonly int _unindexedSinceBuilt;
    private readonly Lock _building = new();
    private RegisterTimeline? _timeline;

    /// <param name="built">The timeline of the first <paramref name="builtCount"/> entries (the latest built in the lineage).</param>
    /// <param name="unindexedSinceBuilt">How many entries after those hold events the <see cref="Transfers.TransferIndex"/> does not read.</param>
    private CompanyLedger(string companyId, EntryLog log, int count, RegisterTimeline built, int builtCount, int unindexedSinceBuilt)
    {
        CompanyId = companyId;
        _log = log;
        Count = count;
        _built = built;
        _builtCount = builtCount;
        _unindexedSinceBuilt = unindexedSinceBuilt;
        if (builtCount == count) _timeline = built;
        Entries = new EntryLog.Prefix(log, count);
    }

    public string CompanyId { get; }

    public IReadOnlyList<LedgerEntry> Entries { get; }

    /// <summary>The register timeline of every entry (built when first asked for, for a ledger made by adding entries).</summary>
    /// <exception cref="RegisterInvariantException">An added event cannot apply to the register (as a full replay would throw).</exception>
    public RegisterTimeline Timeline => Volatile.Read(ref _timeline) ?? Build();

    public long Version => Count == 0 ? 0 : _log[Count - 1].Sequence;

    public bool Exists => Count > 0;

    /// <summary>The lineage's entries, of which this ledger holds the first <see cref="Count"/>.</summary>
    internal EntryLog Log => _log;

    /// <summary>How many entries the ledger holds.</summary>
    internal int Count { get; }

    /// <summary>The latest effective date of the ledger's events (as its timeline's register has it).</summary>
    internal LocalDate? LastEffectiveOn => _log.LastEffectiveOnAt(Count);

    /// <summary>
    /// A timeline with every register event of this ledger, whose other events may stop short of the latest: the latest
    /// timeline built, without building one, while every entry since holds a process step, recorded terms or a lock-up
    /// (none of which changes the register). For rules that read only the register as of a date.
    /// </summary>
    internal RegisterTimeline RegisterHistory => Volatile.Read(ref _timeline) ?? (_unindexedSinceBuilt == 0 ? _built : Timeline);

    /// <summary>
    /// The events of the entries after the first <paramref name="from"/>, in order, if each was added to the lineage after
    /// it was first read and the timeline placed each after every earlier event (so a fold of the earlier events followed
    /// by these is a fold of the timeline); null otherwise.
    /// </summary>
    internal IReadOnlyList<LedgerEvent>? EventsPlacedLastSince(int from)
    {
        if (from < _log.Loaded) return null;
        var events = new LedgerEvent[Count - from];
        for (var i = from; i < Count; i++)
        {
            var added = _log.AddedAt(i);
            if (!added.PlacedLast) return null;
            events[i - from] = added.Event;
        }
        return events;
    }

    private RegisterTimeline Build()
    {
        lock (_building)
        {
            if (Volatile.Read(ref _timeline) is { } built) return built;
            var timeline = _built.Clone();
            for (var i = _builtCount; i < Count; i++)
            {
                var entry = _log[i];
                var e = _log.AddedAt(i).Event;
                // A process step, terms or a lock-up is kept as the event read when it was added (the slot a stored entry
                // of that kind gets, and the object the transfer index holds); anything else is added as stored.
                if (Transfers.TransferIndex.Indexes(e)) timeline.Add(entry.Sequence, e);
                else timeline.AddStored(entry.Sequence, entry.EventType, entry.Payload);
            }
            Volatile.Write(ref _timeline, timeline);
            return timeline;
        }
    }

    /// <summary>
    /// The company's ledger as of now. A store that keeps ledgers in memory (<see cref="ICompanyLedgerSource"/>, such as
    /// the server's <see cref="LedgerCachingStore"/>) answers from its cache, brought up to date by version; any other
    /// store is read and replayed in full. Either way the result holds every entry appended before the call, and is
    /// read-only to the caller (decide on a <see cref="DecisionState"/> of it).
    /// </summary>
    public static Task<CompanyLedger> LoadAsync(IEventStore store, string companyId, CancellationToken ct = default) =>
        store is ICompanyLedgerSource source ? source.LoadCompanyLedgerAsync(companyId, ct) : ReplayAsync(store, companyId, ct);

    /// <summary>
    /// The company's ledger with at least <paramref name="version"/> entries: the one a store that keeps ledgers in memory
    /// holds, if it has one that long (without asking the store whether another writer has appended since), else as
    /// <see cref="LoadAsync"/>. For showing the state a write of this process has just left.
    /// </summary>
    public static Task<CompanyLedger> LoadAtLeastAsync(IEventStore store, string companyId, long version, CancellationToken ct = default) =>
        store is ICompanyLedgerSource source && source.Latest(companyId) is { } held && held.Version >= version ? Task.FromResult(held) : LoadAsync(store, companyId, ct);

    /// <summary>Reads every entry and replays it, bypassing any cache.</summary>
    public static Task<CompanyLedger> LoadUncachedAsync(IEventStore store, string companyId, CancellationToken ct = default) =>
        ReplayAsync(store is LedgerCachingStore caching ? caching.Inner : store, companyId, ct);

    /// <summary>Reads every entry and replays it: a ledger of a lineage of its own.</summary>
    internal static async Task<CompanyLedger> ReplayAsync(IEventStore store, string companyId, CancellationToken ct)
    {
        var entries = new List<LedgerEntry>();
        await foreach (var e in store.ReadAsync(companyId, 0, ct)) entries.Add(e);
        // A whole ledger: read and applied in bulk (payloads read in parallel, back-dated entries ordered once).
        var stored = new RegisterTimeline.StoredEvent[entries.Count];
        for (var i = 0; i < stored.Length; i++) stored[i] = new(entries[i].Sequence, entries[i].EventType, entries[i].Payload);
        var timeline = RegisterTimeline.Load(stored);
        return new CompanyLedger(companyId, EntryLog.Of(entries, timeline.Latest.LastEffectiveOn), entries.Count, timeline, entries.Count, 0);
    }

    /// <summary>This ledger followed by the entries the store holds after it (this ledger is not changed).</summary>
    internal async Task<CompanyLedger> RefreshAsync(IEventStore store, CancellationToken ct)
    {
        var added = new List<LedgerEntry>();
        await foreach (var e in store.ReadAsync(CompanyId, Version, ct)) added.Add(e);
        return With(added);
    }

    /// <summary>
    /// This ledger followed by <paramref name="added"/>, the entries after it in sequence order (this ledger is not
    /// changed): each entry's event is read once, here; the timeline is built when first asked for.
    /// </summary>
    /// <exception cref="LedgerFormatException">An added entry's type is unknown or its payload malformed.</exception>
    internal CompanyLedger With(IReadOnlyList<LedgerEntry> added) => With(added, null);

    /// <summary>
    /// As <see cref="With(IReadOnlyList{LedgerEntry})"/>, with the events the entries were made from, if the caller has
    /// them (<paramref name="decided"/>: the events a <see cref="DecisionState"/> decided, one per entry, in order, which
    /// the codec stores without loss): they are taken as the entries' events instead of reading each payload again. An
    /// event whose type is not its entry's is read from the entry.
    /// </summary>
    internal CompanyLedger With(IReadOnlyList<LedgerEntry> added, IReadOnlyList<LedgerEvent>? decided)
    {
        if (added.Count == 0) return this;
        if (decided is not null && decided.Count != added.Count) throw new ArgumentException($"{decided.Count} events for {added.Count} entries", nameof(decided));
        var events = new LedgerEvent[added.Count];
        // A decided event is kept in its entry's place of the payload text it was written as (LedgerEntry.HoldingEvent):
        // the log keeps the event anyway, so the text need not stay in memory beside it.
        var holding = decided is null ? null : new LedgerEntry[added.Count];
        var previous = Version;
        var unindexed = 0;
        for (var i = 0; i < added.Count; i++)
        {
            if (added[i].Sequence <= previous) throw new ArgumentException($"sequence {added[i].Sequence} is not after {previous}", nameof(added));
            previous = added[i].Sequence;
            var isDecided = decided is not null && string.Equals(EventCodec.TypeName(decided[i]), added[i].EventType, StringComparison.Ordinal);
            events[i] = isDecided ? decided![i] : EventCodec.Deserialize(added[i]);
            if (holding is not null) holding[i] = isDecided ? added[i].HoldingEvent(events[i]) : added[i];
            if (!Transfers.TransferIndex.Indexes(events[i])) unindexed++;
        }
        IReadOnlyList<LedgerEntry> kept = holding ?? added;
        var log = _log;
        if (!log.TryAdd(Count, kept, events))
        {
            // Another ledger of this length was extended first (two refreshes of one snapshot): a lineage of its own.
            log = EntryLog.CopyOf(_log, Count);
            log.TryAdd(Count, kept, events);
        }
        return Volatile.Read(ref _timeline) is { } timeline
            ? new CompanyLedger(CompanyId, log, Count + added.Count, timeline, Count, unindexed)
            : new CompanyLedger(CompanyId, log, Count + added.Count, _built, _builtCount, checked(_unindexedSinceBuilt + unindexed));
    }

    /// <summary>Whether an entry of this ledger was recorded under <paramref name="key"/>.</summary>
    public bool HasIdempotencyKey(string key) => _log.SequenceOf(key) is { } sequence && sequence <= Version;

    /// <summary>
    /// What a command recorded under <paramref name="key"/>: the entry that carries the key and the ones right after it
    /// that carry "<paramref name="key"/>#…" (its other events, as <see cref="DecisionState.Decide"/> keys them), or
    /// nothing if no entry of this ledger carries it.
    /// </summary>
    public IReadOnlyList<LedgerEntry> EntriesUnder(string key)
    {
        if (_log.SequenceOf(key) is not { } first || first > Version) return [];
        var result = new List<LedgerEntry>();
        for (var i = IndexOf(first); i < Count && _log[i].IdempotencyKey is { } k && (k == key || k.StartsWith(key + "#", StringComparison.Ordinal)); i++)
            result.Add(_log[i]);
        return result;
    }

    /// <summary>Where the entry with <paramref name="sequence"/> is (sequences start at 1 without gaps in a store's ledger).</summary>
    private int IndexOf(long sequence)
    {
        var guess = sequence - 1;
        if (guess >= 0 && guess < Count && _log[(int)guess].Sequence == sequence) return (int)guess;
        var (low, high) = (0, Count - 1);
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            var at = _log[middle].Sequence;
            if (at == sequence) return middle;
            if (at < sequence) low = middle + 1;
            else high = middle - 1;
        }
        return Count;
    }

    /// <summary>A stable idempotency key for a command: its type and canonical JSON, hashed.</summary>
    public static string KeyFor(string prefix, object command)
    {
        var json = JsonSerializer.Serialize(command, command.GetType(), EventCodec.Options);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(command.GetType().Name + "\n" + json)));
        return $"{prefix}:{hash[..32]}";
    }
}

/// <summary>Who is acting and when: the application layer's clock and identity, passed into every recorded entry.</summary>
public sealed record Actor(string Name, Instant Now);

/// <summary>What happened when commands were submitted.</summary>
public abstract record CommandOutcome
{
    private CommandOutcome() { }

    public sealed record Recorded(IReadOnlyList<LedgerEntry> Entries) : CommandOutcome;

    /// <summary>The same command (by idempotency key) was recorded before; nothing changed.</summary>
    public sealed record AlreadyRecorded(IReadOnlyList<LedgerEntry> Entries) : CommandOutcome;

    /// <summary>A rule refused a command; nothing was written.</summary>
    public sealed record Refused(int CommandIndex, string CommandName, IReadOnlyList<Rejection> Reasons, string? Source) : CommandOutcome;

    /// <summary>Another writer moved the ledger on; nothing was written.</summary>
    public sealed record Conflicted(long Expected, long Actual) : CommandOutcome;
}

/// <summary>
/// Runs commands against a company's ledger: decide each on a <see cref="DecisionState"/> of it (so each sees the ones
/// before it in the same batch), then append all resulting events in one atomic append, or nothing at all.
/// <see cref="CompanyDecider"/> is the one decider that knows every command.
/// </summary>
public static class RegisterCommands
{
    public static Task<CommandOutcome> ExecuteAsync(
        IEventStore store, string companyId, IReadOnlyList<(RegisterCommand Command, string? IdempotencyKey, string? Source)> commands,
        Actor actor, long? expectedVersion = null, CancellationToken ct = default) =>
        CompanyCommands.ExecuteAsync(store, companyId, commands.Select(c => ((object)c.Command, c.IdempotencyKey, c.Source)).ToList(), actor, expectedVersion, ct);
}

public static class CompanyCommands
{
    public static async Task<CommandOutcome> ExecuteAsync(
        IEventStore store, string companyId, IReadOnlyList<(object Command, string? IdempotencyKey, string? Source)> commands,
        Actor actor, long? expectedVersion = null, CancellationToken ct = default)
    {
        var ledger = await CompanyLedger.LoadAsync(store, companyId, ct);
        return await ExecuteAsync(store, ledger, commands, actor, expectedVersion, ct);
    }

    /// <summary>
    /// As <see cref="ExecuteAsync(IEventStore, string, IReadOnlyList{ValueTuple{object, string?, string?}}, Actor, long?, CancellationToken)"/>,
    /// deciding on a ledger the caller has just loaded (it is not changed). The append still checks its version, so a
    /// ledger that has moved on since gives <see cref="CommandOutcome.Conflicted"/>, never a decision on stale state.
    /// </summary>
    public static async Task<CommandOutcome> ExecuteAsync(
        IEventStore store, CompanyLedger ledger, IReadOnlyList<(object Command, string? IdempotencyKey, string? Source)> commands,
        Actor actor, long? expectedVersion = null, CancellationToken ct = default)
    {
        if (expectedVersion is { } ev && ev != ledger.Version) return new CommandOutcome.Conflicted(ev, ledger.Version);
        var (entries, refused) = DecisionState.Of(ledger).Decide(commands, actor);
        if (refused is not null) return refused;
        if (entries.Count == 0)
        {
            var existing = commands.Select(c => c.IdempotencyKey).Where(k => k is not null)
                .SelectMany(k => ledger.EntriesUnder(k!).Where(e => e.IdempotencyKey == k)).ToList();
            return new CommandOutcome.AlreadyRecorded(existing);
        }
        var outcome = await store.AppendAsync(ledger.CompanyId, ledger.Version, entries, ct);
        return outcome switch
        {
            AppendOutcome.Appended a => new CommandOutcome.Recorded(a.Entries),
            AppendOutcome.Duplicate d => new CommandOutcome.AlreadyRecorded(d.Existing),
            AppendOutcome.Conflict c => new CommandOutcome.Conflicted(c.ExpectedVersion, c.ActualVersion),
            _ => throw new InvalidOperationException("unknown append outcome"),
        };
    }
}
