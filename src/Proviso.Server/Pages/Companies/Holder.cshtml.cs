using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Proviso.Application.Access;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Views;
using Proviso.Storage;

namespace Proviso.Server.Pages.Companies;

public sealed class HolderModel(IEventStore store, AccessService access, IClock clock) : CompanyPageModel(store, access)
{
    public Holder? Holder { get; private set; }
    public LocalDate AsOf { get; private set; }
    public IReadOnlyList<Certificate> Certificates { get; private set; } = [];
    public IReadOnlyList<Instrument> Instruments { get; private set; } = [];
    public IReadOnlyList<string> Group { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string holderId, string? asOf)
    {
        if (await LoadAsync(Need.Read) is { } stop) return stop;
        if (Caller.OnlyHolder is { } only && only != holderId) return Forbid();
        AsOf = asOf is not null && LocalDatePattern.Iso.Parse(asOf) is { Success: true } p ? p.Value : clock.GetCurrentInstant().InUtc().Date;
        var register = Ledger.Timeline.AsOf(AsOf);
        if (!register.Holders.TryGetValue(holderId, out var h)) return NotFound();
        Holder = h;
        // The holder's own holdings, class by class (not a scan of every certificate on the register).
        Certificates = register.Classes.Keys.Order(StringComparer.Ordinal)
            .SelectMany(cls => register.CertificatesOf(holderId, cls).OrderBy(c => c.Id, StringComparer.Ordinal)).ToList();
        Instruments = register.Instruments.Values.Where(i => i.HolderId == holderId).ToList();
        var groups = AffiliateGroups.Build(register, AsOf);
        Group = groups.MembersOf(groups.GroupOf(holderId));
        return Page();
    }
}
