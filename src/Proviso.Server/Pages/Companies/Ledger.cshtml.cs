using Microsoft.AspNetCore.Mvc;
using Proviso.Application.Access;
using Proviso.Domain.Ledger;
using Proviso.Storage;

namespace Proviso.Server.Pages.Companies;

public sealed class LedgerModel(IEventStore store, AccessService access) : CompanyPageModel(store, access)
{
    public LedgerVerification Verification { get; private set; } = null!;
    public IReadOnlyList<LedgerEntry> Entries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync(Need.Read) is { } stop) return stop;
        if (Caller.OnlyHolder is not null) return Forbid(); // the ledger shows every party's elections
        Verification = LedgerVerification.Verify(CompanyId, Ledger.Entries);
        Entries = Ledger.Entries.Reverse().Take(500).ToList();
        return Page();
    }
}
