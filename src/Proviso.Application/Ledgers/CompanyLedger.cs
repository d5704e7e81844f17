using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;
using Proviso.Storage;

namespace Proviso.Application.Ledgers;

/// <summary>A company's ledger as read from a store: the entries, the register timeline built from them, and the version.</summary>
public sealed class CompanyLedger
{
    private CompanyLedger(string companyId, IReadOnlyList<LedgerEntry> entries, RegisterTimeline timeline)
    {
        CompanyId = companyId;
        Entries = entries;
        Timeline = timeline;
    }

    public string CompanyId { get; }
    public IReadOnlyList<LedgerEntry> Entries { get; }
    public RegisterTimeline Timeline { get; }
    public long Version => Entries.Count == 0 ? 0 : Entries[^1].Sequence;
    public bool Exists => Entries.Count > 0;

    /// <summary>
    /// The company's ledger as of now. A store that keeps ledgers in memory (<see cref="ICompanyLedgerSource"/>, such as
    /// the server's <see cref="LedgerCachingStore"/>) answers from its cache, brought up to date by version; any other
    /// store is read and replayed in full. Either way the result holds every entry appended before the call, and is
    /// read-only to the caller (clone the timeline before deciding on it).
    /// </summary>
    public static Task<CompanyLedger> LoadAsync(IEventStore store, string companyId, CancellationToken ct = default) =>
        store is ICompanyLedgerSource source ? source.LoadCompanyLedgerAsync(companyId, ct) : ReplayAsync(store, companyId, 0, null, ct);

    /// <summary>Reads every entry and replays it, bypassing any cache.</summary>
    public static Task<CompanyLedger> LoadUncachedAsync(IEventStore store, string companyId, CancellationToken ct = default) =>
        ReplayAsync(store is LedgerCachingStore caching ? caching.Inner : store, companyId, 0, null, ct);

    /// <summary>
    /// Reads the entries after <paramref name="afterSequence"/> and adds them, in sequence order, to a copy of
    /// <paramref name="from"/> (which is left unchanged), or to an empty ledger.
    /// </summary>
    internal static async Task<CompanyLedger> ReplayAsync(IEventStore store, string companyId, long afterSequence, CompanyLedger? from, CancellationToken ct)
    {
        var entries = from is null ? new List<LedgerEntry>() : new List<LedgerEntry>(from.Entries);
        var first = entries.Count;
        await foreach (var e in store.ReadAsync(companyId, afterSequence, ct)) entries.Add(e);
        RegisterTimeline timeline;
        if (from is null)
        {
            // A whole ledger: read and applied in bulk (payloads read in parallel, back-dated entries ordered once).
            var stored = new RegisterTimeline.StoredEvent[entries.Count];
            for (var i = 0; i < stored.Length; i++) stored[i] = new(entries[i].Sequence, entries[i].EventType, entries[i].Payload);
            timeline = RegisterTimeline.Load(stored);
        }
        else
        {
            timeline = from.Timeline.Clone();
            for (var i = first; i < entries.Count; i++) timeline.AddStored(entries[i].Sequence, entries[i].EventType, entries[i].Payload);
        }
        return new CompanyLedger(companyId, entries, timeline);
    }

    private HashSet<string>? _idempotencyKeys;

    /// <summary>Whether an entry of this ledger was recorded under <paramref name="key"/> (the set is built once per ledger).</summary>
    public bool HasIdempotencyKey(string key)
    {
        var keys = Volatile.Read(ref _idempotencyKeys);
        if (keys is null)
        {
            keys = Entries.Where(e => e.IdempotencyKey is not null).Select(e => e.IdempotencyKey!).ToHashSet(StringComparer.Ordinal);
            Volatile.Write(ref _idempotencyKeys, keys);
        }
        return keys.Contains(key);
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
/// Runs commands against a company's ledger: decide each against the timeline (including the ones before it in the
/// same batch), then append all resulting events in one atomic append, or nothing at all. <paramref name="decide"/>
/// answers for one command; <see cref="CompanyDecider.Decide"/> is the one that knows every command.
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
        var companyId = ledger.CompanyId;
        if (expectedVersion is { } ev && ev != ledger.Version) return new CommandOutcome.Conflicted(ev, ledger.Version);
        var added = new HashSet<string>(StringComparer.Ordinal);

        // Decide on a scratch copy of the timeline so later commands in the batch see earlier ones.
        var scratch = ledger.Timeline.Clone();
        var seq = ledger.Version;
        var entries = new List<NewLedgerEntry>();
        for (var i = 0; i < commands.Count; i++)
        {
            var (command, key, source) = commands[i];
            if (key is not null && (ledger.HasIdempotencyKey(key) || added.Contains(key))) continue;
            var decision = CompanyDecider.Decide(scratch, command);
            if (decision is Decision.Rejected rejected)
                return new CommandOutcome.Refused(i, command.GetType().Name, rejected.Reasons, source);
            var events = ((Decision.Accepted)decision).Events;
            for (var j = 0; j < events.Count; j++)
            {
                scratch.Add(++seq, events[j]);
                // Every entry of a command shares its key; the store checks the first entry of the batch.
                entries.Add(EventCodec.ToEntry(events[j], actor.Now, actor.Name, key is null ? null : (j == 0 ? key : $"{key}#{j}"), command.GetType().Name));
            }
            if (key is not null) added.Add(key);
        }
        if (entries.Count == 0)
        {
            var existing = commands.Select(c => c.IdempotencyKey).Where(k => k is not null)
                .SelectMany(k => ledger.Entries.Where(e => e.IdempotencyKey == k)).ToList();
            return new CommandOutcome.AlreadyRecorded(existing);
        }
        var outcome = await store.AppendAsync(companyId, ledger.Version, entries, ct);
        return outcome switch
        {
            AppendOutcome.Appended a => new CommandOutcome.Recorded(a.Entries),
            AppendOutcome.Duplicate d => new CommandOutcome.AlreadyRecorded(d.Existing),
            AppendOutcome.Conflict c => new CommandOutcome.Conflicted(c.ExpectedVersion, c.ActualVersion),
            _ => throw new InvalidOperationException("unknown append outcome"),
        };
    }
}
