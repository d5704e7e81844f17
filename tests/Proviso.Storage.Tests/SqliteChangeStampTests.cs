using Microsoft.Data.Sqlite;
using Proviso.Storage.Sqlite;

namespace Proviso.Storage.Tests;

/// <summary>The SQLite store's change stamp when many callers read it at once while appends commit.</summary>
public sealed class SqliteChangeStampTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "proviso-storage-tests", Guid.NewGuid().ToString("N"));

    public SqliteChangeStampTests() => Directory.CreateDirectory(directory);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task ChangeStamp_ReadByManyCallersWhileAppendsCommit_NeverEqualAcrossACommitThatFinishedBetweenThem()
    {
        await using var store = SqliteEventStore.Open(Path.Combine(directory, "ledger.db"));
        (await store.AppendAsync("acme", 0, Entries.Batch(Entries.Note("first")))).AssertAppended();
        long started = 0, committed = 0; // appends begun, appends finished
        var calls = new System.Collections.Concurrent.ConcurrentBag<(long Before, long After, long Stamp)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        // Threads of their own (not the thread pool, which the other test classes running alongside may keep busy for
        // the whole 1.5 s: one run got no read at all).
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var before = Interlocked.Read(ref committed);
                Assert.True(store.TryReadChangeStamp(out var stamp));
                calls.Add((before, Interlocked.Read(ref started), stamp));
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
        var version = 1L;
        while (!stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref started);
            (await store.AppendAsync("acme", version, Entries.Batch(Entries.Note($"note {version}")))).AssertAppended();
            version++;
            Interlocked.Increment(ref committed);
        }
        await Task.WhenAll(readers);

        // Two calls that returned the same stamp have no commit between them: none that began after one of them ended
        // had finished before the other began (a commit under way during a call may or may not be seen by it).
        foreach (var same in calls.GroupBy(c => c.Stamp))
            Assert.True(same.Max(c => c.Before) <= same.Min(c => c.After), $"stamp {same.Key} returned on both sides of a finished commit");
        Assert.True(version > 20, $"only {version} appends");
        Assert.True(calls.Count > 100, $"only {calls.Count} reads");
        Assert.True(store.ChangeStampReads <= calls.Count + 1);
    }

    [Fact]
    public async Task ChangeStamp_AfterACommitByAnotherStoreOnTheFile_DiffersFromTheOneBefore()
    {
        var path = Path.Combine(directory, "ledger.db");
        await using var store = SqliteEventStore.Open(path);
        await using var other = SqliteEventStore.Open(path);
        Assert.True(store.TryReadChangeStamp(out var before));
        Assert.True(store.TryReadChangeStamp(out var again));
        Assert.Equal(before, again);

        (await other.AppendAsync("acme", 0, Entries.Batch(Entries.Note("by the CLI")))).AssertAppended();

        Assert.True(store.TryReadChangeStamp(out var after));
        Assert.NotEqual(before, after);
    }
}
