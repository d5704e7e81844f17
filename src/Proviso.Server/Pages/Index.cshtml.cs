using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using Proviso.Application.Access;
using Proviso.Application.Agenda;
using Proviso.Application.Ledgers;
using Proviso.Server.Auth;
using Proviso.Storage;

namespace Proviso.Server.Pages;

public sealed class IndexModel(IEventStore store, AccessService access, IClock clock) : PageModel
{
    public sealed record CompanyCard(string Id, string Name, long Version, IReadOnlyList<AgendaItem> Processes, IReadOnlyList<AgendaItem> Agenda);

    public List<CompanyCard> Companies { get; } = new();
    public Instant Now { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await CompanyAccess.UserAsync(HttpContext, access);
        if (user is null) return Challenge();
        Now = clock.GetCurrentInstant();
        var ids = CompanyAccess.VisibleCompanies(user, (await store.CompaniesAsync(HttpContext.RequestAborted)).Where(c => !c.StartsWith('_')));
        foreach (var id in ids)
        {
            var ledger = await CompanyLedger.LoadAsync(store, id, HttpContext.RequestAborted);
            var agenda = CompanyAgenda.Open(ledger, Now);
            var processes = agenda.GroupBy(i => i.Matter).Select(g => g.First()).ToList(); // the next deadline of each open matter
            Companies.Add(new CompanyCard(id, ledger.Timeline.Latest.CompanyName ?? id, ledger.Version, processes, agenda));
        }
        return Page();
    }

    /// <summary>"12 d 4 h" until a deadline; "expired" once past.</summary>
    public static string Countdown(Duration left)
    {
        if (left <= Duration.Zero) return "expired";
        var days = (long)left.TotalDays;
        var hours = left.Hours;
        return days > 0 ? $"{days} d {hours} h" : $"{hours} h {left.Minutes} min";
    }
}
