using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Time;

namespace Proviso.Application.Terms.Sections;

/// <summary>Reads <c>mechanisms: firstRefusal:</c> (ROFR s.2.2 and s.2.4 in the Cloopen terms; the NVCA stages in examples/nvca).</summary>
public sealed class FirstRefusalSection : ITermsSection
{
    public string Key => "firstRefusal";

    public MechanismTerms Read(YamlMap section, TermsContext context)
    {
        section.AllowOnly("cite", "transferors", "notice", "stages", "rounding", "closing", "nonCash", "specialOptions", "saleWindow", "note");
        var cite = context.Cite(section, "firstRefusal");
        var t = section.Required("transferors").AsMap();
        t.AllowOnly("roles", "except");
        var notice = section.Required("notice").AsMap();
        notice.AllowOnly("to", "company", "content");
        var content = new List<NoticeRequirement>();
        foreach (var n in notice.Required("content").AsList())
        {
            var m = n.AsMap();
            m.AllowOnly("element", "says", "cite");
            content.Add(new NoticeRequirement(m.Required("element").AsEnum<NoticeElement>(), m.String("says"), context.Cite(m, "a notice requirement")));
        }
        var stages = new List<RefusalStage>();
        var stageNodes = section.Required("stages").AsList().ToList();
        for (var i = 0; i < stageNodes.Count; i++)
        {
            var m = stageNodes[i].AsMap();
            m.AllowOnly("id", "name", "cite", "purchasers", "trigger", "period", "periodName", "proRata", "overAllotment", "secondaryNoticeDue", "note");
            var purchasers = m.Required("purchasers");
            var company = purchasers.AsString() == "company";
            var trigger = m.Required("trigger");
            var stage = new RefusalStage(m.String("id"), m.String("name"), context.Cite(m, $"stage '{m.String("id")}'"),
                company ? null : context.Role(purchasers), company, trigger.AsEnum<StageTrigger>(), Period(m.Required("period")), m.OptionalString("periodName") ?? "Option Period",
                m.Optional("proRata")?.AsMap() is { } pr ? ProRata(pr, context) : null,
                m.Optional("overAllotment")?.AsMap() is { } oa ? OverAllotment(oa, context) : null,
                m.Optional("secondaryNoticeDue") is { } due ? Period(due) : null);
            if (i == 0 && stage.Trigger != StageTrigger.TransferNotice) throw trigger.Error("the first stage must start on the Transfer Notice (trigger: transfer-notice)");
            if (i > 0 && stage.Trigger != StageTrigger.SecondaryNotice) throw trigger.Error("a later stage starts on the company's secondary notice (trigger: secondary-notice)");
            if (stage.OverAllotment is not null && i != stageNodes.Count - 1) throw new InputException(m.Location, "only the last stage may have over-allotment");
            if (company && stage.ProRata is not null) throw new InputException(m.Location, "a stage in which the company purchases takes all the shares; it has no proRata");
            stages.Add(stage);
        }
        if (stages.Count == 0) throw new InputException(section.Location, "firstRefusal needs at least one stage");

        var closing = section.Required("closing").AsMap();
        closing.AllowOnly("cite", "defaultDate", "noticeMayFixLaterDate");
        NonCashTerms? nonCash = null;
        if (section.Optional("nonCash")?.AsMap() is { } nc)
        {
            nc.AllowOnly("cite", "valuationDue", "closingAfterValuation", "costSplit", "note");
            var cs = nc.Required("costSplit").AsMap();
            cs.AllowOnly("reading", "cite");
            nonCash = new NonCashTerms(context.Cite(nc, "nonCash"), Period(nc.Required("valuationDue")), Period(nc.Required("closingAfterValuation")),
                cs.Required("reading").AsEnum<AppraisalCostSplit>(), context.Cite(cs, "costSplit"));
        }
        SpecialOptionTerms? special = null;
        if (section.Optional("specialOptions")?.AsMap() is { } so)
        {
            so.AllowOnly("cite", "party", "moreThan", "measure", "poolClasses", "options", "note");
            special = new SpecialOptionTerms(context.Cite(so, "specialOptions"), context.Party(so.Required("party")),
                new Threshold(TermsLoader.Percent(so.Required("moreThan")), Comparison.MoreThan), Measure(so.Required("measure").AsMap()),
                so.Required("poolClasses").AsList().Select(x => x.AsNonEmptyString()).ToList(),
                so.Required("options").AsList().Select(x => x.AsEnum<SpecialOption>()).ToList());
        }
        var w = section.Required("saleWindow").AsMap();
        w.AllowOnly("cite", "period", "from", "joinder", "revival", "note");
        var joinder = w.Required("joinder").AsMap();
        joinder.AllowOnly("required", "cite");
        var revival = w.Required("revival").AsMap();
        revival.AllowOnly("cite");
        var window = new SaleWindowTerms(context.Cite(w, "saleWindow"), Period(w.Required("period")), w.Required("from").AsEnum<SaleWindowStart>(),
            joinder.Required("required").AsBool(), context.Cite(joinder, "joinder"), context.Cite(revival, "revival"));

        return new FirstRefusalTerms(cite, TransferRestrictionsSection.Roles(t.Required("roles"), context),
            t.Optional("except") is { } ex ? TransferRestrictionsSection.Roles(ex, context) : [],
            notice.Optional("to") is { } to ? TransferRestrictionsSection.Roles(to, context) : [], notice.Optional("company")?.AsBool() ?? true,
            content, stages, section.Optional("rounding")?.AsEnum<RoundingMethod>() ?? RoundingMethod.RoundDown,
            new ClosingTerms(context.Cite(closing, "closing"), Period(closing.Required("defaultDate")), closing.Optional("noticeMayFixLaterDate")?.AsBool() ?? false),
            nonCash, special, window);
    }

