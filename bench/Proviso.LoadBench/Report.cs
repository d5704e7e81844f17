using System.Globalization;
using System.Text;

namespace Proviso.LoadBench;

/// <summary>
/// The load benchmark's report: reads the RESULT lines get.lua and post.lua printed (bare.result, get.result,
/// post.result), the load averages beside them (bare.load…: the 1-minute load average before and after each run) and
/// machine.txt from bench/load.sh, and writes the figures and the targets as Markdown.
/// Targets (issue #6 point 8): the cap-table GET's throughput at least 50% of the bare endpoint's in the same run, and
/// its p99 under 10 ms at 64 connections.
/// </summary>
public static class Report
{
    public sealed record Result(long Requests, double Seconds, long P50, long P90, long P99, long P999, long Max, long Non2xx, long SocketErrors, long Ok, long Exhausted)
    {
        public double PerSecond => Ok / Seconds;

        public static Result? Read(string path)
        {
            if (ReadFields(path) is not { } f) return null;
            return new Result(f["requests"], f["duration_us"] / 1e6, f["p50_us"], f["p90_us"], f["p99_us"], f["p999_us"], f["max_us"], f["non2xx"], f["socket_errors"], f["ok"], f.GetValueOrDefault("exhausted"));
        }
    }

    /// <summary>The fields of a file's last RESULT line (name=integer pairs), or null if it has none.</summary>
    private static Dictionary<string, long>? ReadFields(string path)
    {
        if (!File.Exists(path)) return null;
        var line = File.ReadLines(path).LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        return line?["RESULT ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => long.Parse(kv[1], CultureInfo.InvariantCulture));
    }

    public static int Write(string dir, string outFile)
    {
        var bare = Result.Read(Path.Combine(dir, "bare.result")) ?? throw new ArgumentException($"no RESULT in {dir}/bare.result");
        var get = Result.Read(Path.Combine(dir, "get.result")) ?? throw new ArgumentException($"no RESULT in {dir}/get.result");
        var post = Result.Read(Path.Combine(dir, "post.result"));
        var postWarmup = Result.Read(Path.Combine(dir, "post-warmup.result"));
        // The ledger's version before and after the POST runs and how many requests may have been in flight when the two
        // runs stopped (post.ledger): the entries recorded, one per election answered 2xx, and at most that many more.
        var ledger = File.Exists(Path.Combine(dir, "post.ledger"))
            ? File.ReadAllText(Path.Combine(dir, "post.ledger")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray()
            : null;
        long? recorded = ledger is [var before, var after, _] ? after - before : null;
        var inFlight = ledger is [_, _, var atMost] ? atMost : 0;
        var answered = (post?.Ok ?? 0) + (postWarmup?.Ok ?? 0);
        var recordedAsAnswered = recorded >= answered && recorded <= answered + inFlight;
        var floor = ReadFields(Path.Combine(dir, "commit.result"));
        var machine = File.Exists(Path.Combine(dir, "machine.txt")) ? File.ReadAllLines(Path.Combine(dir, "machine.txt")) : [];
        string Load(string name) => File.Exists(Path.Combine(dir, name + ".load")) ? File.ReadAllText(Path.Combine(dir, name + ".load")).Trim().Replace(" ", " → ") : "";

        var ratio = get.PerSecond / bare.PerSecond;
        var sb = new StringBuilder();
        foreach (var m in machine) sb.AppendLine($"- {m}");
        if (File.Exists(Path.Combine(dir, "post.server"))) sb.AppendLine($"- server for the POST: {File.ReadAllText(Path.Combine(dir, "post.server")).Trim()}");
        string? Reference(string name) => File.Exists(Path.Combine(dir, name + ".cpu")) ? File.ReadAllText(Path.Combine(dir, name + ".cpu")).Trim() : null;
        if (Reference("before") is { } speedBefore)
            sb.AppendLine($"- processor reference (sorting 2,000,000 integers and SHA-256 of 64 MiB on one thread, best of three; " +
                $"smaller is faster): {speedBefore} ms before the runs, {Reference("after") ?? "not measured"} ms after them");
        sb.AppendLine();
        sb.AppendLine("| Endpoint | Requests/s (2xx) | p50 | p90 | p99 | p99.9 | max | non-2xx | socket errors | load average |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row(sb, "bare ASP.NET Core `GET /captable` (baseline)", bare, Load("bare"));
        Row(sb, "Proviso `GET /api/companies/cloopen/captable` (API token)", get, Load("get"));
        if (post is not null) Row(sb, "Proviso `POST …/transfers/{process}/elections` (each a new valid election; its 2xx answers checked against the ledger)", post, Load("post"));
        sb.AppendLine();
        sb.AppendLine("| Target | Measured | Met |");
        sb.AppendLine("|---|---:|:---:|");
        sb.AppendLine($"| cap-table GET throughput ≥ 50% of the bare endpoint | {ratio:P1} ({get.PerSecond:N0} / {bare.PerSecond:N0} req/s) | {(ratio >= 0.5 && get.Non2xx == 0 ? "yes" : "**no**")} |");
        sb.AppendLine($"| cap-table GET p99 < 10 ms at 64 connections | {Ms(get.P99)} | {(get.P99 < 10_000 ? "yes" : "**no**")} |");
        if (post is not null)
            sb.AppendLine($"| (the same p99 bound, applied to the election POST) | {Ms(post.P99)} | {(post.P99 < 10_000 && post.Ok == post.Requests && recordedAsAnswered ? "yes" : "**no**")} |");
        if (floor is not null)
        {
            sb.AppendLine();
            sb.AppendLine($"Floor under the POST: one durable SQLite commit alone on the store's disk (WAL, synchronous = FULL; {floor["commits"]:N0} " +
                $"commits measured before the POST) took p50 {Ms(floor["p50_us"])}, p90 {Ms(floor["p90_us"])}, p99 {Ms(floor["p99_us"])}, max {Ms(floor["max_us"])}. " +
                "Every recorded election waits for at least one such commit, so the POST's p99 cannot be lower than this p99.");
        }
        if (post is not null)
        {
            sb.AppendLine();
            sb.AppendLine(recorded is null
                ? "The ledger's version before and after the POST was not read (post.ledger is missing), so the elections recorded were not checked."
                : recordedAsAnswered
                    ? $"Recorded: the ledger grew by {recorded:N0} entries during the POST's warm-up and measured run: one for each of the {answered:N0} 2xx answers, " +
                      $"and {recorded - answered:N0} for requests in flight when a run stopped (at most {inFlight:N0})."
                    : $"**Not as answered**: the ledger grew by {recorded:N0} entries during the POST's warm-up and measured run, for {answered:N0} 2xx answers " +
                      $"(and at most {inFlight:N0} requests in flight when a run stopped).");
        }
        if (post is { Exhausted: > 0 })
        {
            sb.AppendLine();
            sb.AppendLine($"The prepared elections ran out: {post.Exhausted:N0} of the POST's {post.Requests:N0} requests repeated an election already " +
                "recorded (refused), so its figures mix elections with refusals and understate the rate. Run again with a larger LOADBENCH_ELECTIONS.");
        }
        File.WriteAllText(outFile, sb.ToString());
        Console.Write(sb.ToString());
        return 0;
    }

    private static void Row(StringBuilder sb, string name, Result r, string load) =>
        sb.AppendLine($"| {name} | {r.PerSecond:N0} | {Ms(r.P50)} | {Ms(r.P90)} | {Ms(r.P99)} | {Ms(r.P999)} | {Ms(r.Max)} | {r.Requests - r.Ok} | {r.SocketErrors} | {load} |");

    private static string Ms(long microseconds) => (microseconds / 1000.0).ToString("0.00", CultureInfo.InvariantCulture) + " ms";
}
