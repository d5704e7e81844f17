using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Proviso.Storage.Sqlite;

namespace Proviso.Storage.Tests;

/// <summary>
/// The SQLite store's waits: the bundled SQLite sleeps in whole seconds (built without usleep), so a read that raced a
/// commit, or a writer waiting for another connection's lock, would pause a second; <see cref="SqliteSleep"/> makes
/// those pauses as short as SQLite asks. Thresholds are far below a second and far above a millisecond, so a busy
/// machine does not fail them and the whole-second sleep cannot pass them.
/// </summary>
public sealed class SqliteSleepTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "proviso-storage-tests", Guid.NewGuid().ToString("N"));

    public SqliteSleepTests() => Directory.CreateDirectory(directory);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_sleep(int milliseconds);

    [Fact]
    public async Task SqliteAskedToSleepFiveMilliseconds_SleepsAboutThatNotAWholeSecond()
    {
        await using var store = SqliteEventStore.Open(Path.Combine(directory, "ledger.db")); // installs the sleep

        Assert.True(SqliteSleep.Installed);
        var watch = Stopwatch.StartNew();
        var asked = sqlite3_sleep(5);
        watch.Stop();

        Assert.Equal(5, asked);
        Assert.InRange(watch.ElapsedMilliseconds, 4, 400);
    }

    [Fact]
    public async Task Append_WhileAnotherConnectionHoldsTheWriteLockFor50Ms_ProceedsSoonAfterItsRelease()
    {
        var path = Path.Combine(directory, "ledger.db");
        await using var store = SqliteEventStore.Open(path);
        (await store.AppendAsync("acme", 0, Entries.Batch(Entries.Note("first")))).AssertAppended();
        var shortenedBefore = SqliteSleep.Statistics.Shortened;

        using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        other.Open();
        using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }
        var release = Task.Run(async () =>
        {
            await Task.Delay(50);
            using var commit = other.CreateCommand();
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        });
        var watch = Stopwatch.StartNew();
        var outcome = await store.AppendAsync("acme", 1, Entries.Batch(Entries.Note("second")));
        watch.Stop();
        await release;

        outcome.AssertAppended();
        Assert.InRange(watch.ElapsedMilliseconds, 40, 600); // a whole-second busy wait takes 1,000 ms
        Assert.True(SqliteSleep.Statistics.Shortened > shortenedBefore);
    }

    [Fact]
    public async Task ChangeStampAndReads_BesideAWriterCommittingInALoop_NeverWaitAWholeSecond()
    {
        var path = Path.Combine(directory, "ledger.db");
        await using var store = SqliteEventStore.Open(path);
        (await store.AppendAsync("acme", 0, Entries.Batch(Entries.Note("first")))).AssertAppended();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var worst = new double[2];
        var readers = new[]
        {
            Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var watch = Stopwatch.StartNew();
                    Assert.True(store.TryReadChangeStamp(out _));
                    worst[0] = Math.Max(worst[0], watch.Elapsed.TotalMilliseconds);
                }
            }),
            Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var watch = Stopwatch.StartNew();
                    await store.CurrentVersionAsync("acme");
                    worst[1] = Math.Max(worst[1], watch.Elapsed.TotalMilliseconds);
                }
            }),
        };
        var version = 1L;
        var worstAppend = 0.0;
        while (!stop.IsCancellationRequested)
        {
            var watch = Stopwatch.StartNew();
            (await store.AppendAsync("acme", version, Entries.Batch(Entries.Note($"note {version}")))).AssertAppended();
            worstAppend = Math.Max(worstAppend, watch.Elapsed.TotalMilliseconds);
            version++;
        }
        await Task.WhenAll(readers);

        Assert.True(version > 100, $"only {version} appends in two seconds");
        Assert.True(worst[0] < 700 && worst[1] < 700 && worstAppend < 700,
            $"longest change-stamp read {worst[0]:F0} ms, version read {worst[1]:F0} ms, append {worstAppend:F0} ms");
    }
}
