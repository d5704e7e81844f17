using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Proviso.Application.Access;
using Proviso.Application.Ledgers;
using Proviso.Server.Auth;
using Proviso.Storage;

namespace Proviso.Server.Pages;

/// <summary>What every company page starts with: the caller's access and the company's ledger (404 across companies, 403 by role).</summary>
public abstract class CompanyPageModel(IEventStore store, AccessService access) : PageModel
{
    protected IEventStore Store { get; } = store;
    protected AccessService Access { get; } = access;

    [BindProperty(SupportsGet = true)]
    public string CompanyId { get; set; } = "";

    public CompanyLedger Ledger { get; private set; } = null!;
    public Caller Caller { get; private set; } = null!;
    public string CompanyName => Ledger.Timeline.Latest.CompanyName ?? CompanyId;

    /// <summary>Loads the company for <paramref name="need"/>; returns the result to short-circuit with, or null to go on.</summary>
    protected async Task<IActionResult?> LoadAsync(Need need, string? actingFor = null)
    {
        var caller = await CompanyAccess.CheckAsync(HttpContext, Access, CompanyId, need, actingFor);
        if (caller is null) return Challenge();
        if (!caller.User.IsAdministrator && !caller.User.Grants.ContainsKey(CompanyId)) return NotFound();
        Ledger = await CompanyLedger.LoadAsync(Store, CompanyId, HttpContext.RequestAborted);
        if (!Ledger.Exists) return NotFound();
        if (!caller.Decision.Allowed) return Forbid();
        Caller = caller;
        return null;
    }
}
