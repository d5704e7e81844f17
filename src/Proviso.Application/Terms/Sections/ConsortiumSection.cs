using NodaTime;
using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Quantities;
using Proviso.Domain.Time;

namespace Proviso.Application.Terms.Sections;

/// <summary>
/// Reads the <c>consortium</c> section of a terms file (docs/consortium.md) into <see cref="ConsortiumTerms"/>: parties
/// and roles, the Exclusivity Period, confidentiality, notices, admission, commitments, the restricted acts, the
/// approach-notice horizon, costs and termination. Every element carries its <c>cite</c>; every error names the file,
/// line and column.
/// </summary>
public sealed class ConsortiumSection : ITermsSection
{
    /// <inheritdoc />
    public string Key => ConsortiumTerms.Key;

    /// <inheritdoc />
    public MechanismTerms Read(YamlMap section, TermsContext context)
    {
        section.AllowOnly("cite", "note", "parties", "roles", "exclusivity", "confidentiality", "notices", "admission", "commitments", "actions", "approachNotification", "costs", "termination");
        var cite = context.Cite(section, "the consortium section");

        var parties = new List<ConsortiumParty>();
        var partiesNode = section.Required("parties").AsMap();
        foreach (var id in partiesNode.Keys)
        {
            var p = partiesNode.Required(id).AsMap();
            p.AllowOnly("name", "role", "holder", "cite", "note");
            var role = p.Required("role").AsEnum<ConsortiumRole>();
            if (role == ConsortiumRole.AdditionalSponsor)
                throw p.Required("role").Error("Additional Sponsors are admitted by a Deed of Adherence (a ledger event), not named in the terms; the terms name the CEO Entity and the Initial Sponsor");
            parties.Add(new ConsortiumParty(id, p.String("name"), role, p.OptionalString("holder"), context.Cite(p, $"consortium party '{id}'")));
        }

        foreach (var role in new[] { ConsortiumRole.CeoEntity, ConsortiumRole.InitialSponsor })
        {
            var count = parties.Count(p => p.Role == role);
            if (count != 1) throw new InputException(partiesNode.Location, $"the consortium's parties must name exactly one {Node.Kebab(role.ToString())}; found {count}");
        }

        var partyIds = parties.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var roles = new List<PartySetDefinition>();
        var rolesNode = section.Required("roles").AsMap();
        foreach (var key in rolesNode.Keys)
        {
            var keyNode = rolesNode.Required(key);
            var set = Node.Of(context.Document, keyNode.Value, "a role").AsEnumFromKey<PartySet>(key);
            var m = keyNode.AsMap();
            m.AllowOnly("title", "cite", "note");
            roles.Add(new PartySetDefinition(set, m.String("title"), context.Cite(m, $"role '{key}'")));
        }

        var ex = section.Required("exclusivity").AsMap();
        ex.AllowOnly("cite", "months", "monthEnd", "timeZone", "endsEarlyOn", "note");
        var exclusivity = new ExclusivityTerms(context.Cite(ex, "exclusivity"),
            PeriodTerm.Months(ex.Required("months").AsInt(), ex.Required("monthEnd").AsEnum<MonthEndRule>()),
            Zone(ex.Required("timeZone")),
            ex.Optional("endsEarlyOn")?.AsList().Select(n => n.AsNonEmptyString()).ToList() ?? []);

        var co = section.Required("confidentiality").AsMap();
        co.AllowOnly("cite", "months", "monthEnd", "timeZone", "executedOn", "note");
        var confidentiality = new ConfidentialityTerms(context.Cite(co, "confidentiality"),
            PeriodTerm.Months(co.Required("months").AsInt(), co.Required("monthEnd").AsEnum<MonthEndRule>()),
            co.Optional("executedOn")?.AsDate(), Zone(co.Required("timeZone")));

        var notices = ReadNotices(section.Required("notices").AsMap(), context, partyIds);

        var ad = section.Required("admission").AsMap();
        ad.AllowOnly("cite", "decidedBy", "instrument", "authority", "note");
        var authority = ad.Required("authority").AsMap();
        authority.AllowOnly("cite", "note");
        var admission = new AdmissionTerms(context.Cite(ad, "admission"), ad.Required("decidedBy").AsEnum<PartySet>(), ad.String("instrument"), context.Cite(authority, "admission authority"));

        var cm = section.Required("commitments").AsMap();
        cm.AllowOnly("cite", "currency", "rollover", "note");
        var currencyNode = cm.Required("currency");
        if (!Currency.TryOf(currencyNode.AsString(), out var currency)) throw currencyNode.Error($"unknown currency '{currencyNode.AsString()}'; known: {string.Join(", ", Currency.SupportedCodes)}");
        var rollover = cm.Required("rollover").AsMap();
        rollover.AllowOnly("cite", "note");
        var commitments = new CommitmentTerms(context.Cite(cm, "commitments"), currency, context.Cite(rollover, "rollover"));

        var actions = new Dictionary<string, ActionRule>(StringComparer.Ordinal);
        var actionsNode = section.Required("actions").AsMap();
        foreach (var id in actionsNode.Keys) actions[id] = ReadAction(id, actionsNode.Required(id).AsMap(), context);

        var an = section.Required("approachNotification").AsMap();
        an.AllowOnly("cite", "horizon", "basis", "note");
        var horizon = an.Required("horizon").AsMap();
        horizon.AllowOnly("businessDays", "days");
        if (horizon.Has("businessDays") == horizon.Has("days"))
            throw new InputException(horizon.Location, "the horizon for \"promptly\" needs exactly one of businessDays or days");
        var period = horizon.Optional("businessDays") is { } bd ? PeriodTerm.BusinessDays(bd.AsInt()) : PeriodTerm.CalendarDays(horizon.Required("days").AsInt());
        var approach = new ApproachNotificationTerms(context.Cite(an, "approachNotification"), period, an.String("basis"));

        var cs = section.Required("costs").AsMap();
        cs.AllowOnly("cite", "closing", "failureWithoutBreach", "failureByBreach", "breakFees", "separateAdvisors", "several", "rounding", "note");
        _ = context.Cite(cs, "costs");
        var costs = new CostTerms(Sub(cs, "closing", context), Sub(cs, "failureWithoutBreach", context), Sub(cs, "failureByBreach", context),
            Sub(cs, "breakFees", context), Sub(cs, "separateAdvisors", context), Sub(cs, "several", context), cs.Required("rounding").AsEnum<RoundingPolicy>());

        var tm = section.Required("termination").AsMap();
        tm.AllowOnly("cite", "cessation", "exclusivityExpiry", "companyStopsNegotiating", "mutualAgreement", "effectOfCessation", "effectOfTermination", "noOtherLiability", "survives", "note");
        _ = context.Cite(tm, "termination");
        var survives = tm.Required("survives").AsList().Select(n =>
        {
            var m = n.AsMap();
            m.AllowOnly("ref", "title");
            return new SurvivingProvision(m.String("ref"), m.String("title"));
        }).ToList();
        var termination = new TerminationTerms(Sub(tm, "cessation", context), Sub(tm, "exclusivityExpiry", context), Sub(tm, "companyStopsNegotiating", context),
            Sub(tm, "mutualAgreement", context), Sub(tm, "effectOfCessation", context), Sub(tm, "effectOfTermination", context), Sub(tm, "noOtherLiability", context), survives);

        return new ConsortiumTerms(cite, parties, roles, exclusivity, confidentiality, notices, admission, commitments, actions, approach, costs, termination);
    }

