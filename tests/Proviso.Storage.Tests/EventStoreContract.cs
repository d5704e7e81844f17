using System.Text.Json;
using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Storage;

namespace Proviso.Storage.Tests;

/// <summary>
/// The one event-store contract, run against every store by a subclass per store. Each test gets its own empty
/// backing store (a new SQLite file, or a new PostgreSQL database) and tampers with rows through plain SQL, which the
/// two schemas accept alike.
/// </summary>
public abstract partial class EventStoreContract : IAsyncLifetime
{
    private const string Acme = "acme";
    private const string Globex = "globex";

    protected IEventStore Store { get; private set; } = null!;

    /// <summary>Creates the empty backing store (file or database) for one test.</summary>
    protected abstract Task CreateBackingStoreAsync();

    /// <summary>Deletes the backing store after the test.</summary>
    protected abstract Task DeleteBackingStoreAsync();

    /// <summary>Opens a new store instance on the test's backing store.</summary>
    protected abstract Task<IEventStore> OpenStoreAsync();

    /// <summary>Runs SQL directly against the backing store, outside the store; returns the rows affected.</summary>
    protected abstract Task<int> ExecuteSqlAsync(string sql);

    /// <summary>Runs a query returning one integer directly against the backing store.</summary>
    protected abstract Task<long> QueryScalarAsync(string sql);

    public async Task InitializeAsync()
    {
        await CreateBackingStoreAsync();
        Store = await OpenStoreAsync();
    }

    public async Task DisposeAsync()
    {
        if (Store is not null) await Store.DisposeAsync();
        await DeleteBackingStoreAsync();
    }

    [Fact]
    public async Task EmptyLedger_HasVersionZeroNoEntriesAndNoCompanies()
    {
        Assert.Equal(0, await Store.CurrentVersionAsync(Acme));
        Assert.Empty(await Store.ReadAllAsync(Acme));
        Assert.Empty(await Store.CompaniesAsync());
        Assert.Empty(await Store.FindByIdempotencyKeyAsync(Acme, "never-used"));
        var verification = await Store.VerifyAsync(Acme);
        Assert.True(verification.IsIntact);
        Assert.Equal(0, verification.EntriesChecked);
    }

    [Fact]
    public async Task Append_ThenRead_RoundTripsEveryFieldExactly()
    {
        var full = new NewLedgerEntry(
            "SharesTransferred",
            new LocalDate(2024, 2, 29),
            Instant.FromUtc(2024, 2, 29, 23, 59, 59).PlusNanoseconds(123_456_789),
            "Zoë Ångström 中文 😀",
            "transfer-7f3a",
            "TransferShares",
            """{"from":"Ann","to":"Bo Ørsted","shares":1500,"price":{"amount":"12.3450","currency":"USD"},"note":"quote \" and \\ and \n"}""");
        var sparse = new NewLedgerEntry("NoteRecorded", null, Instant.FromUnixTimeTicks(0), "system", null, null, "{}");
        var wholeSecond = new NewLedgerEntry("NoteRecorded", new LocalDate(1999, 12, 31), Instant.FromUtc(2030, 1, 1, 0, 0), "system", null, "Cmd", "[1,2.5,true,null]");

        var appended = (await Store.AppendAsync(Acme, 0, Entries.Batch(full, sparse, wholeSecond))).AssertAppended();
        var read = await Store.ReadAllAsync(Acme);

        Assert.Equal(appended, read);
        Assert.Equal(new[] { full, sparse, wholeSecond }, read.Select(e => e.Submitted()));
        Assert.All(read, e => Assert.Equal(Acme, e.CompanyId));
        Assert.Equal(LedgerEntry.Seal(Acme, 1, full, HashChain.Genesis), read[0]);
    }

