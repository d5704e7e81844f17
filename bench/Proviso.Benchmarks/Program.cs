using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using Proviso.Benchmarks;

// bench/run.sh runs this in Release: `dotnet bin/Release/net10.0/Proviso.Benchmarks.dll [--filter <glob>]`.
// Every benchmark runs in this process (see BenchJobs); results go to bench/BenchmarkDotNet.Artifacts/, and the targets
// table to bench/BenchmarkDotNet.Artifacts/targets.md.
var artifacts = Environment.GetEnvironmentVariable("PROVISO_BENCH_ARTIFACTS") is { Length: > 0 } a
    ? a
    : Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");

if (args is ["--describe"])
{
    var company = SyntheticCompany.Shared;
    Console.WriteLine($"synthetic company: {company.Count:N0} events in {company.BuildTime.TotalSeconds:N1} s, {company.Rejected} refused, " +
                      $"{company.PayloadChars / (double)company.Count:N0} chars per payload on average");
    foreach (var (type, n) in company.CountsByType.OrderByDescending(x => x.Value)) Console.WriteLine($"  {type,-28} {n,9:N0}");
    var r = company.Register;
    Console.WriteLine($"register: {r.Holders.Count:N0} holders, {r.HoldingCount:N0} holdings, {r.Certificates.Count:N0} certificates, " +
                      $"{r.Instruments.Count:N0} instruments, {r.Links.Count:N0} links, last effective {r.LastEffectiveOn:yyyy-MM-dd}");
    return 0;
}

var config = DefaultConfig.Instance
    .WithArtifactsPath(artifacts)
    .WithOptions(ConfigOptions.DisableLogFile);

if (!DurableAppendBenchmarks.HasPostgres)
{
    Console.WriteLine($"// {DurableAppendBenchmarks.PostgresVariable} is not set: the PostgreSQL append benchmarks are skipped (bench/run.sh starts a server).");
    config = config.AddFilter(new NameFilter(name => !name.Contains("Postgres", StringComparison.Ordinal)));
}

var summaries = BenchmarkSwitcher.FromTypes([typeof(ReplayBenchmarks), typeof(DurableAppendBenchmarks), typeof(CapTableBenchmarks), typeof(TransferEvaluationBenchmarks)])
    .Run(args.Length == 0 ? ["--filter", "*"] : args, config)
    .ToList();

var report = TargetReport.Build(summaries);
Directory.CreateDirectory(artifacts);
File.WriteAllText(Path.Combine(artifacts, "targets.md"), report.Markdown);
Console.WriteLine();
Console.WriteLine(report.Markdown);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
