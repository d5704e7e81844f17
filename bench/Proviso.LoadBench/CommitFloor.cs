using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Proviso.LoadBench;

/// <summary>
/// The floor under the election POST's latency on this machine: the latency of one durable SQLite commit, alone, with
/// the store's durability settings (WAL journal, <c>synchronous = FULL</c>) on the same disk as the store. Every recorded
/// election waits for at least one such commit (the write queue shares one commit among the elections waiting), so the
/// POST's p99 cannot be below this commit's p99 however fast the server is. Measured before the POST, while the server
/// is idle; written as a RESULT line like wrk's (commit.result).
/// </summary>
public static class CommitFloor
{
    public static int Measure(string dir, int commits)
    {
        var path = Path.Combine(dir, "commit-floor.db");
        var latencies = new long[commits];
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL");
            Execute(connection, "PRAGMA synchronous = FULL");
            Execute(connection, "CREATE TABLE IF NOT EXISTS commits (n INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO commits (n, payload) VALUES ($n, $payload)";
            var n = insert.Parameters.Add("$n", SqliteType.Integer);
            // About the size of one election's ledger entry.
            insert.Parameters.AddWithValue("$payload", new string('x', 600));
            insert.Prepare();
            for (var i = 0; i < commits; i++)
            {
                var started = Stopwatch.GetTimestamp();
                n.Value = i;
                insert.ExecuteNonQuery(); // autocommit: one transaction, one durable commit
                latencies[i] = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        }
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        Array.Sort(latencies);
        long At(double percentile) => latencies[Math.Min(commits - 1, (int)Math.Ceiling(percentile / 100 * commits) - 1)];
        var line = string.Create(CultureInfo.InvariantCulture,
            $"RESULT commits={commits} p50_us={At(50)} p90_us={At(90)} p99_us={At(99)} max_us={latencies[^1]}");
        File.WriteAllText(Path.Combine(dir, "commit.result"), line + "\n");
        Console.WriteLine($"loadbench: durable SQLite commit alone: p50 {At(50) / 1000.0:0.00} ms, p99 {At(99) / 1000.0:0.00} ms ({commits} commits)");
        return 0;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
