using Proviso.Domain.Ledger;

namespace Proviso.Storage;

/// <summary>
/// The one event-store contract. Every implementation (SQLite, PostgreSQL) passes the same contract test suite.
/// A company's ledger is append-only: entries are never updated or deleted through this contract.
/// </summary>
public interface IEventStore : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgresql".</summary>
    string Kind { get; }

    /// <summary>A description of where the data lives, without secrets (a file path, or host/port/database).</summary>
    string Location { get; }

    /// <summary>
    /// Appends <paramref name="entries"/> to the company's ledger in one transaction: all or nothing.
    /// <para><paramref name="expectedVersion"/> is the sequence number of the last entry the caller saw (0 for an empty
    /// ledger), or null to append after whatever is there. If the ledger has moved on, nothing is written and the
    /// outcome is <see cref="AppendOutcome.Conflict"/>.</para>
    /// <para>If the first entry carries an idempotency key that the company's ledger already holds, nothing is written
    /// and the outcome is <see cref="AppendOutcome.Duplicate"/> with the entries recorded the first time.</para>
    /// </summary>
    Task<AppendOutcome> AppendAsync(string companyId, long? expectedVersion, IReadOnlyList<NewLedgerEntry> entries, CancellationToken ct = default);

    /// <summary>
    /// Group commit: several independent appends to the company's ledger in one transaction, so one durable commit
    /// serves them all. Each is judged in order exactly as <see cref="AppendAsync"/> would judge it after the ones before
    /// it (its idempotency key against the ledger and the earlier appends of the group, its expected version against the
    /// head they leave), keeps its own sequence numbers, and gets its own outcome, in the order given.
    /// <para><paramref name="baseVersion"/> is the version of the ledger the caller decided the group on (null: none).
    /// The expected versions of later appends then count on the entries of earlier ones; if another writer has moved the
    /// ledger past <paramref name="baseVersion"/>, a version number alone could match entries the append was not decided
    /// on, so every append that has an expected version is a <see cref="AppendOutcome.Conflict"/> (base version, version
    /// found) and only those without one are written.</para>
    /// <para>An append whose entries the store refuses (text no database can hold, a payload that is not JSON) is
    /// <see cref="AppendOutcome.Invalid"/>: none of its entries is written and the others are not affected (those after
    /// it that expected its entries are <see cref="AppendOutcome.Conflict"/>s, as they would be one at a time). If the
    /// store fails, the call throws and nothing of the group is written.</para>
    /// </summary>
    Task<IReadOnlyList<AppendOutcome>> AppendGroupAsync(string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends, CancellationToken ct = default);

    /// <summary>The company's entries with sequence greater than <paramref name="afterSequence"/>, in order.</summary>
    IAsyncEnumerable<LedgerEntry> ReadAsync(string companyId, long afterSequence = 0, CancellationToken ct = default);

    /// <summary>The sequence number of the company's last entry, or 0 if it has none.</summary>
    Task<long> CurrentVersionAsync(string companyId, CancellationToken ct = default);

    /// <summary>Ids of every company that has at least one ledger entry, in order.</summary>
    Task<IReadOnlyList<string>> CompaniesAsync(CancellationToken ct = default);

    /// <summary>The entries recorded under an idempotency key, in order (empty if none).</summary>
    Task<IReadOnlyList<LedgerEntry>> FindByIdempotencyKeyAsync(string companyId, string idempotencyKey, CancellationToken ct = default);
}

/// <summary>One append of a group (<see cref="IEventStore.AppendGroupAsync"/>): as the arguments of <see cref="IEventStore.AppendAsync"/>.</summary>
public sealed record GroupedAppend(long? ExpectedVersion, IReadOnlyList<NewLedgerEntry> Entries);

/// <summary>What an append did.</summary>
public abstract record AppendOutcome
{
    private AppendOutcome() { }

    /// <summary>The entries were written; these are the stored entries with their sequence numbers and hashes.</summary>
    public sealed record Appended(IReadOnlyList<LedgerEntry> Entries) : AppendOutcome;

    /// <summary>The idempotency key was already used: nothing was written; these are the entries recorded the first time.</summary>
    public sealed record Duplicate(IReadOnlyList<LedgerEntry> Existing) : AppendOutcome;

    /// <summary>The ledger was not at the expected version: nothing was written.</summary>
    public sealed record Conflict(long ExpectedVersion, long ActualVersion) : AppendOutcome;

    /// <summary>
    /// Only from <see cref="IEventStore.AppendGroupAsync"/>: the store refused this append's entries, and nothing of it
    /// was written; <paramref name="Error"/> is what <see cref="IEventStore.AppendAsync"/> throws for them.
    /// </summary>
    public sealed record Invalid(ArgumentException Error) : AppendOutcome;
}

/// <summary>A storage failure that is not a business outcome (the file cannot be opened, the server is unreachable).</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
