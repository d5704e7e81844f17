using Proviso.Domain.Ledger;

namespace Proviso.Storage.Tests;

/// <summary>
/// Serialisation, made deterministic: another writer takes the store's per-company write lock directly in the
/// database (SQLite: <c>BEGIN IMMEDIATE</c>; PostgreSQL: the company's advisory lock), writes entry 1 and holds the
/// lock; an append started meanwhile must wait, then see entry 1 — never fail, never fork the chain.
/// </summary>
public abstract partial class EventStoreContract
{
    /// <summary>A transaction opened directly on the backing store that holds the write lock for one company.</summary>
    protected interface IExternalWriter : IAsyncDisposable
    {
        Task<int> ExecuteAsync(string sql);

        Task CommitAsync();
    }

    /// <summary>Opens a transaction outside the store that holds the store's write lock for <paramref name="companyId"/>.</summary>
    protected abstract Task<IExternalWriter> BeginExternalWriteAsync(string companyId);

    private static string Literal(string? text) => text is null ? "NULL" : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string InsertSql(LedgerEntry e) =>
        "INSERT INTO ledger_entries (company_id, sequence, event_type, effective_on, recorded_at, actor, idempotency_key, command, payload, previous_hash, hash) " +
        $"VALUES ({Literal(e.CompanyId)}, {e.Sequence}, {Literal(e.EventType)}, {Literal(e.EffectiveOn?.ToString("uuuu-MM-dd", null))}, " +
        $"{Literal(NodaTime.Text.InstantPattern.ExtendedIso.Format(e.RecordedAt))}, {Literal(e.Actor)}, {Literal(e.IdempotencyKey)}, " +
        $"{Literal(e.Command)}, {Literal(e.Payload)}, {Literal(e.PreviousHash)}, {Literal(e.Hash)}); " +
        $"INSERT INTO companies (company_id) VALUES ({Literal(e.CompanyId)})";

    private async Task<(Task<AppendOutcome> Append, LedgerEntry Theirs)> AppendWhileAnotherWriterHoldsTheLockAsync(long? expectedVersion)
    {
        var theirs = LedgerEntry.Seal(Acme, 1, Entries.Issued("Other writer", 1), HashChain.Genesis);
        await using var other = await BeginExternalWriteAsync(Acme);
        await other.ExecuteAsync(InsertSql(theirs));

        var append = Task.Run(() => Store.AppendAsync(Acme, expectedVersion, Entries.Batch(Entries.Issued("Mine", 2))));
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        Assert.False(append.IsCompleted, $"the append must wait for the writer holding the lock, but it finished with {(append.IsCompletedSuccessfully ? append.Result : append.Exception?.InnerException?.Message)}");

        await other.CommitAsync();
        return (append, theirs);
    }

    [Fact]
    public async Task Append_WhileAnotherWriterHoldsTheLock_WaitsThenReportsConflict()
    {
        var (append, theirs) = await AppendWhileAnotherWriterHoldsTheLockAsync(expectedVersion: 0);

        Assert.Equal(new AppendOutcome.Conflict(0, 1), await append);
        Assert.Equal(new[] { theirs }, await Store.ReadAllAsync(Acme));
    }

    [Fact]
    public async Task Append_WithNullExpectedVersionWhileAnotherWriterHoldsTheLock_WaitsThenChainsOntoTheirEntry()
    {
        var (append, theirs) = await AppendWhileAnotherWriterHoldsTheLockAsync(expectedVersion: null);

        var mine = (await append).AssertAppended().Single();
        Assert.Equal((2L, theirs.Hash), (mine.Sequence, mine.PreviousHash));
        Assert.True((await Store.VerifyAsync(Acme)).IsIntact);
    }
}
