using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Proviso.Application.Access;
using Proviso.Application.Terms;
using Proviso.Domain.Agreements.Consent;
using Proviso.Storage;

namespace Proviso.Server.Pages.Companies;

public sealed class ConsentModel(IEventStore store, AccessService access, IClock clock) : CompanyPageModel(store, access)
{
    public Dictionary<string, string> Agreements { get; } = new();
    public Dictionary<string, string> Groups { get; } = new();
    public Dictionary<string, string> Holders { get; } = new();
    public string? Terms { get; private set; }
    public string? Group { get; private set; }
    public LocalDate AsOf { get; private set; }
    public HashSet<string> Consenting { get; private set; } = new();
    public ConsentResult? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? terms, string? group, string? asOf, string[]? consenting)
    {
        if (await LoadAsync(Need.Read) is { } stop) return stop;
        AsOf = asOf is not null && LocalDatePattern.Iso.Parse(asOf) is { Success: true } p ? p.Value : clock.GetCurrentInstant().InUtc().Date;
        var recorded = CompanyTerms.Recorded(Ledger);
        foreach (var t in recorded.Values) Agreements[t.AgreementId] = t.Title;
        Terms = terms is not null && recorded.ContainsKey(terms) ? terms : recorded.Values.FirstOrDefault(t => TermsLoader.Parse(t.AgreementId, t.Text).Consents.Count > 0)?.AgreementId;
        if (Terms is null) return Page();
        var agreement = TermsLoader.Parse(Terms, recorded[Terms].Text);
        foreach (var g in agreement.Consents.Values) Groups[g.Id] = g.Name;
        Group = group is not null && Groups.ContainsKey(group) ? group : Groups.Keys.FirstOrDefault(k => k == "majority-investors") ?? Groups.Keys.FirstOrDefault();
        var register = Ledger.Timeline.AsOf(AsOf);
        foreach (var h in register.Holders.Values.OrderBy(h => h.Name, StringComparer.Ordinal)) Holders[h.Id] = h.Name;
        Consenting = (consenting ?? []).Where(Holders.ContainsKey).ToHashSet(StringComparer.Ordinal);
        if (Group is not null) Result = ConsentEvaluator.Evaluate(agreement, Group, register, AsOf, Consenting.ToList());
        return Page();
    }
}
