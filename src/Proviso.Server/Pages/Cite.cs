using System.Net;
using Microsoft.AspNetCore.Html;
using Proviso.Domain.Agreements;

namespace Proviso.Server.Pages;

/// <summary>A citation as a link to its clause in the rendered agreement (/companies/{id}/agreements/{agreement}#{anchor}).</summary>
public static class Cite
{
    public static string Href(string companyId, Citation c) =>
        $"/companies/{Uri.EscapeDataString(companyId)}/agreements/{Uri.EscapeDataString(c.AgreementId)}#{c.Anchor}";

    public static IHtmlContent Link(string companyId, Citation? c)
    {
        if (c is null) return HtmlString.Empty;
        var title = c.Quote is { Length: > 0 } q ? $" title=\"{WebUtility.HtmlEncode(q)}\"" : "";
        return new HtmlString($"<a class=\"cite\" href=\"{WebUtility.HtmlEncode(Href(companyId, c))}\"{title}>{WebUtility.HtmlEncode(c.ToString())}</a>");
    }

    /// <summary>A citation written as "agreement s.section" (as reports print them); other text is shown as is.</summary>
    public static IHtmlContent Link(string companyId, string? text) => text is null ? HtmlString.Empty : Parse(text) is { } c ? Link(companyId, c) : new HtmlString($"<span class=\"cite\">{WebUtility.HtmlEncode(text)}</span>");

    public static Citation? Parse(string text)
    {
        var i = text.IndexOf(" s.", StringComparison.Ordinal);
        return i <= 0 || text.IndexOf(' ') != i ? null : new Citation(text[..i], text[(i + 3)..]);
    }
}