    private static NoticeTerms ReadNotices(YamlMap m, TermsContext context, IReadOnlySet<string> partyIds)
    {
        m.AllowOnly("cite", "cutoff", "copy", "addresses", "note");
        var copy = m.Required("copy").AsMap();
        copy.AllowOnly("cite", "conditionOfEffectiveness", "note");
        var addresses = new List<NoticeAddressTerm>();
        foreach (var n in m.Required("addresses").AsList())
        {
            var a = n.AsMap();
            a.AllowOnly("party", "copy", "name", "address", "attention", "email", "timeZone", "cite");
            var party = a.Required("party");
            if (!partyIds.Contains(party.AsString())) throw party.Error($"unknown consortium party '{party.AsString()}'; the parties are: {string.Join(", ", partyIds)}");
            var zone = a.Required("timeZone");
            _ = Zone(zone);
            addresses.Add(new NoticeAddressTerm(party.AsString(), a.Optional("copy")?.AsBool() ?? false, a.String("name"), a.String("address"),
                a.OptionalString("attention"), a.OptionalString("email"), zone.AsString(), context.Cite(a, "a notice address")));
        }

        return new NoticeTerms(context.Cite(m, "notices"), m.Required("cutoff").AsTime(), copy.Required("conditionOfEffectiveness").AsBool(), context.Cite(copy, "notices.copy"), addresses);
    }