    [Fact]
    public async Task Append_SequencesStartAtOneWithoutGaps()
    {
        (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100)))).AssertAppended();
        (await Store.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Bo", 200), Entries.Issued("Cy", 300), Entries.Issued("Di", 400)))).AssertAppended();
        var third = (await Store.AppendAsync(Acme, 4, Entries.Batch(Entries.Issued("Ed", 500), Entries.Issued("Fay", 600)))).AssertAppended();

        Assert.Equal(new long[] { 5, 6 }, third.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), (await Store.ReadAllAsync(Acme)).Select(e => e.Sequence));
        Assert.Equal(6, await Store.CurrentVersionAsync(Acme));
    }

    [Fact]
    public async Task Append_SeveralTimes_HashChainVerifies()
    {
        for (var i = 0; i < 5; i++)
            (await Store.AppendAsync(Acme, null, Entries.Batch(Entries.Issued($"H{i}", 100 * (i + 1)), Entries.Note($"after {i}")))).AssertAppended();

        var entries = await Store.ReadAllAsync(Acme);
        var verification = LedgerVerification.Verify(Acme, entries);

        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(10, verification.EntriesChecked);
        Assert.Equal(entries[^1].Hash, verification.HeadHash);
        Assert.Equal(HashChain.Genesis, entries[0].PreviousHash);
        Assert.All(entries.Skip(1).Zip(entries), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.Equal(verification, await Store.VerifyAsync(Acme));
    }

    [Fact]
    public async Task Read_ALedger_KeepsRepeatedStringsOnceWithoutChangingAnyValue()
    {
        (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 1), Entries.Issued("Bo", 2), Entries.Note("minutes"), Entries.Issued("Cy", 3)))).AssertAppended();

        var entries = await Store.ReadAllAsync(Acme);

        // Each previous hash is the preceding entry's hash, and names repeated across entries are one string.
        Assert.All(entries.Skip(1).Zip(entries), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.All(entries, e => Assert.Same(entries[0].CompanyId, e.CompanyId));
        Assert.Same(entries[0].Actor, entries[1].Actor);
        Assert.Same(entries[0].Actor, entries[3].Actor);
        Assert.Same(entries[0].EventType, entries[1].EventType);
        Assert.Same(entries[0].EventType, entries[3].EventType);
        Assert.NotEqual(entries[0].EventType, entries[2].EventType);
        // The values are what was stored: the chain verifies and every field equals the entry read on its own.
        Assert.True(LedgerVerification.Verify(Acme, entries).IsIntact);
        for (var i = 0; i < entries.Count; i++)
            Assert.Equal(entries[i], Assert.Single(await Store.ReadAllAsync(Acme, after: entries[i].Sequence - 1), e => e.Sequence == entries[i].Sequence));
    }

    [Fact]
    public async Task Read_AfterASequence_ReturnsOnlyLaterEntriesInOrder()
    {
        (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 1), Entries.Issued("Bo", 2), Entries.Issued("Cy", 3), Entries.Issued("Di", 4)))).AssertAppended();

        Assert.Equal(new long[] { 3, 4 }, (await Store.ReadAllAsync(Acme, after: 2)).Select(e => e.Sequence));
        Assert.Empty(await Store.ReadAllAsync(Acme, after: 4));
    }

    [Fact]
    public async Task Append_WithStaleExpectedVersion_WritesNothingAndReportsConflict()
    {
        (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100), Entries.Issued("Bo", 200)))).AssertAppended();
        var before = await Store.ReadAllAsync(Acme);

        var outcome = await Store.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Cy", 300)));

        Assert.Equal(new AppendOutcome.Conflict(1, 2), outcome);
        Assert.Equal(before, await Store.ReadAllAsync(Acme));
        Assert.Equal(2, await Store.CurrentVersionAsync(Acme));
    }

    [Fact]
    public async Task Append_WithExpectedVersionAheadOfTheLedger_WritesNothingAndReportsConflict()
    {
        var outcome = await Store.AppendAsync(Acme, 3, Entries.Batch(Entries.Issued("Ann", 100)));

        Assert.Equal(new AppendOutcome.Conflict(3, 0), outcome);
        Assert.Equal(0, await Store.CurrentVersionAsync(Acme));
        Assert.Empty(await Store.CompaniesAsync());
    }

    [Fact]
    public async Task Append_WithNullExpectedVersion_AppendsAfterWhateverIsThere()
    {
        var first = (await Store.AppendAsync(Acme, null, Entries.Batch(Entries.Issued("Ann", 100)))).AssertAppended();
        (await Store.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Bo", 200)))).AssertAppended();

        var third = (await Store.AppendAsync(Acme, null, Entries.Batch(Entries.Issued("Cy", 300)))).AssertAppended();

        Assert.Equal(1, first.Single().Sequence);
        Assert.Equal(3, third.Single().Sequence);
        Assert.True((await Store.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task Append_WithUsedIdempotencyKey_ReturnsDuplicateWithOriginalEntriesAndWritesNothing()
    {
        (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Note("before")))).AssertAppended();
        var original = (await Store.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Ann", 100, key: "cmd-42"), Entries.Issued("Bo", 200, key: "cmd-42")))).AssertAppended();
        (await Store.AppendAsync(Acme, 3, Entries.Batch(Entries.Note("after")))).AssertAppended();
        var before = await Store.ReadAllAsync(Acme);

        // A retry of the same command (same key, same expected version, even different contents) writes nothing.
        var retry = await Store.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Zed", 999, key: "cmd-42")));
        var retryWithoutVersion = await Store.AppendAsync(Acme, null, Entries.Batch(Entries.Issued("Zed", 999, key: "cmd-42")));

        Assert.Equal(original, Assert.IsType<AppendOutcome.Duplicate>(retry).Existing);
        Assert.Equal(original, Assert.IsType<AppendOutcome.Duplicate>(retryWithoutVersion).Existing);
        Assert.Equal(before, await Store.ReadAllAsync(Acme));
        Assert.Equal(original, await Store.FindByIdempotencyKeyAsync(Acme, "cmd-42"));
    }

    [Fact]
    public async Task FindByIdempotencyKey_ForAKeyNeverUsed_ReturnsNothing()
    {
        (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100, key: "cmd-1")))).AssertAppended();

        Assert.Empty(await Store.FindByIdempotencyKeyAsync(Acme, "cmd-2"));
        Assert.Single(await Store.FindByIdempotencyKeyAsync(Acme, "cmd-1"));
    }

    [Fact]
    public async Task Append_WhenTheSecondEntryOfABatchIsRejected_WritesNoneOfTheBatch()
    {
        (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100)))).AssertAppended();
        var before = await Store.ReadAllAsync(Acme);
        var notJson = Entries.Issued("Bo", 200) with { Payload = "{\"shares\": 200" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Bo", 200, key: "cmd-9"), notJson, Entries.Issued("Cy", 300))));

        Assert.Contains("Entry 2 of the batch", error.Message);
        Assert.Contains("not valid JSON", error.Message);
        Assert.Equal(before, await Store.ReadAllAsync(Acme));
        Assert.Equal(1, await Store.CurrentVersionAsync(Acme));
        Assert.Empty(await Store.FindByIdempotencyKeyAsync(Acme, "cmd-9"));
        var next = (await Store.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Bo", 200, key: "cmd-9")))).AssertAppended();
        Assert.Equal(2, next.Single().Sequence);
        Assert.True((await Store.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task Append_OfTheFirstBatchWhenAnEntryIsRejected_LeavesTheCompanyUnknown()
    {
        var notJson = Entries.Note("x") with { Payload = "not json" };

        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Note("ok"), notJson)));

        Assert.Empty(await Store.CompaniesAsync());
        Assert.Equal(0, await Store.CurrentVersionAsync(Acme));
        var first = (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Note("ok")))).AssertAppended().Single();
        Assert.Equal((1L, HashChain.Genesis), (first.Sequence, first.PreviousHash));
    }

    [Fact]
    public async Task Append_WithTextNoDatabaseCanHold_IsRefusedWithoutWriting()
    {
        var withNul = Entries.Issued("Ann", 100) with { Actor = "ann\0" };
        var withLoneSurrogate = Entries.Issued("Ann", 100) with { Command = "Issue\uD800" };

        var nul = await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Note("ok"), withNul)));
        var surrogate = await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(Acme, 0, Entries.Batch(withLoneSurrogate)));

        Assert.Contains("Entry 2 of the batch: the actor contains a NUL character", nul.Message);
        Assert.Contains("unpaired UTF-16 surrogate", surrogate.Message);
        Assert.Equal(0, await Store.CurrentVersionAsync(Acme));
    }

    [Fact]
    public async Task Append_WithACancelledToken_WritesNothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Note("x")), cancelled.Token));

        Assert.Equal(0, await Store.CurrentVersionAsync(Acme));
    }

    [Fact]
    public async Task Companies_AreIsolated_InEntriesVersionsAndIdempotencyKeys()
    {
        (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100, key: "cmd-1"), Entries.Issued("Bo", 200)))).AssertAppended();

        var globexFirst = (await Store.AppendAsync(Globex, 0, Entries.Batch(Entries.Issued("Ann", 100, key: "cmd-1")))).AssertAppended();
        var acmeConflict = await Store.AppendAsync(Acme, 1, Entries.Batch(Entries.Note("stale")));

        Assert.Equal(1, globexFirst.Single().Sequence);
        Assert.Equal(HashChain.Genesis, globexFirst.Single().PreviousHash);
        Assert.Equal(new AppendOutcome.Conflict(1, 2), acmeConflict);
        Assert.Equal(2, await Store.CurrentVersionAsync(Acme));
        Assert.Equal(1, await Store.CurrentVersionAsync(Globex));
        Assert.All(await Store.ReadAllAsync(Globex), e => Assert.Equal(Globex, e.CompanyId));
        Assert.Equal(new long[] { 1, 2 }, (await Store.FindByIdempotencyKeyAsync(Acme, "cmd-1")).Select(e => e.Sequence));
        Assert.All(await Store.FindByIdempotencyKeyAsync(Acme, "cmd-1"), e => Assert.Equal(Acme, e.CompanyId));
        Assert.Equal(globexFirst, await Store.FindByIdempotencyKeyAsync(Globex, "cmd-1"));
        Assert.True((await Store.VerifyAsync(Acme)).IsIntact);
        Assert.True((await Store.VerifyAsync(Globex)).IsIntact);
    }

    [Fact]
    public async Task Companies_ListsEveryCompanyWithEntries_Once_InOrder()
    {
        foreach (var company in new[] { "zeta", Acme, "mu", Acme, "zeta" })
            (await Store.AppendAsync(company, null, Entries.Batch(Entries.Note(company)))).AssertAppended();
        await Store.AppendAsync("never", 5, Entries.Batch(Entries.Note("conflicts")));

        Assert.Equal(new[] { Acme, "mu", "zeta" }, await Store.CompaniesAsync());
    }

    [Fact]
    public async Task Append_ConcurrentlyAtTheSameExpectedVersion_ExactlyOneWinsAndTheRestConflict()
    {
        const int writers = 8;
        var stores = new[] { Store, await OpenStoreAsync(), await OpenStoreAsync() };
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
            {
                await start.Task;
                return await stores[i % stores.Length].AppendAsync(Acme, 0, Entries.Batch(Entries.Issued($"W{i}", i + 1), Entries.Note($"w{i}")));
            })).ToArray();
            start.SetResult();
            var outcomes = await Task.WhenAll(attempts);

            Assert.Single(outcomes.OfType<AppendOutcome.Appended>());
            Assert.Equal(writers - 1, outcomes.OfType<AppendOutcome.Conflict>().Count());
            Assert.All(outcomes.OfType<AppendOutcome.Conflict>(), c => Assert.Equal(new AppendOutcome.Conflict(0, 2), c));
            Assert.Equal(2, await Store.CurrentVersionAsync(Acme));
            Assert.True((await Store.VerifyAsync(Acme)).IsIntact);
        }
        finally
        {
            foreach (var other in stores.Skip(1)) await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task Append_ConcurrentlyWithRetries_EndsWithAGaplessVerifiedChain()
    {
        const int writers = 6;
        const int batchesEach = 5;
        var stores = new[] { Store, await OpenStoreAsync(), await OpenStoreAsync() };
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var workers = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                await start.Task;
                var store = stores[w % stores.Length];
                for (var appended = 0; appended < batchesEach;)
                {
                    var seen = await store.CurrentVersionAsync(Acme);
                    var tag = $"W{w}B{appended}";
                    switch (await store.AppendAsync(Acme, seen, Entries.Batch(Entries.Issued(tag, appended + 1), Entries.Note(tag))))
                    {
                        case AppendOutcome.Appended:
                            appended++;
                            break;
                        case AppendOutcome.Conflict conflict:
                            Assert.True(conflict.ActualVersion > seen, $"a conflict must mean the ledger moved past {seen}, not {conflict}");
                            break;
                        case var other:
                            Assert.Fail($"unexpected outcome {other}");
                            break;
                    }
                }
            })).ToArray();
            start.SetResult();
            await Task.WhenAll(workers);

            var entries = await Store.ReadAllAsync(Acme);
            Assert.Equal(Enumerable.Range(1, writers * batchesEach * 2).Select(i => (long)i), entries.Select(e => e.Sequence));
            Assert.True(LedgerVerification.Verify(Acme, entries).IsIntact);
            // Each two-entry batch is contiguous: an issue is always followed by its own note.
            Assert.All(entries.Chunk(2), pair => Assert.Equal(
                JsonDocument.Parse(pair[0].Payload).RootElement.GetProperty("holder").GetString(),
                JsonDocument.Parse(pair[1].Payload).RootElement.GetProperty("note").GetString()));
        }
        finally
        {
            foreach (var other in stores.Skip(1)) await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task Append_ConcurrentlyWithNullExpectedVersion_NeverConflictsAndKeepsBatchesContiguous()
    {
        const int writers = 8;
        const int batchesEach = 10;
        var stores = new[] { Store, await OpenStoreAsync(), await OpenStoreAsync() };
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var workers = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                await start.Task;
                var outcomes = new List<AppendOutcome>();
                for (var b = 0; b < batchesEach; b++)
                {
                    var tag = $"W{w}B{b}";
                    outcomes.Add(await stores[w % stores.Length].AppendAsync(Acme, null,
                        Entries.Batch(Entries.Issued(tag, b + 1), Entries.Note(tag), Entries.Note(tag))));
                }
                return outcomes;
            })).ToArray();
            start.SetResult();
            var outcomes = (await Task.WhenAll(workers)).SelectMany(o => o).ToList();

            Assert.All(outcomes, o => Assert.IsType<AppendOutcome.Appended>(o));
            var entries = await Store.ReadAllAsync(Acme);
            Assert.Equal(Enumerable.Range(1, writers * batchesEach * 3).Select(i => (long)i), entries.Select(e => e.Sequence));
            Assert.True(LedgerVerification.Verify(Acme, entries).IsIntact);
            Assert.All(entries.Chunk(3), batch =>
            {
                var tag = JsonDocument.Parse(batch[0].Payload).RootElement.GetProperty("holder").GetString();
                Assert.All(batch.Skip(1), e => Assert.Equal(tag, JsonDocument.Parse(e.Payload).RootElement.GetProperty("note").GetString()));
            });
        }
        finally
        {
            foreach (var other in stores.Skip(1)) await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task Reopen_SeesTheDataAndDoesNotRerunMigrations()
    {
        var written = (await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100, key: "cmd-1"), Entries.Issued("Bo", 200)))).AssertAppended();
        var migrations = await QueryScalarAsync("SELECT COUNT(*) FROM schema_version");
        var version = await QueryScalarAsync("SELECT MAX(version) FROM schema_version");

        await Store.DisposeAsync();
        Store = await OpenStoreAsync();
        await using (var third = await OpenStoreAsync())
            Assert.Equal(2, await third.CurrentVersionAsync(Acme));

        Assert.Equal(written, await Store.ReadAllAsync(Acme));
        Assert.Equal(migrations, await QueryScalarAsync("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(version, await QueryScalarAsync("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(migrations, version);
        Assert.IsType<AppendOutcome.Duplicate>(await Store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100, key: "cmd-1"))));
        Assert.Equal(3, (await Store.AppendAsync(Acme, 2, Entries.Batch(Entries.Note("after reopening")))).AssertAppended().Single().Sequence);
        Assert.True((await Store.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task Open_WhenTheSchemaIsFromANewerProviso_FailsWithStoreUnavailable()
    {
        await ExecuteSqlAsync("INSERT INTO schema_version (version, description) VALUES (999, 'from a later Proviso')");

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(OpenStoreAsync);

        Assert.Contains("schema version 999", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
