using BenchmarkDotNet.Attributes;
using NodaTime;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Views;

namespace Proviso.Benchmarks;

/// <summary>
/// The cap-table view of the synthetic company's register (100,000 holders, five classes, options and warrants, control
/// links), on each basis, per holder and per affiliate group (the groups are built inside the call, as the CLI does).
/// Target: mean under 50 ms.
/// </summary>
[Config(typeof(CapTableConfig))]
public class CapTableBenchmarks
{
    private Register _register = null!;
    private LocalDate _asOf;

    [Params(Basis.Outstanding, Basis.AsConverted, Basis.FullyDiluted, Basis.Voting)]
    public Basis Basis { get; set; }

    [Params(GroupBy.Holder, GroupBy.Group)]
    public GroupBy GroupBy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _register = SyntheticCompany.Shared.Register;
        _asOf = _register.LastEffectiveOn ?? throw new InvalidOperationException("empty register");
        var table = CapTable.Compute(_register, _asOf, Basis, GroupBy);
        if (Domain.Quantities.Fraction.Sum(table.Rows.Select(r => r.Percentage)) != Domain.Quantities.Fraction.One)
            throw new InvalidOperationException("cap table percentages do not sum to one");
        Console.WriteLine($"// cap table {Basis}/{GroupBy}: {_register.Holders.Count:N0} holders, {_register.HoldingCount:N0} holdings, {_register.Instruments.Count:N0} instruments, {_register.Links.Count:N0} links -> {table.Rows.Count:N0} rows");
    }

    [Benchmark(Description = "CapTable.Compute")]
    public CapTable Compute() => CapTable.Compute(_register, _asOf, Basis, GroupBy);
}
