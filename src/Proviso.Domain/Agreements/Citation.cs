namespace Proviso.Domain.Agreements;

/// <summary>
/// Where a rule, right, consent, allocation or deadline comes from: the agreement's id and the section, with an
/// optional quotation of the operative words. Every decision the engine returns carries its citations.
/// </summary>
public sealed record Citation(string AgreementId, string Section, string? Quote = null)
{
    /// <summary>"rofr-cosale-2020 s.2.2(ii)".</summary>
    public override string ToString() => $"{AgreementId} s.{Section}";

    /// <summary>An anchor id for the clause, e.g. "s-2-2-ii" for section 2.2(ii), used to link to the rendered text.</summary>
    public string Anchor => "s-" + new string(Section.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray())
        .Replace("--", "-").Trim('-');
}