    private static ActionRule ReadAction(string id, YamlMap m, TermsContext context)
    {
        m.AllowOnly("title", "cite", "window", "outside", "prohibited", "allowed", "consent", "onlyBy", "carveouts", "note");
        var cite = context.Cite(m, $"action '{id}'");
        var requirement = Requirement(m, $"action '{id}'");
        var carveouts = new List<Carveout>();
        foreach (var n in m.Optional("carveouts")?.AsList() ?? [])
        {
            var c = n.AsMap();
            c.AllowOnly("fact", "description", "cite", "prohibited", "allowed", "consent", "onlyBy", "onlyFor", "obligation", "note");
            carveouts.Add(new Carveout(c.String("fact"), c.String("description"), context.Cite(c, $"a carve-out of '{id}'"), Requirement(c, $"a carve-out of '{id}'"),
                c.Optional("onlyFor")?.AsEnum<PartySet>(), c.OptionalString("obligation")));
        }

        return new ActionRule(id, m.String("title"), cite, m.Required("window").AsEnum<ActionWindow>(), m.Optional("outside")?.AsEnum<OutsideWindow>() ?? OutsideWindow.Unrestricted, requirement, carveouts);
    }

    private static ActionRequirement Requirement(YamlMap m, string what)
    {
        var kinds = new[] { "prohibited", "allowed", "consent", "onlyBy" }.Count(m.Has);
        if (kinds != 1) throw new InputException(m.Location, $"{what} needs exactly one of: prohibited: true, allowed: true, consent: {{ of, written, prior, self }}, onlyBy: ROLE");
        if (m.Optional("prohibited") is { } p)
        {
            if (!p.AsBool()) throw p.Error("write 'prohibited: true' (or use allowed, consent or onlyBy)");
            return new ActionRequirement.Prohibited();
        }

        if (m.Optional("allowed") is { } a)
        {
            if (!a.AsBool()) throw a.Error("write 'allowed: true' (or use prohibited, consent or onlyBy)");
            return new ActionRequirement.Allowed();
        }

        if (m.Optional("onlyBy") is { } o) return new ActionRequirement.OnlyBy(o.AsEnum<PartySet>());
        var c = m.Required("consent").AsMap();
        c.AllowOnly("of", "written", "prior", "self");
        return new ActionRequirement.Consent(c.Required("of").AsEnum<PartySet>(), c.Required("written").AsBool(), c.Required("prior").AsBool(), c.Required("self").AsEnum<SelfConsent>());
    }

    private static Citation Sub(YamlMap parent, string key, TermsContext context)
    {
        var m = parent.Required(key).AsMap();
        m.AllowOnly("cite", "note");
        return context.Cite(m, key);
    }

    private static DateTimeZone Zone(Node n) =>
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(n.AsString()) ?? throw n.Error($"unknown time zone '{n.AsString()}'; expected an IANA id such as Asia/Hong_Kong");
}

/// <summary>Reads an enum value from a mapping key (e.g. <c>initialMembers:</c>), with the same located error as values.</summary>
internal static class NodeKeyExtensions
{
    public static T AsEnumFromKey<T>(this Node node, string key) where T : struct, Enum
    {
        var text = key.Replace("-", "").Replace("_", "");
        foreach (var name in Enum.GetNames<T>())
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) return Enum.Parse<T>(name);
        throw node.Error($"unknown role '{key}'; expected one of {string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}");
    }
}
