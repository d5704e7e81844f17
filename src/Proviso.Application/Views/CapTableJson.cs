using Proviso.Domain.Register.Views;

namespace Proviso.Application.Views;

/// <summary>The stable JSON shape of a cap table (docs/cli.md).</summary>
public sealed record CapTableJson(
    string Company, string CompanyName, string AsOf, string Basis, string By,
    IReadOnlyDictionary<string, long> OutstandingByClass, string Total,
    IReadOnlyList<CapTableJson.Row> Rows, IReadOnlyList<string> Notes)
{
    public sealed record Row(string Key, string Label, IReadOnlyList<string> Members, IReadOnlyDictionary<string, long> Shares,
        IReadOnlyDictionary<string, long> Instruments, string Amount, string Fraction, string Percent);

    public static CapTableJson From(CapTable t) => new(
        t.CompanyId, t.CompanyName, t.AsOf.ToString("yyyy-MM-dd", null),
        t.Basis switch { Proviso.Domain.Register.Views.Basis.AsConverted => "as-converted", Proviso.Domain.Register.Views.Basis.FullyDiluted => "fully-diluted", _ => t.Basis.ToString().ToLowerInvariant() },
        t.GroupBy.ToString().ToLowerInvariant(),
        t.OutstandingByClass.ToDictionary(x => x.Key, x => x.Value.Value), t.Total.ToString(),
        t.Rows.Select(r => new Row(r.Key, r.Label, r.Members, r.SharesByClass.ToDictionary(x => x.Key, x => x.Value.Value),
            r.InstrumentsByClass.ToDictionary(x => x.Key, x => x.Value.Value), r.Amount.ToString(), r.Percentage.ToString(), r.Percentage.ToPercentString(6))).ToList(),
        t.Notes);
}
