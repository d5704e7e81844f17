using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Proviso.Application.Access;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register.Views;
using Proviso.Storage;

namespace Proviso.Server.Pages.Companies;

public sealed class CapTableModel(IEventStore store, AccessService access, IClock clock) : CompanyPageModel(store, access)
{
    public LocalDate AsOf { get; private set; }
    public string BasisKey { get; private set; } = "as-converted";
    public string ByKey { get; private set; } = "holder";
    public CapTable? Table { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? asOf, string? basis, string? by)
    {
        if (await LoadAsync(Need.Read) is { } stop) return stop;
        var parsed = asOf is null ? null : (LocalDate?)(LocalDatePattern.Iso.Parse(asOf) is { Success: true } p ? p.Value : null);
        AsOf = parsed ?? clock.GetCurrentInstant().InUtc().Date;
        BasisKey = basis is "outstanding" or "as-converted" or "fully-diluted" or "voting" ? basis : "as-converted";
        ByKey = by is "holder" or "group" or "class" ? by : "holder";
        if (Caller.OnlyHolder is not null) ByKey = "holder";
        var b = BasisKey switch { "outstanding" => Basis.Outstanding, "fully-diluted" => Basis.FullyDiluted, "voting" => Basis.Voting, _ => Basis.AsConverted };
        var g = ByKey switch { "group" => GroupBy.Group, "class" => GroupBy.Class, _ => GroupBy.Holder };
        var table = CapTable.Compute(Ledger.Timeline.AsOf(AsOf), AsOf, b, g);
        if (Caller.OnlyHolder is { } only) table = table with { Rows = table.Rows.Where(r => r.Key == only).ToList() };
        Table = table;
        return Page();
    }

    public static string Amount(Fraction f) => f.IsInteger ? new ShareCount((long)f.Numerator).ToString() : f.ToDecimalString(4);
}
