using System.Reflection;
using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Agreements.Parties;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Time;

namespace Proviso.Application.Terms;

/// <summary>
/// Loads an agreement's terms from YAML (docs/terms-format.md, schema docs/terms.schema.json). Every error names the
/// file, line and column and what was expected.
/// </summary>
public static class TermsLoader
{
    private static readonly IReadOnlyDictionary<string, ITermsSection> Sections = Proviso.Application.Discovery.All<ITermsSection>(typeof(TermsLoader).Assembly)
        .ToDictionary(s => s.Key, StringComparer.Ordinal);

    public static IEnumerable<string> MechanismKeys => Sections.Keys.Order(StringComparer.Ordinal);

    public static Agreement Load(string path) => Read(YamlDocument.Load(path));

    public static Agreement Parse(string file, string text) => Read(YamlDocument.Parse(file, text));

    public static Agreement Read(YamlDocument doc)
    {
        var root = doc.RootMap();
        root.AllowOnly("agreement", "parties", "named", "definitions", "consents", "mechanisms");
        var head = root.Required("agreement").AsMap();
        head.AllowOnly("id", "title", "date", "company", "source", "note");
        var id = head.String("id");
        var date = head.Required("date").AsDate();

        // Roles and named parties first, so that everything after can be checked against them.
        var partiesNode = root.Optional("parties")?.AsMap();
        var roleNames = partiesNode?.Keys.ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>(StringComparer.Ordinal);
        var namedNode = root.Optional("named")?.AsMap();
        var partyNames = namedNode?.Keys.ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>(StringComparer.Ordinal);
        var ctx = new TermsContext(doc, id, roleNames, partyNames);

        var roles = new Dictionary<string, Role>(StringComparer.Ordinal);
        if (partiesNode is not null)
            foreach (var name in partiesNode.Keys)
                roles[name] = ReadRole(name, partiesNode.Required(name).AsMap(), ctx);

        var named = new Dictionary<string, NamedParty>(StringComparer.Ordinal);
        if (namedNode is not null)
        {
            foreach (var name in namedNode.Keys)
            {
                var m = namedNode.Required(name).AsMap();
                m.AllowOnly("holder", "cite");
                named[name] = new NamedParty(name, m.String("holder"), ctx.Cite(m, $"named party '{name}'"));
            }
        }

        BusinessDayDefinition? businessDay = null;
        var affiliate = AffiliateDefinition.ControlOnly(new Citation(id, "(default: control only)"));
        if (root.Optional("definitions")?.AsMap() is { } defs)
        {
            defs.AllowOnly("businessDay", "affiliate");
            if (defs.Optional("businessDay")?.AsMap() is { } bd)
            {
                bd.AllowOnly("cite", "term", "excludeWeekends", "jurisdictions");
                var jurisdictions = bd.Required("jurisdictions").AsList().Select(n => n.AsNonEmptyString()).ToList();
                foreach (var j in bd.Required("jurisdictions").AsList())
                    if (!CalendarCatalog.BuiltIn.TryGet(j.AsString(), out _))
                        throw j.Error($"unknown calendar '{j.AsString()}'; built in: {string.Join(", ", CalendarCatalog.BuiltIn.Ids)}");
                businessDay = new BusinessDayDefinition(bd.Required("excludeWeekends").AsBool(), jurisdictions, ctx.Cite(bd, "businessDay"), bd.OptionalString("term") ?? "Business Day");
            }
            if (defs.Optional("affiliate")?.AsMap() is { } af)
            {
                af.AllowOnly("cite", "kinds", "extendedFor");
                var kinds = af.Required("kinds").AsList().Select(n => n.AsEnum<ControlKind>()).ToHashSet();
                string? role = null;
                var extended = new HashSet<ControlKind>();
                if (af.Optional("extendedFor")?.AsMap() is { } ext)
                {
                    ext.AllowOnly("role", "kinds");
                    role = ctx.Role(ext.Required("role"));
                    extended = ext.Required("kinds").AsList().Select(n => n.AsEnum<ControlKind>()).ToHashSet();
                }
                affiliate = new AffiliateDefinition(ctx.Cite(af, "affiliate"), kinds, role, extended);
            }
        }

        var consents = new Dictionary<string, ConsentGroup>(StringComparer.Ordinal);
        var consentsNode = root.Optional("consents")?.AsMap();
        var groupIds = consentsNode?.Keys.ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>(StringComparer.Ordinal);
        if (consentsNode is not null)
            foreach (var gid in consentsNode.Keys)
                consents[gid] = ReadConsentGroup(gid, consentsNode.Required(gid).AsMap(), ctx, groupIds);

        var mechanisms = new Dictionary<string, MechanismTerms>(StringComparer.Ordinal);
        if (root.Optional("mechanisms")?.AsMap() is { } mech)
        {
            foreach (var key in mech.Keys)
            {
                if (!Sections.TryGetValue(key, out var reader))
                    throw new InputException(mech.Location, $"unknown mechanism '{key}'; this version of Proviso knows: {string.Join(", ", MechanismKeys)}");
                mechanisms[key] = reader.Read(mech.Required(key).AsMap(), ctx);
            }
        }

        var agreement = new Agreement(id, head.String("title"), date, head.String("company"), head.OptionalString("source"),
            roles, named, businessDay, affiliate, consents, mechanisms);
        CheckCycles(agreement, doc);
        return agreement;
    }

