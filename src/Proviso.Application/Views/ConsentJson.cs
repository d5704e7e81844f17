using Proviso.Domain.Agreements.Consent;

namespace Proviso.Application.Views;

/// <summary>The stable JSON shape of a consent evaluation (docs/cli.md).</summary>
public static class ConsentJson
{
    public static object From(ConsentResult r) => new
    {
        agreement = r.AgreementId,
        group = r.GroupId,
        name = r.GroupName,
        citation = r.Citation.ToString(),
        asOf = r.AsOf.ToString("yyyy-MM-dd", null),
        consenting = r.Consenting,
        satisfied = r.Satisfied,
        prongs = r.Prongs.Select(Prong).ToList(),
        smallestFurtherConsents = r.SmallestFurtherConsents,
        smallestIsProven = r.SmallestIsProven,
        interpretations = r.Interpretations,
    };

    private static object Prong(ProngResult p) => new
    {
        label = p.Label,
        description = p.Description,
        citation = p.Citation.ToString(),
        satisfied = p.Satisfied,
        numerator = p.Numerator?.ToString(),
        denominator = p.Denominator?.ToString(),
        share = p.Share?.ToString(),
        percent = p.Share?.ToPercentString(6),
        threshold = p.Threshold?.ToString(),
        required = p.Required.Select(x => new { party = x.Party, holder = x.HolderId, required = x.Required, given = x.Given, reason = x.Reason, citation = x.Citation.ToString() }).ToList(),
        smallestFurtherConsents = p.SmallestFurtherConsents,
        nested = p.Nested is null ? null : From(p.Nested),
    };
}
