using NodaTime;
using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Agreements.DragAlong;
using Proviso.Domain.Time;

namespace Proviso.Application.Terms.Sections;

/// <summary>
/// Reads <c>mechanisms: dragAlong:</c> (ROFR s.4 in the Cloopen terms; an NVCA-style drag-along in examples/nvca).
/// docs/drag-along.md lists every key. Consent groups are referred to by id and checked against the file's
/// <c>consents:</c>; named parties by name.
/// </summary>
public sealed class DragAlongSection : ITermsSection
{
    public string Key => DragAlongDecider.Key;

    public MechanismTerms Read(YamlMap s, TermsContext ctx)
    {
        s.AllowOnly("cite", "timeZone", "beforeQualifiedIpo", "dragHolders", "approval", "valuationFloor", "sameTerms", "distribution", "notice",
            "withdrawal", "powerOfAttorney", "newOffers", "preferentialSale", "restriction", "costs", "transferRestrictions", "listingRules", "note");
        var cite = ctx.Cite(s, "dragAlong");
        var zone = s.Required("timeZone");
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone.AsString()) is null) throw zone.Error($"unknown IANA time zone '{zone.AsString()}'");

        MoneyFloor? floor = null;
        if (s.Optional("valuationFloor")?.AsMap() is { } f)
        {
            f.AllowOnly("noLessThan", "moreThan", "cite", "note");
            if (f.Has("noLessThan") == f.Has("moreThan")) throw new InputException(f.Location, "a valuation floor needs exactly one of 'noLessThan' (inclusive) or 'moreThan' (strict)");
            floor = f.Optional("noLessThan") is { } nl
                ? new MoneyFloor(nl.AsMoney(), Comparison.AtLeast, ctx.Cite(f, "valuationFloor"))
                : new MoneyFloor(f.Required("moreThan").AsMoney(), Comparison.MoreThan, ctx.Cite(f, "valuationFloor"));
        }

        var d = s.Required("distribution").AsMap();
        d.AllowOnly("waterfall", "deemedLiquidationEvent", "cite", "note");
        var waterfall = d.Required("waterfall");
        if (!ProceedsWaterfalls.TryGet(waterfall.AsString(), out _)) throw waterfall.Error($"unknown waterfall '{waterfall.AsString()}'; this version knows: {string.Join(", ", ProceedsWaterfalls.Names)}");
        var distribution = new DistributionTerms(waterfall.AsString(), d.Optional("deemedLiquidationEvent")?.AsBool() ?? false, ctx.Cite(d, "distribution"), d.OptionalString("note"));

        var n = s.Required("notice").AsMap();
        n.AllowOnly("cite", "obligations", "note");
        var obligations = new List<ObligationTerm>();
        foreach (var o in n.Required("obligations").AsList())
        {
            var m = o.AsMap();
            m.AllowOnly("id", "says", "cite");
            obligations.Add(new ObligationTerm(m.Required("id").AsEnum<DragObligation>(), m.String("says"), ctx.Cite(m, "an obligation")));
        }
        if (obligations.Count == 0) throw new InputException(n.Location, "the notice needs at least one obligation");

        var costs = s.Required("costs").AsMap();
        costs.AllowOnly("expenses", "indemnities", "ownRepresentations", "note");

        ListingRulesTerms? listing = null;
        if (s.Optional("listingRules")?.AsMap() is { } lr)
        {
            lr.AllowOnly("party", "rules", "cite");
            listing = new ListingRulesTerms(Party(lr.Required("party"), ctx), lr.String("rules"), ctx.Cite(lr, "listingRules"));
        }

        return new DragAlongTerms(cite,
            s.Optional("beforeQualifiedIpo")?.AsMap() is { } ipo ? CiteOnly(ipo, ctx, "beforeQualifiedIpo") : null,
            Group(s.Required("dragHolders").AsMap(), ctx, "dragHolders"),
            s.Optional("approval")?.AsMap() is { } ap ? Group(ap, ctx, "approval") : null,
            floor,
            CiteOnly(s.Required("sameTerms").AsMap(), ctx, "sameTerms"),
            distribution,
            new NoticeObligationsTerms(ctx.Cite(n, "notice"), obligations),
            CiteOnly(s.Required("withdrawal").AsMap(), ctx, "withdrawal"),
            CiteOnly(s.Required("powerOfAttorney").AsMap(), ctx, "powerOfAttorney"),
            s.Optional("newOffers")?.AsMap() is { } no ? NewOffers(no, ctx) : null,
            s.Optional("preferentialSale")?.AsMap() is { } ps ? Preferential(ps, ctx) : null,
            s.Optional("restriction")?.AsMap() is { } rt ? Restriction(rt, ctx) : null,
            new CostTerms(CiteOnly(costs.Required("expenses").AsMap(), ctx, "expenses"), CiteOnly(costs.Required("indemnities").AsMap(), ctx, "indemnities"),
                CiteOnly(costs.Required("ownRepresentations").AsMap(), ctx, "ownRepresentations")),
            CiteOnly(s.Required("transferRestrictions").AsMap(), ctx, "transferRestrictions"),
            listing,
            zone.AsString());
    }

    private static Citation CiteOnly(YamlMap m, TermsContext ctx, string what)
    {
        m.AllowOnly("cite", "note");
        return ctx.Cite(m, what);
    }

    private static GroupReference Group(YamlMap m, TermsContext ctx, string what)
    {
        m.AllowOnly("group", "cite", "note");
        var g = m.Required("group");
        var consents = ctx.Document.RootMap().Optional("consents")?.AsMap()?.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        if (!consents.Contains(g.AsString())) throw g.Error($"unknown consent group '{g.AsString()}' for {what}; defined: {string.Join(", ", consents.Order(StringComparer.Ordinal))}");
        return new GroupReference(g.AsString(), ctx.Cite(m, what));
    }

    private static string Party(Node n, TermsContext ctx)
    {
        var name = n.AsNonEmptyString();
        return ctx.PartyNames.Contains(name) ? name : throw n.Error($"unknown named party '{name}'; the terms name: {string.Join(", ", ctx.PartyNames.Order(StringComparer.Ordinal))}");
    }

    private static NewOfferTerms NewOffers(YamlMap m, TermsContext ctx)
    {
        m.AllowOnly("cite", "exclusionClause", "otherwise", "highestPrice", "soonestSigning", "fallback", "determinedOfferor", "note");
        var x = m.Required("exclusionClause").AsMap();
        x.AllowOnly("cite", "limit", "longerNeeds", "limitCite", "note");
        var limit = x.Optional("limit") is { } l ? Period(l) : null;
        var needs = x.Optional("longerNeeds")?.AsList().Select(p => Party(p, ctx)).ToList() ?? [];
        if (limit is not null && !x.Has("limitCite")) throw new InputException(x.Location, "an exclusion-clause limit needs 'limitCite': the words that set it");
        var limitCite = x.Optional("limitCite") is { } lc ? CiteNode(lc, ctx) : ctx.Cite(x, "exclusionClause");
        return new NewOfferTerms(ctx.Cite(m, "newOffers"), ctx.Cite(x, "exclusionClause"), limit, needs, limitCite,
            CiteOnly(m.Required("otherwise").AsMap(), ctx, "otherwise"), CiteOnly(m.Required("highestPrice").AsMap(), ctx, "highestPrice"),
            CiteOnly(m.Required("soonestSigning").AsMap(), ctx, "soonestSigning"), CiteOnly(m.Required("fallback").AsMap(), ctx, "fallback"),
            CiteOnly(m.Required("determinedOfferor").AsMap(), ctx, "determinedOfferor"));
    }

    private static Citation CiteNode(Node n, TermsContext ctx)
    {
        if (n.Value is YamlDotNet.RepresentationModel.YamlScalarNode) return new Citation(ctx.AgreementId, n.AsNonEmptyString());
        var m = n.AsMap();
        m.AllowOnly("section", "quote");
        return new Citation(ctx.AgreementId, m.String("section"), m.OptionalString("quote"));
    }

    private static PreferentialSaleTerms Preferential(YamlMap m, TermsContext ctx)
    {
        m.AllowOnly("cite", "buyOutWindow", "signingWindow", "reverts", "forfeiture", "notADeemedLiquidationEvent", "note");
        var (buyOut, buyOutCite) = Window(m.Required("buyOutWindow").AsMap(), ctx, "buyOutWindow");
        var (signing, signingCite) = Window(m.Required("signingWindow").AsMap(), ctx, "signingWindow");
        return new PreferentialSaleTerms(ctx.Cite(m, "preferentialSale"), buyOut, buyOutCite, signing, signingCite,
            CiteOnly(m.Required("reverts").AsMap(), ctx, "reverts"), CiteOnly(m.Required("forfeiture").AsMap(), ctx, "forfeiture"),
            CiteOnly(m.Required("notADeemedLiquidationEvent").AsMap(), ctx, "notADeemedLiquidationEvent"));
    }

    private static RestrictionTerms Restriction(YamlMap m, TermsContext ctx)
    {
        m.AllowOnly("restrictionPeriod", "releasePeriod", "specialSaleParties", "successorTerms", "noNewNoticeDuringRelease", "newNoticeAfterRelease",
            "notConsummatedInTime", "consummatedInTime", "note");
        var (restriction, restrictionCite) = Window(m.Required("restrictionPeriod").AsMap(), ctx, "restrictionPeriod");
        var (release, releaseCite) = Window(m.Required("releasePeriod").AsMap(), ctx, "releasePeriod");
        return new RestrictionTerms(restriction, restrictionCite, release, releaseCite,
            m.Required("specialSaleParties").AsList().Select(p => Party(p, ctx)).ToList(),
            CiteOnly(m.Required("successorTerms").AsMap(), ctx, "successorTerms"),
            CiteOnly(m.Required("noNewNoticeDuringRelease").AsMap(), ctx, "noNewNoticeDuringRelease"),
            CiteOnly(m.Required("newNoticeAfterRelease").AsMap(), ctx, "newNoticeAfterRelease"),
            CiteOnly(m.Required("notConsummatedInTime").AsMap(), ctx, "notConsummatedInTime"),
            CiteOnly(m.Required("consummatedInTime").AsMap(), ctx, "consummatedInTime"));
    }

    private static (PeriodTerm, Citation) Window(YamlMap m, TermsContext ctx, string what)
    {
        m.AllowOnly("period", "cite", "note");
        return (Period(m.Required("period")), ctx.Cite(m, what));
    }

    /// <summary>A period: <c>{ months: 12, monthEnd: clamp-to-last-day }</c>, or the day periods of <see cref="FirstRefusalSection.Period"/>.</summary>
    internal static PeriodTerm Period(Node n)
    {
        var m = n.AsMap();
        if (!m.Has("months")) return FirstRefusalSection.Period(n);
        m.AllowOnly("months", "monthEnd");
        var count = m.Required("months");
        if (count.AsInt() < 1) throw count.Error("a period counts at least 1");
        return PeriodTerm.Months(count.AsInt(), m.Required("monthEnd").AsEnum<MonthEndRule>());
    }
}