    private static Role ReadRole(string name, YamlMap m, TermsContext ctx)
    {
        m.AllowOnly("title", "cite", "members", "holdersOf", "include", "exclude", "note");
        var members = new List<RoleMember>();
        foreach (var n in m.Optional("members")?.AsList() ?? [])
        {
            if (n.Value is YamlDotNet.RepresentationModel.YamlScalarNode) members.Add(new RoleMember(n.AsNonEmptyString()));
            else
            {
                var mm = n.AsMap();
                mm.AllowOnly("holder", "afterFullExerciseOf", "note");
                members.Add(new RoleMember(mm.String("holder"), mm.OptionalString("afterFullExerciseOf")));
            }
        }
        return new Role(name, m.OptionalString("title") ?? name, ctx.Cite(m, $"role '{name}'"), members,
            m.Optional("holdersOf")?.AsList().Select(n => n.AsNonEmptyString()).ToList() ?? [],
            m.Optional("include")?.AsList().Select(ctx.Role).ToList() ?? [],
            m.Optional("exclude")?.AsList().Select(ctx.Role).ToList() ?? []);
    }

    private static ConsentGroup ReadConsentGroup(string id, YamlMap m, TermsContext ctx, IReadOnlySet<string> groupIds)
    {
        m.AllowOnly("name", "cite", "allOf", "note");
        var prongs = new List<ConsentProng>();
        var i = 0;
        foreach (var n in m.Required("allOf").AsList())
        {
            i++;
            var p = n.AsMap();
            p.AllowOnly("label", "cite", "threshold", "mustInclude", "group", "parties", "note");
            var label = p.OptionalString("label") ?? $"({i})";
            var cite = ctx.Cite(p, $"prong {label} of consent group '{id}'");
            var kinds = new[] { "threshold", "group", "parties" }.Count(p.Has);
            if (kinds != 1) throw new InputException(p.Location, $"prong {label} of '{id}' needs exactly one of: threshold, group, parties");
            if (p.Optional("group") is { } g)
            {
                var gid = g.AsNonEmptyString();
                if (!groupIds.Contains(gid)) throw g.Error($"unknown consent group '{gid}'; defined: {string.Join(", ", groupIds.Order(StringComparer.Ordinal))}");
                prongs.Add(new GroupProng(label, cite, gid));
            }
            else if (p.Optional("parties") is { } parties)
            {
                prongs.Add(new PartiesProng(label, cite, parties.AsList().Select(ctx.Party).ToList()));
            }
            else
            {
                var t = p.Required("threshold").AsMap();
                t.AllowOnly("classes", "moreThan", "noLessThan", "measure", "instrumentsAsExercised");
                if (t.Has("moreThan") == t.Has("noLessThan"))
                    throw new InputException(t.Location, "a threshold needs exactly one of 'moreThan' (strict) or 'noLessThan' (inclusive), e.g. moreThan: 50%");
                var threshold = t.Optional("moreThan") is { } mt
                    ? new Threshold(Percent(mt), Comparison.MoreThan)
                    : new Threshold(Percent(t.Required("noLessThan")), Comparison.AtLeast);
                var measure = t.Optional("measure")?.AsEnum<ConsentMeasure>() ?? ConsentMeasure.AsConverted;
                var must = new List<RequiredConsenter>();
                foreach (var r in p.Optional("mustInclude")?.AsList() ?? [])
                {
                    var rm = r.AsMap();
                    rm.AllowOnly("party", "cite", "whileHolding", "afterExerciseOf", "note");
                    ShareCount? min = null;
                    string? cls = null;
                    if (rm.Optional("whileHolding")?.AsMap() is { } wh)
                    {
                        wh.AllowOnly("class", "atLeast");
                        cls = wh.String("class");
                        min = wh.Required("atLeast").AsShares();
                    }
                    must.Add(new RequiredConsenter(ctx.Party(rm.Required("party")), min, cls, rm.OptionalString("afterExerciseOf"), ctx.Cite(rm, "a required consenter")));
                }
                prongs.Add(new ThresholdProng(label, cite, t.Required("classes").AsList().Select(c => c.AsNonEmptyString()).ToList(),
                    threshold, measure, t.Optional("instrumentsAsExercised")?.AsBool() ?? false, must));
            }
        }
        return new ConsentGroup(id, m.OptionalString("name") ?? id, ctx.Cite(m, $"consent group '{id}'"), prongs);
    }

