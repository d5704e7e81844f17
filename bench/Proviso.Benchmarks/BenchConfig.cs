using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Proviso.Benchmarks;

/// <summary>
/// Jobs for the suite. Every benchmark runs in the runner's own process (in-process toolchain): the synthetic company is
/// built once per run, baselines and stores alternate in one process, and the run does not rebuild the source tree.
/// </summary>
internal static class BenchJobs
{
    public static Job InProcess(this Job job) =>
        job.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true));
}

/// <summary>Replay: 1,000,000 events per invocation; one warm-up, three measured invocations.</summary>
public sealed class ReplayConfig : ManualConfig
{
    public ReplayConfig()
    {
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
            .WithId("replay").InProcess());
        AddColumn(new RateColumn("Events/s"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>
/// Durable append: each invocation appends <see cref="DurableAppendBenchmarks.AppendsPerInvocation"/> entries, one
/// transaction each; one warm-up and ten measured invocations, so every case appends 100,000 measured entries. Cases run
/// round by round (baseline, store, baseline, store, ...) so that slow phases of the disk hit both alike.
/// </summary>
public sealed class AppendConfig : ManualConfig
{
    public AppendConfig()
    {
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(10)
            .WithId("durable").InProcess());
        AddColumn(new RateColumn("Appends/s"));
        Orderer = new RoundOrderer();
    }
}

/// <summary>
/// Cap table: one call per invocation, two warm-ups and seven measured calls per case. (BenchmarkDotNet's default
/// throughput job, with pilot and overhead stages, took about three minutes per case at half a second per call.)
/// </summary>
public sealed class CapTableConfig : ManualConfig
{
    public CapTableConfig()
    {
        AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7)
            .WithId("captable").InProcess());
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>Operations per second: one second over the mean time per operation.</summary>
public sealed class RateColumn(string name) : IColumn
{
    public string Id => "Rate." + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Operations per second (1 s / Mean)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase]?.ResultStatistics is { } s ? (1e9 / s.Mean).ToString("N0", CultureInfo.InvariantCulture) : "NA";
}

/// <summary>Runs cases round by round, and within a round in declaration order (baseline first).</summary>
public sealed class RoundOrderer : IOrderer
{
    private static int Round(BenchmarkCase c) =>
        c.Parameters.Items.FirstOrDefault(p => p.Name == "Round")?.Value is int r ? r : 0;

    private static int Declared(BenchmarkCase c) => c.Descriptor.WorkloadMethod.MetadataToken;

    public IEnumerable<BenchmarkCase> GetExecutionOrder(ImmutableArray<BenchmarkCase> benchmarksCase, IEnumerable<BenchmarkLogicalGroupRule>? order = null) =>
        benchmarksCase.OrderBy(Round).ThenBy(Declared);

    public IEnumerable<BenchmarkCase> GetSummaryOrder(ImmutableArray<BenchmarkCase> benchmarksCases, Summary summary) =>
        benchmarksCases.OrderBy(Round).ThenBy(Declared);

    public string? GetHighlightGroupKey(BenchmarkCase benchmarkCase) => null;

    public string GetLogicalGroupKey(ImmutableArray<BenchmarkCase> allBenchmarksCases, BenchmarkCase benchmarkCase) => "Round" + Round(benchmarkCase);

    public IEnumerable<IGrouping<string, BenchmarkCase>> GetLogicalGroupOrder(IEnumerable<IGrouping<string, BenchmarkCase>> logicalGroups, IEnumerable<BenchmarkLogicalGroupRule>? order = null) =>
        logicalGroups.OrderBy(g => g.Key, StringComparer.Ordinal);

    public bool SeparateLogicalGroups => true;
}
