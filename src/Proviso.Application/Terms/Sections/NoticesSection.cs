using NodaTime;
using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Transfers;

namespace Proviso.Application.Terms.Sections;

/// <summary>Reads <c>mechanisms: notices:</c>, the notice clause (deemed service by channel; copy-to; the company's place of receipt).</summary>
public sealed class NoticesSection : ITermsSection
{
    public string Key => "notices";

    public MechanismTerms Read(YamlMap section, TermsContext context)
    {
        section.AllowOnly("cite", "courierBusinessDays", "copyTo", "company", "note");
        var cite = context.Cite(section, "notices");
        var courier = section.Required("courierBusinessDays");
        var days = courier.AsInt();
        if (days < 1) throw courier.Error("courierBusinessDays must be at least 1");
        var copyRequired = false;
        Citation? copyCite = null;
        if (section.Optional("copyTo")?.AsMap() is { } copy)
        {
            copy.AllowOnly("required", "cite");
            copyRequired = copy.Required("required").AsBool();
            copyCite = context.Cite(copy, "copyTo");
        }
        var company = section.Required("company").AsMap();
        company.AllowOnly("name", "timeZone", "opens", "closes");
        var zoneNode = company.Required("timeZone");
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneNode.AsString()) is null) throw zoneNode.Error($"unknown IANA time zone '{zoneNode.AsString()}'");
        var opens = company.Optional("opens")?.AsTime() ?? new LocalTime(9, 0);
        var closes = company.Optional("closes")?.AsTime() ?? new LocalTime(18, 0);
        if (closes <= opens) throw new InputException(company.Location, "the company's business hours must close after they open");
        return new NoticeTerms(cite, days, copyRequired, copyCite, new CompanyPlace(company.String("name"), zoneNode.AsString(), opens, closes));
    }
}
