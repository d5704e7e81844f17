using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;

namespace Proviso.Application.Terms;

/// <summary>What a section reader needs: the document (for located errors), the agreement's id, and citation reading.</summary>
public sealed class TermsContext(YamlDocument doc, string agreementId, IReadOnlySet<string> roleNames, IReadOnlySet<string> partyNames)
{
    public YamlDocument Document { get; } = doc;
    public string AgreementId { get; } = agreementId;
    public IReadOnlySet<string> RoleNames { get; } = roleNames;
    public IReadOnlySet<string> PartyNames { get; } = partyNames;

    /// <summary>
    /// The element's citation from its <c>cite</c> key: either a section ("2.2(ii)") or a mapping
    /// <c>{ section: "2.2(ii)", quote: "…" }</c>. Every element of a terms file carries its citation; a missing one is an error.
    /// </summary>
    public Citation Cite(YamlMap element, string what)
    {
        if (!element.TryGet("cite", out var node))
            throw new InputException(element.Location, $"{what} has no 'cite': every element of the terms carries the section it comes from (e.g. cite: \"2.2(ii)\")");
        if (node.Value is YamlDotNet.RepresentationModel.YamlScalarNode) return new Citation(AgreementId, node.AsNonEmptyString());
        var m = node.AsMap();
        m.AllowOnly("section", "quote");
        return new Citation(AgreementId, m.String("section"), m.OptionalString("quote"));
    }

    public string Role(Node node)
    {
        var name = node.AsNonEmptyString();
        return RoleNames.Contains(name) ? name : throw node.Error($"unknown role '{name}'; the terms define: {string.Join(", ", RoleNames.Order(StringComparer.Ordinal))}");
    }

    /// <summary>A named party ("tencent") or, failing that, a holder id as written.</summary>
    public string Party(Node node) => node.AsNonEmptyString();
}

/// <summary>
/// Reads one mechanism under <c>mechanisms:</c> in a terms file. Each mechanism contributes one reader in
/// Terms/Sections; the loader finds them all, so a new mechanism is a new file, not an edit to the loader.
/// </summary>
public interface ITermsSection
{
    /// <summary>The key under <c>mechanisms:</c>, e.g. "firstRefusal".</summary>
    string Key { get; }

    MechanismTerms Read(YamlMap section, TermsContext context);
}
