using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Transfers;

namespace Proviso.Application.Terms.Sections;

/// <summary>Reads <c>mechanisms: transferRestrictions:</c> (ROFR s.2.1, 2.5, 2.6, 3 in the Cloopen terms).</summary>
public sealed class TransferRestrictionsSection : ITermsSection
{
    public string Key => "transferRestrictions";

    public MechanismTerms Read(YamlMap section, TermsContext context)
    {
        section.AllowOnly("cite", "restricted", "permitted", "continuingLiability", "free", "lockUp", "note");
        var cite = context.Cite(section, "transferRestrictions");
        var r = section.Required("restricted").AsMap();
        r.AllowOnly("cite", "roles", "except", "consent", "holdingCompanies", "indirect", "void", "note");
        var indirect = r.Required("indirect").AsMap();
        indirect.AllowOnly("cite");
        var voidMap = r.Required("void").AsMap();
        voidMap.AllowOnly("cite");
        var restricted = new RestrictedTransferors(
            Roles(r.Required("roles"), context), r.Optional("except") is { } ex ? Roles(ex, context) : [],
            r.String("consent"), r.Optional("holdingCompanies") is { } hc ? context.Role(hc) : null,
            context.Cite(r, "restricted"), context.Cite(indirect, "indirect"), context.Cite(voidMap, "void"));

        var permitted = new List<PermittedTransferCategory>();
        foreach (var n in section.Optional("permitted")?.AsList() ?? [])
        {
            var m = n.AsMap();
            m.AllowOnly("id", "cite", "description", "transferors", "relationships", "lawful", "estatePlanningEvidence", "joinder", "note");
            permitted.Add(new PermittedTransferCategory(m.String("id"), m.String("description"), Roles(m.Required("transferors"), context),
                m.Required("relationships").AsList().Select(x => x.AsEnum<PermittedRelationship>()).ToList(),
                m.Optional("lawful")?.AsBool() ?? true, m.Optional("estatePlanningEvidence")?.AsBool() ?? false, m.Optional("joinder")?.AsBool() ?? true,
                context.Cite(m, $"permitted category '{m.String("id")}'")));
        }
        var liability = section.Required("continuingLiability").AsMap();
        liability.AllowOnly("cite");

        FreeTransferTerms? free = null;
        if (section.Optional("free")?.AsMap() is { } f)
        {
            f.AllowOnly("cite", "roles", "competitors", "joinder", "note");
            var comp = f.Required("competitors").AsMap();
            comp.AllowOnly("cite", "list", "note");
            free = new FreeTransferTerms(Roles(f.Required("roles"), context),
                comp.Optional("list")?.AsList().Select(x => x.AsNonEmptyString()).ToList() ?? [],
                f.Optional("joinder")?.AsBool() ?? true, context.Cite(f, "free"), context.Cite(comp, "competitors"));
        }
        LockUpTerms? lockUp = null;
        if (section.Optional("lockUp")?.AsMap() is { } l)
        {
            l.AllowOnly("cite", "maxDays", "roles", "note");
            lockUp = new LockUpTerms(l.Required("maxDays").AsInt(), Roles(l.Required("roles"), context), context.Cite(l, "lockUp"));
        }
        return new TransferRestrictionTerms(cite, restricted, permitted, context.Cite(liability, "continuingLiability"), free, lockUp);
    }

    internal static IReadOnlyList<string> Roles(Node n, TermsContext context) => n.AsList().Select(context.Role).ToList();
}
