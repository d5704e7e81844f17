using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Proviso.Application.Access;
using Proviso.Application.Documents;
using Proviso.Application.Terms;
using Proviso.Server.Hosting;
using Proviso.Storage;

namespace Proviso.Server.Pages.Companies;

public sealed class AgreementsModel(IEventStore store, AccessService access, IOptions<ProvisoServerOptions> options, IWebHostEnvironment env) : CompanyPageModel(store, access)
{
    public Dictionary<string, string> List { get; } = new();
    public string? AgreementId { get; private set; }
    public string? Title { get; private set; }
    public string? TermsText { get; private set; }
    public IReadOnlyList<TextParagraph> Paragraphs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? agreementId)
    {
        if (await LoadAsync(Need.Read) is { } stop) return stop;
        var recorded = CompanyTerms.Recorded(Ledger);
        foreach (var t in recorded.Values) List[t.AgreementId] = t.Title;
        if (agreementId is null) return Page();
        if (!recorded.TryGetValue(agreementId, out var terms)) return NotFound();
        AgreementId = agreementId;
        Title = terms.Title;
        TermsText = terms.Text;
        var example = options.Value.ResolveExample(env.ContentRootPath);
        var companyDir = example.Length > 0 && Path.GetFileName(Path.GetFullPath(example).TrimEnd('/')) == CompanyId ? example : Path.Combine(env.ContentRootPath, "examples", CompanyId);
        if (AgreementText.Find(companyDir, agreementId) is { } path) Paragraphs = AgreementText.Parse(await System.IO.File.ReadAllTextAsync(path));
        return Page();
    }
}