    /// <summary>A percentage as written: "50%", "67%", or an exact fraction "1/2".</summary>
    public static Fraction Percent(Node n)
    {
        var f = n.AsFraction();
        if (!n.AsString().Contains('%') && f > Fraction.One) throw n.Error($"expected a percentage such as 50% or a fraction such as 1/2, found '{n.AsString()}'");
        if (f.Sign < 0 || f > Fraction.One) throw n.Error($"a percentage must be between 0% and 100%, found '{n.AsString()}'");
        return f;
    }

    private static void CheckCycles(Agreement a, YamlDocument doc)
    {
        foreach (var g in a.Consents.Keys) Visit(g, []);

        void Visit(string gid, List<string> path)
        {
            if (path.Contains(gid)) throw new InputException(new InputLocation(doc.File, 0, 0), $"consent group '{gid}' is defined in terms of itself: {string.Join(" -> ", path.Append(gid))}");
            path.Add(gid);
            foreach (var p in a.Consents[gid].Prongs.OfType<GroupProng>()) Visit(p.GroupId, path);
            path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>
    /// Checks the terms against a company's register: every holder, class and instrument they name exists. Returns the
    /// problems (empty when consistent).
    /// </summary>
    public static IReadOnlyList<string> CheckAgainst(Agreement a, Register register)
    {
        var problems = new List<string>();
        void Holder(string h, string where)
        {
            if (!register.Holders.ContainsKey(h)) problems.Add($"{where}: holder '{h}' is not on the register of '{a.CompanyId}'");
        }
        void Class(string c, string where)
        {
            if (!register.Classes.ContainsKey(c)) problems.Add($"{where}: class '{c}' is not on the register of '{a.CompanyId}'");
        }
        foreach (var r in a.Roles.Values)
        {
            foreach (var m in r.Members)
            {
                Holder(m.HolderId, $"role '{r.Name}'");
                if (m.AfterFullExerciseOf is { } ins && !register.Instruments.ContainsKey(ins)) problems.Add($"role '{r.Name}': instrument '{ins}' is not on the register");
            }
            foreach (var c in r.HoldersOfClasses) Class(c, $"role '{r.Name}'");
        }
        foreach (var p in a.NamedParties.Values) Holder(p.HolderId, $"named party '{p.Name}'");
        foreach (var g in a.Consents.Values)
        {
            foreach (var p in g.Prongs)
            {
                switch (p)
                {
                    case ThresholdProng t:
                        foreach (var c in t.Classes) Class(c, $"consent group '{g.Id}' {t.Label}");
                        foreach (var rc in t.MustInclude)
                        {
                            Holder(a.HolderOf(rc.Party), $"consent group '{g.Id}' {t.Label}");
                            if (rc.MinimumHoldingClass is { } mc) Class(mc, $"consent group '{g.Id}' {t.Label}");
                        }
                        break;
                    case PartiesProng pp:
                        foreach (var party in pp.Parties) Holder(a.HolderOf(party), $"consent group '{g.Id}' {pp.Label}");
                        break;
                }
            }
        }
        return problems;
    }
}