    private static ProRataTerms ProRata(YamlMap m, TermsContext context)
    {
        m.AllowOnly("cite", "numerator", "denominator", "whenAboveOne", "note");
        var d = m.Required("denominator").AsMap();
        d.AllowOnly("role", "excludeTransferor", "measure", "plus", "note");
        var plus = new List<PoolAddition>();
        foreach (var n in d.Optional("plus")?.AsList() ?? [])
        {
            var pm = n.AsMap();
            pm.AllowOnly("party", "classes");
            plus.Add(new PoolAddition(context.Party(pm.Required("party")), pm.Required("classes").AsList().Select(x => x.AsNonEmptyString()).ToList()));
        }
        return new ProRataTerms(context.Cite(m, "proRata"), Measure(m.Required("numerator").AsMap()),
            new ProRataDenominator(context.Role(d.Required("role")), d.Optional("excludeTransferor")?.AsBool() ?? true, Measure(d.Required("measure").AsMap()), plus),
            m.Optional("whenAboveOne")?.AsEnum<FractionsAboveOne>() ?? FractionsAboveOne.Normalise);
    }

    private static OverAllotmentTerms OverAllotment(YamlMap m, TermsContext context)
    {
        m.AllowOnly("cite", "period", "periodName", "basis", "note");
        return new OverAllotmentTerms(context.Cite(m, "overAllotment"), Period(m.Required("period")), m.OptionalString("periodName") ?? "Extension Period", m.Required("basis").AsEnum<OverAllotmentBasis>());
    }

    /// <summary>A holding measure: <c>{ classes: [...], instrumentsAsExercised: true }</c>.</summary>
    internal static HoldingMeasure Measure(YamlMap m)
    {
        m.AllowOnly("classes", "instrumentsAsExercised", "note");
        return new HoldingMeasure(m.Required("classes").AsList().Select(x => x.AsNonEmptyString()).ToList(), m.Optional("instrumentsAsExercised")?.AsBool() ?? false);
    }

    /// <summary>A period: <c>{ days: 20 }</c>, <c>{ businessDays: 5 }</c> or <c>{ nthDay: 40 }</c>, with an optional <c>roll</c>.</summary>
    internal static PeriodTerm Period(Node n)
    {
        var m = n.AsMap();
        m.AllowOnly("days", "businessDays", "nthDay", "roll");
        var roll = m.Optional("roll")?.AsEnum<RollConvention>() ?? RollConvention.None;
        var units = new[] { "days", "businessDays", "nthDay" }.Where(m.Has).ToList();
        if (units.Count != 1) throw n.Error("a period needs exactly one of days, businessDays, nthDay (e.g. { days: 20 })");
        var count = m.Required(units[0]);
        var value = count.AsInt();
        if (value < 1) throw count.Error("a period counts at least 1");
        return units[0] switch
        {
            "days" => PeriodTerm.CalendarDays(value, roll),
            "businessDays" => PeriodTerm.BusinessDays(value),
            _ => PeriodTerm.NthDay(value, roll),
        };
    }
}
