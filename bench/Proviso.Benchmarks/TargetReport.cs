using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Proviso.Benchmarks;

/// <summary>The issue #2 point 11 targets, checked against a run's summaries, as a Markdown table.</summary>
public sealed record TargetReport(string Markdown)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record Result(string Type, string Method, IReadOnlyDictionary<string, object?> Params, double MeanNs, double StdDevNs)
    {
        public double Rate => 1e9 / MeanNs;
        public int Round => Params.TryGetValue("Round", out var r) && r is int i ? i : 0;
    }

    public static TargetReport Build(IEnumerable<Summary> summaries)
    {
        var results = summaries.SelectMany(s => s.Reports)
            .Where(r => r.Success && r.ResultStatistics is not null)
            .Select(r => new Result(r.BenchmarkCase.Descriptor.Type.Name, r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.BenchmarkCase.Parameters.Items.ToDictionary(p => p.Name, p => (object?)p.Value), r.ResultStatistics!.Mean, r.ResultStatistics.StandardDeviation))
            .ToList();
        var sb = new StringBuilder();
        sb.AppendLine("| Target | Measured | Met |");
        sb.AppendLine("|---|---|---|");

        // Durable append, per round: each store against the raw SQLite baseline measured just before it.
        var append = results.Where(r => r.Type == nameof(DurableAppendBenchmarks)).ToList();
        var raw = append.Where(r => r.Method == nameof(DurableAppendBenchmarks.RawSqliteInsert)).ToDictionary(r => r.Round);
        foreach (var (method, label) in new[]
                 {
                     (nameof(DurableAppendBenchmarks.SqliteStoreAppend), "SQLite store"),
                     (nameof(DurableAppendBenchmarks.PostgresStoreAppend), "PostgreSQL store"),
                 })
        {
            var rounds = append.Where(r => r.Method == method && raw.ContainsKey(r.Round)).OrderBy(r => r.Round).ToList();
            if (rounds.Count == 0) continue;
            var ratios = rounds.Select(r => r.Rate / raw[r.Round].Rate).ToList();
            var median = Median(ratios);
            var detail = string.Join("; ", rounds.Select(r =>
                $"r{r.Round}: {r.Rate.ToString("N0", Inv)}/s vs raw {raw[r.Round].Rate.ToString("N0", Inv)}/s = {(r.Rate / raw[r.Round].Rate).ToString("P0", Inv)}"));
            sb.AppendLine($"| Durable append, {label}: at least 50% of the raw SQLite insert-and-commit rate | median {median.ToString("P0", Inv)} ({detail}) | {(median >= 0.5 ? "yes" : "**no**")} |");
        }
        var rawPg = append.Where(r => r.Method == nameof(DurableAppendBenchmarks.RawPostgresInsert)).ToDictionary(r => r.Round);
        var pgStore = append.Where(r => r.Method == nameof(DurableAppendBenchmarks.PostgresStoreAppend) && rawPg.ContainsKey(r.Round)).OrderBy(r => r.Round).ToList();
        if (pgStore.Count > 0)
        {
            var median = Median(pgStore.Select(r => r.Rate / rawPg[r.Round].Rate).ToList());
            sb.AppendLine($"| (for comparison) PostgreSQL store vs raw PostgreSQL insert-and-commit | median {median.ToString("P0", Inv)} ({string.Join("; ", pgStore.Select(r => $"r{r.Round}: {r.Rate.ToString("N0", Inv)}/s vs {rawPg[r.Round].Rate.ToString("N0", Inv)}/s"))}) | n/a |");
        }

        // Replay.
        var replay = results.FirstOrDefault(r => r.Type == nameof(ReplayBenchmarks) && r.Method == nameof(ReplayBenchmarks.Replay));
        if (replay is not null)
        {
            sb.AppendLine($"| Replay: at least 1,000,000 events/s | {replay.Rate.ToString("N0", Inv)} events/s | {(replay.Rate >= 1_000_000 ? "yes" : "**no**")} |");
            // Two baselines: the serializer alone, and the codec the product reads with (its own reader for transfers,
            // the serializer for the rest). The target is judged against the faster of the two.
            foreach (var (method, what) in new[]
                     {
                         (nameof(ReplayBenchmarks.RawDeserialize), "raw deserialisation (JsonSerializer)"),
                         (nameof(ReplayBenchmarks.RawCodec), "raw deserialisation (EventCodec, as the product reads)"),
                     })
            {
                var deser = results.FirstOrDefault(r => r.Type == nameof(ReplayBenchmarks) && r.Method == method);
                if (deser is null) continue;
                var ratio = replay.Rate / deser.Rate;
                sb.AppendLine($"| Replay: at least 50% of {what} | {ratio.ToString("P0", Inv)} ({replay.Rate.ToString("N0", Inv)} vs {deser.Rate.ToString("N0", Inv)} events/s) | {(ratio >= 0.5 ? "yes" : "**no**")} |");
            }
        }

        // Cap table.
        foreach (var r in results.Where(r => r.Type == nameof(CapTableBenchmarks)).OrderBy(r => r.Params["GroupBy"]?.ToString()).ThenBy(r => r.Params["Basis"]?.ToString()))
        {
            var ms = r.MeanNs / 1e6;
            sb.AppendLine($"| Cap table, 100,000 holders, {r.Params["Basis"]} by {r.Params["GroupBy"]}: mean under 50 ms | {ms.ToString("N1", Inv)} ms (sd {(r.StdDevNs / 1e6).ToString("N1", Inv)}) | {(ms < 50 ? "yes" : "**no**")} |");
        }
        return new TargetReport(sb.ToString());
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
