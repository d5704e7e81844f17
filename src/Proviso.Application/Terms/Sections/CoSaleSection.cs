using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.CoSale;

namespace Proviso.Application.Terms.Sections;

/// <summary>Reads <c>mechanisms: coSale:</c> (ROFR s.2.3 in the Cloopen terms).</summary>
public sealed class CoSaleSection : ITermsSection
{
    public string Key => "coSale";

    public MechanismTerms Read(YamlMap section, TermsContext context)
    {
        section.AllowOnly("cite", "eligible", "periodStage", "period", "periodName", "entitlement", "conversion", "purchaserRefusal", "note");
        var e = section.Required("entitlement").AsMap();
        e.AllowOnly("cite", "numerator", "denominator", "note");
        var conversion = section.Required("conversion").AsMap();
        conversion.AllowOnly("cite");
        var refusal = section.Required("purchaserRefusal").AsMap();
        refusal.AllowOnly("cite");
        return new CoSaleTerms(context.Cite(section, "coSale"), context.Role(section.Required("eligible")), section.String("periodStage"),
            FirstRefusalSection.Period(section.Required("period")), section.OptionalString("periodName") ?? "co-sale period",
            FirstRefusalSection.Measure(e.Required("numerator").AsMap()), FirstRefusalSection.Measure(e.Required("denominator").AsMap()),
            context.Cite(e, "co-sale entitlement"), context.Cite(conversion, "conversion"), context.Cite(refusal, "purchaserRefusal"));
    }
}
