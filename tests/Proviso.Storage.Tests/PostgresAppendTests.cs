using System.Text.Json;
using Npgsql;
using Proviso.Domain.Ledger;
using Proviso.Storage.Postgres;

namespace Proviso.Storage.Tests;

/// <summary>
/// How the PostgreSQL store appends in one round trip: each instance seals a batch onto the head it last saw for the
/// company, and the database checks that head before inserting. These tests make that remembered head wrong in every
/// way (another instance appended, a writer that skips the company lock, a row deleted behind the store's back) and
/// check that the contract still holds: conflicts name the real version, duplicates return the first entries, and the
/// chain never forks or skips. Plus the migration of a database from schema version 1.
/// </summary>
public sealed class PostgresAppendTests : IAsyncLifetime
{
    private const string Acme = "acme";

    private string databaseName = "";
    private string connectionString = "";

    public async Task InitializeAsync() => (databaseName, connectionString) = await PostgresTestServer.CreateDatabaseAsync();

    public Task DisposeAsync() => PostgresTestServer.DropDatabaseAsync(databaseName);

    [Fact]
    public async Task Append_AfterAnotherInstanceAppended_ConflictsWithTheRealVersionOrChainsOntoTheRealHead()
    {
        await using var mine = PostgresEventStore.Open(connectionString);
        await using var theirs = PostgresEventStore.Open(connectionString);
        (await mine.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100)))).AssertAppended();
        var moved = (await theirs.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Bo", 200), Entries.Issued("Cy", 300)))).AssertAppended();

        var stale = await mine.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Di", 400)));
        var anywhere = (await mine.AppendAsync(Acme, null, Entries.Batch(Entries.Issued("Ed", 500)))).AssertAppended().Single();
        var next = (await mine.AppendAsync(Acme, 4, Entries.Batch(Entries.Issued("Fay", 600)))).AssertAppended().Single();

        Assert.Equal(new AppendOutcome.Conflict(1, 3), stale);
        Assert.Equal((4L, moved[^1].Hash), (anywhere.Sequence, anywhere.PreviousHash));
        Assert.Equal((5L, anywhere.Hash), (next.Sequence, next.PreviousHash));
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, (await theirs.ReadAllAsync(Acme)).Select(e => e.Sequence));
        Assert.True((await theirs.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task Append_WithTheVersionAnotherInstanceWrote_AppendsOntoItsEntries()
    {
        await using var mine = PostgresEventStore.Open(connectionString);
        await using var theirs = PostgresEventStore.Open(connectionString);
        (await mine.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100)))).AssertAppended();
        var moved = (await theirs.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Bo", 200), Entries.Issued("Cy", 300)))).AssertAppended();

        var appended = (await mine.AppendAsync(Acme, await theirs.CurrentVersionAsync(Acme), Entries.Batch(Entries.Issued("Di", 400), Entries.Note("Di")))).AssertAppended();

        Assert.Equal(new long[] { 4, 5 }, appended.Select(e => e.Sequence));
        Assert.Equal(moved[^1].Hash, appended[0].PreviousHash);
        Assert.Equal(appended, await theirs.ReadAllAsync(Acme, after: 3));
        Assert.True((await theirs.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task Append_WithAKeyAnotherInstanceRecorded_ReturnsTheirEntriesAsDuplicate()
    {
        await using var mine = PostgresEventStore.Open(connectionString);
        await using var theirs = PostgresEventStore.Open(connectionString);
        (await mine.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100)))).AssertAppended();
        var recorded = (await theirs.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Bo", 200, key: "cmd-7"), Entries.Note("Bo")))).AssertAppended();

        var retry = await mine.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Bo", 200, key: "cmd-7"), Entries.Note("Bo")));

        Assert.Equal(recorded, Assert.IsType<AppendOutcome.Duplicate>(retry).Existing);
        Assert.Equal(3, await mine.CurrentVersionAsync(Acme));
    }

    [Fact]
    public async Task Append_WhenTheHeadWasDeletedBehindTheStoresBack_DoesNotTrustWhatItRemembers()
    {
        await using var store = PostgresEventStore.Open(connectionString);
        var written = (await store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100), Entries.Issued("Bo", 200), Entries.Issued("Cy", 300)))).AssertAppended();
        await ExecuteAsync("DELETE FROM ledger_entries WHERE company_id = 'acme' AND sequence = 3");

        var stale = await store.AppendAsync(Acme, 3, Entries.Batch(Entries.Issued("Di", 400)));
        var appended = (await store.AppendAsync(Acme, null, Entries.Batch(Entries.Issued("Di", 400)))).AssertAppended().Single();

        Assert.Equal(new AppendOutcome.Conflict(3, 2), stale);
        Assert.Equal((3L, written[1].Hash), (appended.Sequence, appended.PreviousHash));
        Assert.True((await store.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task Append_WhenTheHeadWasReplacedBehindTheStoresBack_ChainsOntoTheEntryNowThere()
    {
        await using var mine = PostgresEventStore.Open(connectionString);
        await using var theirs = PostgresEventStore.Open(connectionString);
        (await mine.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100), Entries.Issued("Bo", 200)))).AssertAppended();
        await ExecuteAsync("DELETE FROM ledger_entries WHERE company_id = 'acme' AND sequence = 2");
        var replacement = (await theirs.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Cy", 300)))).AssertAppended().Single();

        // Same sequence as the head this instance remembers, different hash.
        var appended = (await mine.AppendAsync(Acme, 2, Entries.Batch(Entries.Issued("Di", 400)))).AssertAppended().Single();

        Assert.Equal((3L, replacement.Hash), (appended.Sequence, appended.PreviousHash));
        Assert.True((await mine.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task Append_WhileAWriterThatSkipsTheLockInsertsTheNextEntry_WaitsThenConflictsOrChainsOntoIt()
    {
        await using var store = PostgresEventStore.Open(connectionString);
        var first = (await store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100)))).AssertAppended().Single();
        var intruder = LedgerEntry.Seal(Acme, 2, Entries.Issued("Intruder", 1), first.Hash);

        await using (var other = await PostgresTestServer.ConnectAsync(connectionString))
        await using (var transaction = await other.BeginTransactionAsync())
        {
            await using (var insert = new NpgsqlCommand(InsertSql(intruder), other, transaction)) await insert.ExecuteNonQueryAsync();

            var atOne = Task.Run(() => store.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Bo", 200))));
            var anywhere = Task.Run(() => store.AppendAsync(Acme, null, Entries.Batch(Entries.Issued("Cy", 300))));
            await Task.Delay(TimeSpan.FromMilliseconds(400));
            Assert.False(atOne.IsCompleted || anywhere.IsCompleted, "appends must wait for the uncommitted entry 2 of the other writer");

            await transaction.CommitAsync();

            // Both decide after the other writer committed, in either order: the conflict names entry 2, or entry 3
            // if the other append was decided first.
            var conflict = Assert.IsType<AppendOutcome.Conflict>(await atOne);
            Assert.Equal(1, conflict.ExpectedVersion);
            Assert.Contains(conflict.ActualVersion, new long[] { 2, 3 });
            var mine = (await anywhere).AssertAppended().Single();
            Assert.Equal((3L, intruder.Hash), (mine.Sequence, mine.PreviousHash));
        }

        Assert.Equal(new long[] { 1, 2, 3 }, (await store.ReadAllAsync(Acme)).Select(e => e.Sequence));
        Assert.True((await store.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task Append_RacingFromTwoInstancesWithAndWithoutExpectedVersions_KeepsOneGaplessChainOfWholeBatches()
    {
        const int writers = 8;
        const int batchesEach = 12;
        await using var one = PostgresEventStore.Open(connectionString);
        await using var two = PostgresEventStore.Open(connectionString);
        var stores = new[] { one, two };
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            var store = stores[w % 2];
            for (var b = 0; b < batchesEach; b++)
            {
                var tag = $"W{w}B{b}";
                // Even writers append anywhere; odd ones read the version first and may lose the race.
                await AppendUntilRecordedAsync(store, expectVersion: w % 2 == 1, Entries.Batch(Entries.Issued(tag, b + 1), Entries.Note(tag)));
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(workers);

        var entries = await one.ReadAllAsync(Acme);
        Assert.Equal(Enumerable.Range(1, writers * batchesEach * 2).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.True(LedgerVerification.Verify(Acme, entries).IsIntact);
        Assert.All(entries.Chunk(2), pair => Assert.Equal(
            JsonDocument.Parse(pair[0].Payload).RootElement.GetProperty("holder").GetString(),
            JsonDocument.Parse(pair[1].Payload).RootElement.GetProperty("note").GetString()));
    }

    [Fact]
    public async Task Append_OfSingleEntriesRacingFromTwoInstances_KeepsOneGaplessChainWithEveryEntryOnce()
    {
        // Single entries take the steady-state insert whenever the instance's remembered head is current, so racing
        // writers mostly meet there: on the company lock, on an insert onto a head that moved, on the unique index.
        const int writers = 8;
        const int appendsEach = 20;
        await using var one = PostgresEventStore.Open(connectionString);
        await using var two = PostgresEventStore.Open(connectionString);
        (await one.AppendAsync(Acme, 0, Entries.Batch(Entries.Note("first")))).AssertAppended();
        var stores = new[] { one, two };
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            var store = stores[w % 2];
            // A third of the writers append anywhere; the others expect the version they last read and may lose.
            for (var a = 0; a < appendsEach; a++)
                await AppendUntilRecordedAsync(store, expectVersion: w % 3 != 0, Entries.Batch(Entries.Issued($"W{w}A{a}", a + 1, key: $"cmd-{w}-{a}")));
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(workers);

        var entries = await two.ReadAllAsync(Acme);
        Assert.Equal(Enumerable.Range(1, 1 + writers * appendsEach).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.True(LedgerVerification.Verify(Acme, entries).IsIntact);
        Assert.Equal(
            Enumerable.Range(0, writers).SelectMany(w => Enumerable.Range(0, appendsEach).Select(a => $"cmd-{w}-{a}")).Order(StringComparer.Ordinal),
            entries.Skip(1).Select(e => e.IdempotencyKey!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Append_OfOneKeyRacingFromTwoInstances_IsRecordedOnceAndEveryOtherAttemptGetsThoseEntries()
    {
        const int attempts = 8;
        await using var one = PostgresEventStore.Open(connectionString);
        await using var two = PostgresEventStore.Open(connectionString);
        (await one.AppendAsync(Acme, 0, Entries.Batch(Entries.Note("before")))).AssertAppended();
        (await two.AppendAsync(Acme, 1, Entries.Batch(Entries.Note("warm")))).AssertAppended();
        var stores = new[] { one, two };
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tries = Enumerable.Range(0, attempts).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await stores[i % 2].AppendAsync(Acme, null, Entries.Batch(Entries.Issued($"Try{i}", 100, key: "cmd-once"), Entries.Note($"Try{i}")));
        })).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(tries);

        var appended = Assert.Single(outcomes.OfType<AppendOutcome.Appended>()).Entries;
        Assert.Equal(attempts - 1, outcomes.OfType<AppendOutcome.Duplicate>().Count());
        Assert.All(outcomes.OfType<AppendOutcome.Duplicate>(), d => Assert.Equal(appended, d.Existing));
        Assert.Equal(4, await one.CurrentVersionAsync(Acme));
        Assert.Equal(appended, await two.FindByIdempotencyKeyAsync(Acme, "cmd-once"));
        Assert.True((await one.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task AppendGroup_RacingFromTwoInstances_KeepsOneGaplessChainAndRecordsEachKeyOnce()
    {
        const int groups = 12;
        await using var one = PostgresEventStore.Open(connectionString);
        await using var two = PostgresEventStore.Open(connectionString);
        (await one.AppendAsync(Acme, 0, Entries.Batch(Entries.Note("before")))).AssertAppended();
        var stores = new[] { one, two };
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Each instance sends groups of three batches, each batch with a key: one of its own, and one both send.
        var sends = Enumerable.Range(0, 2 * groups).Select(i => Task.Run(async () =>
        {
            await start.Task;
            var n = i / 2;
            IReadOnlyList<GroupedAppend> group =
            [
                new(null, Entries.Batch(Entries.Issued($"Own{i}", 1, key: $"own-{i}"), Entries.Note($"own {i}"))),
                new(null, Entries.Batch(Entries.Issued($"Shared{n}", 2, key: $"shared-{n}"))),
                new(null, Entries.Batch(Entries.Issued($"Own{i}b", 3, key: $"own-{i}-b"))),
            ];
            return await stores[i % 2].AppendGroupAsync(Acme, null, group);
        })).ToArray();
        start.SetResult();
        var outcomes = (await Task.WhenAll(sends)).SelectMany(o => o).ToList();

        var appended = outcomes.OfType<AppendOutcome.Appended>().ToList();
        Assert.Equal(2 * groups * 2 + groups, appended.Count); // every own key, and each shared key once
        Assert.Equal(groups, outcomes.OfType<AppendOutcome.Duplicate>().Count());
        foreach (var d in outcomes.OfType<AppendOutcome.Duplicate>())
            Assert.Contains(appended, a => a.Entries.SequenceEqual(d.Existing));
        var ledger = await one.ReadAllAsync(Acme);
        Assert.Equal(Enumerable.Range(1, ledger.Count).Select(i => (long)i), ledger.Select(e => e.Sequence));
        Assert.Equal(1 + appended.Sum(a => a.Entries.Count), ledger.Count);
        Assert.True((await two.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task AppendGroup_OntoTheRememberedHeadWithAKeyRecordedEarlier_GivesItsEntriesAsDuplicateAndWritesTheRest()
    {
        // Every key of the group is one it would insert, so it takes the steady-state insert, which does not look keys
        // up: the unique index refuses the recorded one, and the statement that decides then sorts the group out.
        await using var store = PostgresEventStore.Open(connectionString);
        var original = (await store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100, key: "cmd-1"), Entries.Note("Ann")))).AssertAppended();
        (await store.AppendAsync(Acme, 2, Entries.Batch(Entries.Note("the head this instance remembers")))).AssertAppended();

        var outcomes = await store.AppendGroupAsync(Acme, 3,
        [
            new(null, Entries.Batch(Entries.Issued("Bo", 200, key: "cmd-2"))),
            new(null, Entries.Batch(Entries.Issued("Ann", 100, key: "cmd-1"), Entries.Note("Ann"))), // a retry
            new(null, Entries.Batch(Entries.Issued("Cy", 300, key: "cmd-3"), Entries.Note("Cy"))),
        ]);

        var bo = outcomes[0].AssertAppended().Single();
        Assert.Equal(original, Assert.IsType<AppendOutcome.Duplicate>(outcomes[1]).Existing);
        var cy = outcomes[2].AssertAppended();
        Assert.Equal(new long[] { 4, 5, 6 }, new[] { bo }.Concat(cy).Select(e => e.Sequence));
        Assert.Equal(cy, await store.FindByIdempotencyKeyAsync(Acme, "cmd-3"));
        Assert.Equal(6, await store.CurrentVersionAsync(Acme));
        Assert.True((await store.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task AppendGroup_OntoTheRememberedHeadWithAPayloadPostgresRefuses_WritesTheOthersWhole()
    {
        await using var store = PostgresEventStore.Open(connectionString);
        (await store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100)))).AssertAppended();

        var outcomes = await store.AppendGroupAsync(Acme, 1,
        [
            new(1, Entries.Batch(Entries.Issued("Bo", 200, key: "cmd-2"))),
            new(2, Entries.Batch(Entries.Note("ok"), Entries.Note("bad") with { Payload = "{" })),
            new(null, Entries.Batch(Entries.Issued("Cy", 300, key: "cmd-3"))),
        ]);

        Assert.Equal(2, outcomes[0].AssertAppended().Single().Sequence);
        Assert.Contains("Entry 2 of the batch", Assert.IsType<AppendOutcome.Invalid>(outcomes[1]).Error.Message);
        Assert.Equal(3, outcomes[2].AssertAppended().Single().Sequence);
        (await store.AppendAsync(Acme, 3, Entries.Batch(Entries.Note("after")))).AssertAppended();
        Assert.Equal(4, await store.CurrentVersionAsync(Acme));
        Assert.True((await store.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task Append_OfABadBatchAfterAGoodOne_LeavesTheRememberedHeadUsable()
    {
        await using var store = PostgresEventStore.Open(connectionString);
        (await store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100)))).AssertAppended();

        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(Acme, 1, Entries.Batch(Entries.Note("ok"), Entries.Note("bad") with { Payload = "{" })));
        for (var i = 0; i < 5; i++) // on every pooled connection the failed batch may have used
            (await store.AppendAsync(Acme, 1 + i, Entries.Batch(Entries.Note($"after {i}")))).AssertAppended();

        Assert.Equal(6, await store.CurrentVersionAsync(Acme));
        Assert.True((await store.VerifyAsync(Acme)).IsIntact);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("repeatable read")]
    [InlineData("serializable")]
    public async Task Append_WaitingForTheCompanyLock_ChainsOntoWhatItsHolderCommittedWhateverTheDefaultIsolation(string? isolation)
    {
        // The steady-state append runs in an implicit transaction, at the session's default isolation level; the append
        // that decides runs in READ COMMITTED. Outside READ COMMITTED a transaction reads a snapshot taken before it
        // waited for the lock, without the holder's entry: the insert must then fail on the unique index, not fork.
        if (isolation is not null)
            await ExecuteAsync($"ALTER DATABASE \"{databaseName}\" SET default_transaction_isolation = '{isolation}'");
        await using var first = PostgresEventStore.Open(connectionString);
        var ann = (await first.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100)))).AssertAppended().Single();
        await using var store = PostgresEventStore.Open(connectionString); // remembers no head yet

        // The append that decides (no head remembered), waiting while the lock's holder adds entry 2.
        var bo = LedgerEntry.Seal(Acme, 2, Entries.Issued("Bo", 200), ann.Hash);
        var cy = (await AppendWhileTheLockIsHeldAsync(bo, () => store.AppendAsync(Acme, 2, Entries.Batch(Entries.Issued("Cy", 300))))).AssertAppended().Single();
        Assert.Equal((3L, bo.Hash), (cy.Sequence, cy.PreviousHash));

        // The steady-state insert (sealed onto entry 3, the head this instance remembers), waiting while the holder adds entry 4.
        var di = LedgerEntry.Seal(Acme, 4, Entries.Issued("Di", 400), cy.Hash);
        var ed = (await AppendWhileTheLockIsHeldAsync(di, () => store.AppendAsync(Acme, null, Entries.Batch(Entries.Issued("Ed", 500), Entries.Note("Ed", key: "cmd-ed"))))).AssertAppended();
        Assert.Equal((5L, di.Hash), (ed[0].Sequence, ed[0].PreviousHash));

        Assert.Equal(new AppendOutcome.Conflict(1, 6), await first.AppendAsync(Acme, 1, Entries.Batch(Entries.Note("stale"))));
        var fay = (await first.AppendAsync(Acme, null, Entries.Batch(Entries.Issued("Fay", 600, key: "cmd-fay")))).AssertAppended().Single();
        Assert.Equal((7L, ed[^1].Hash), (fay.Sequence, fay.PreviousHash));
        Assert.Equal(new[] { fay }, Assert.IsType<AppendOutcome.Duplicate>(await store.AppendAsync(Acme, 6, Entries.Batch(Entries.Issued("Fay", 600, key: "cmd-fay")))).Existing);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6, 7 }, (await store.ReadAllAsync(Acme)).Select(e => e.Sequence));
        Assert.True((await store.VerifyAsync(Acme)).IsIntact);
    }

    /// <summary>Holds the company lock in another session and inserts <paramref name="theirs"/>; runs
    /// <paramref name="append"/>, checks that it waits, then commits and returns its outcome.</summary>
    private async Task<AppendOutcome> AppendWhileTheLockIsHeldAsync(LedgerEntry theirs, Func<Task<AppendOutcome>> append)
    {
        await using var other = await PostgresTestServer.ConnectAsync(connectionString);
        await using var transaction = await other.BeginTransactionAsync();
        await using (var lockAndInsert = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(hashtext('{theirs.CompanyId}')); {InsertSql(theirs)}", other, transaction))
            await lockAndInsert.ExecuteNonQueryAsync();

        var appending = Task.Run(append);
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        Assert.False(appending.IsCompleted, "the append must wait for the company lock");

        await transaction.CommitAsync();
        return await appending;
    }

    [Fact]
    public async Task Append_AfterTheServerEndedTheStoresConnections_ConnectsAndPreparesAgain()
    {
        await using var store = PostgresEventStore.Open(connectionString);
        (await store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100)))).AssertAppended();
        (await store.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Bo", 200), Entries.Note("Bo")))).AssertAppended();

        await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{databaseName}' AND pid <> pg_backend_pid()");

        // The pool hands out the dead connection once: that append fails as unavailable, having written nothing.
        AppendOutcome? next = null;
        for (var attempt = 0; attempt < 3 && next is null; attempt++)
        {
            try
            {
                next = await store.AppendAsync(Acme, 3, Entries.Batch(Entries.Issued("Cy", 300, key: "cmd-cy")));
            }
            catch (StoreUnavailableException)
            {
            }
        }
        var cy = Assert.IsType<AppendOutcome.Appended>(next).Entries.Single();
        (await store.AppendAsync(Acme, 4, Entries.Batch(Entries.Note("one"), Entries.Note("two")))).AssertAppended();

        Assert.Equal(4L, cy.Sequence);
        Assert.Equal(6, await store.CurrentVersionAsync(Acme));
        Assert.True((await store.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task Append_AfterAColumnWasAddedBehindTheStoresBack_KeepsUsingItsPreparedStatements()
    {
        // A newer Proviso migrating the database while this one runs: prepared statements name their columns, so
        // PostgreSQL plans them again rather than failing with "cached plan must not change result type".
        await using var store = PostgresEventStore.Open(connectionString);
        (await store.AppendAsync(Acme, 0, Entries.Batch(Entries.Issued("Ann", 100, key: "cmd-ann")))).AssertAppended();
        (await store.AppendAsync(Acme, 1, Entries.Batch(Entries.Issued("Bo", 200), Entries.Note("Bo")))).AssertAppended();
        Assert.Equal(3, (await store.ReadAllAsync(Acme)).Count);

        await ExecuteAsync("ALTER TABLE ledger_entries ADD COLUMN added_later text; ALTER TABLE companies ADD COLUMN added_later text");

        var cy = (await store.AppendAsync(Acme, 3, Entries.Batch(Entries.Issued("Cy", 300)))).AssertAppended().Single();
        (await store.AppendAsync(Acme, 4, Entries.Batch(Entries.Note("one"), Entries.Note("two")))).AssertAppended();
        Assert.IsType<AppendOutcome.Duplicate>(await store.AppendAsync(Acme, 6, Entries.Batch(Entries.Issued("Ann", 100, key: "cmd-ann"))));

        Assert.Equal(4L, cy.Sequence);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), (await store.ReadAllAsync(Acme)).Select(e => e.Sequence));
        Assert.Single(await store.FindByIdempotencyKeyAsync(Acme, "cmd-ann"));
        Assert.True((await store.VerifyAsync(Acme)).IsIntact);
    }

    [Fact]
    public async Task Open_DatabaseAtSchemaVersion1_MigratesKeepingEntriesCompaniesAndIdempotencyKeys()
    {
        var first = Seal(Acme, 0, HashChain.Genesis, Entries.Issued("Ann", 100, key: "cmd-1"), Entries.Issued("Bo", 200));
        var second = Seal(Acme, 2, first[^1].Hash, Entries.Note("no key"));
        var third = Seal(Acme, 3, second[^1].Hash, Entries.Issued("Cy", 300, key: "cmd-3"), Entries.Note("Cy", key: "cmd-3"), Entries.Note("Cy again"));
        var globex = Seal("globex", 0, HashChain.Genesis, Entries.Issued("Gil", 10, key: "cmd-1"));
        await ExecuteAsync(SchemaVersion1);
        await ExecuteAsync(string.Join(";\n", first.Concat(second).Concat(third).Concat(globex).Select(InsertSql)));
        await ExecuteAsync("""
            INSERT INTO idempotency_keys (company_id, idempotency_key, first_sequence, last_sequence)
            VALUES ('acme', 'cmd-1', 1, 2), ('acme', 'cmd-3', 4, 6), ('globex', 'cmd-1', 1, 1);
            INSERT INTO companies (company_id) VALUES ('acme'), ('globex');
            """);

        await using var store = PostgresEventStore.Open(connectionString);

        Assert.Equal(2, await ScalarAsync("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM pg_tables WHERE tablename = 'idempotency_keys'"));
        Assert.Equal(first.Concat(second).Concat(third), await store.ReadAllAsync(Acme));
        Assert.Equal(new[] { Acme, "globex" }, await store.CompaniesAsync());
        Assert.Equal(first, await store.FindByIdempotencyKeyAsync(Acme, "cmd-1"));
        Assert.Equal(third, await store.FindByIdempotencyKeyAsync(Acme, "cmd-3"));
        Assert.Equal(globex, await store.FindByIdempotencyKeyAsync("globex", "cmd-1"));
        Assert.Equal(third, Assert.IsType<AppendOutcome.Duplicate>(await store.AppendAsync(Acme, 0, Entries.Batch(Entries.Note("retry", key: "cmd-3")))).Existing);
        var next = (await store.AppendAsync(Acme, 6, Entries.Batch(Entries.Note("after migrating", key: "cmd-7")))).AssertAppended().Single();
        Assert.Equal((7L, third[^1].Hash), (next.Sequence, next.PreviousHash));
        Assert.Equal(new[] { next }, await store.FindByIdempotencyKeyAsync(Acme, "cmd-7"));
        Assert.True((await store.VerifyAsync(Acme)).IsIntact);
        Assert.True((await store.VerifyAsync("globex")).IsIntact);
    }

    /// <summary>The schema as migration 1 left it, frozen here so later migrations are tested from it.</summary>
    private const string SchemaVersion1 = """
        CREATE TABLE schema_version (
            version     integer     NOT NULL PRIMARY KEY,
            description text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE ledger_entries (
            company_id      text COLLATE "C" NOT NULL,
            sequence        bigint NOT NULL CHECK (sequence >= 1),
            event_type      text   NOT NULL,
            effective_on    text,
            recorded_at     text   NOT NULL,
            actor           text   NOT NULL,
            idempotency_key text,
            command         text,
            payload         text   NOT NULL CONSTRAINT ledger_entries_payload_is_json CHECK (payload::json IS NOT NULL),
            previous_hash   text   NOT NULL,
            hash            text   NOT NULL,
            CONSTRAINT ledger_entries_pkey PRIMARY KEY (company_id, sequence)
        );
        CREATE TABLE idempotency_keys (
            company_id      text COLLATE "C" NOT NULL,
            idempotency_key text COLLATE "C" NOT NULL,
            first_sequence  bigint NOT NULL,
            last_sequence   bigint NOT NULL,
            CONSTRAINT idempotency_keys_pkey PRIMARY KEY (company_id, idempotency_key)
        );
        CREATE TABLE companies (
            company_id text COLLATE "C" NOT NULL CONSTRAINT companies_pkey PRIMARY KEY
        );
        INSERT INTO schema_version (version, description) VALUES (1, 'ledger entries, idempotency keys and companies');
        """;

    private static LedgerEntry[] Seal(string companyId, long after, string previousHash, params NewLedgerEntry[] entries)
    {
        var sealedEntries = new LedgerEntry[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            sealedEntries[i] = LedgerEntry.Seal(companyId, after + i + 1, entries[i], previousHash);
            previousHash = sealedEntries[i].Hash;
        }
        return sealedEntries;
    }

    private static string Literal(string? text) => text is null ? "NULL" : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string InsertSql(LedgerEntry e) =>
        "INSERT INTO ledger_entries (company_id, sequence, event_type, effective_on, recorded_at, actor, idempotency_key, command, payload, previous_hash, hash) " +
        $"VALUES ({Literal(e.CompanyId)}, {e.Sequence}, {Literal(e.EventType)}, {Literal(e.EffectiveOn?.ToString("uuuu-MM-dd", null))}, " +
        $"{Literal(NodaTime.Text.InstantPattern.ExtendedIso.Format(e.RecordedAt))}, {Literal(e.Actor)}, {Literal(e.IdempotencyKey)}, " +
        $"{Literal(e.Command)}, {Literal(e.Payload)}, {Literal(e.PreviousHash)}, {Literal(e.Hash)})";

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await PostgresTestServer.ConnectAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await PostgresTestServer.ConnectAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Appends <paramref name="batch"/> until it is recorded: anywhere, or (<paramref name="expectVersion"/>) at the
    /// version just read, trying again after a conflict, which must mean the ledger moved past that version.
    /// </summary>
    private static async Task AppendUntilRecordedAsync(IEventStore store, bool expectVersion, IReadOnlyList<NewLedgerEntry> batch)
    {
        while (true)
        {
            long? expected = expectVersion ? await store.CurrentVersionAsync(Acme) : null;
            switch (await store.AppendAsync(Acme, expected, batch))
            {
                case AppendOutcome.Appended:
                    return;
                case AppendOutcome.Conflict conflict when expected is not null:
                    Assert.True(conflict.ActualVersion > expected, $"a conflict must mean the ledger moved past {expected}, not {conflict}");
                    break;
                case var other:
                    Assert.Fail($"unexpected outcome {other} for expected version {expected}");
                    break;
            }
        }
    }
}
