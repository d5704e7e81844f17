using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;

namespace Proviso.Domain.Disclosure;

/// <summary>
/// The days on which the SEC accepts filings, for every "business day" and "holiday" in the Exchange Act rules
/// (calendar id <see cref="CalendarId"/>). Exchange Act Rule 0-3(a): "if the last day on which papers can be accepted as
/// timely filed falls on a Saturday, Sunday or holiday, such papers may be filed on the first business day following."
/// 17 CFR 201.104: the Commission is closed on "Federal legal holidays", which "consist of New Year's Day; Birthday of
/// Martin Luther King, Jr.; Presidents Day; Memorial Day; Independence Day; Labor Day; Columbus Day; Veterans Day;
/// Thanksgiving Day; Christmas Day; and any other day appointed as a holiday in Washington, D.C. by the President or
/// the Congress of the United States".
/// </summary>
/// <remarks>
/// Interpretation: a federal holiday that falls on a Saturday is observed by the SEC on the preceding Friday, under
/// 5 U.S.C. 6103(b)(1) ("Instead of a holiday that occurs on a Saturday, the Friday immediately before is a legal public
/// holiday for employees whose basic workweek is Monday through Friday"). The built-in US-FED calendar lists such
/// holidays on the Saturday because the Federal Reserve stays open on the Friday; this calendar is US-FED with those
/// Fridays closed (2020-07-03, 2021-12-24, 2021-12-31, 2023-11-10, 2026-07-03, 2027-12-24, 2027-12-31).
/// Interpretation: days on which the President closed the executive departments and agencies by executive order are
/// "appointed as a holiday ... by the President" (17 CFR 201.104) and close EDGAR: 2019-12-24, 2020-12-24, 2024-12-24,
/// 2025-01-09 (national day of mourning for President Carter), 2025-12-24 and 2025-12-26. A later closure is added
/// with a calendar override (docs/time.md) until this list is updated.
/// </remarks>
public static class SecBusinessDays
{
    public const string CalendarId = "US-SEC";

    /// <summary>Exchange Act Rule 0-3(a), the rule that moves a last day falling on a weekend or holiday.</summary>
    public static readonly Citation Rule03 = new("exchange-act", "Rule 0-3(a)",
        "if the last day on which papers can be accepted as timely filed falls on a Saturday, Sunday or holiday, such papers may be filed on the first business day following");

    /// <summary>5 U.S.C. 6103(b)(1), the Saturday-holiday observance.</summary>
    public static readonly Citation SaturdayObservance = new("5-usc", "6103(b)(1)",
        "Instead of a holiday that occurs on a Saturday, the Friday immediately before is a legal public holiday");

    /// <summary>17 CFR 201.104, the days the Commission is closed.</summary>
    public static readonly Citation CommissionHolidays = new("17-cfr", "201.104",
        "Federal legal holidays ... and any other day appointed as a holiday in Washington, D.C. by the President or the Congress of the United States");

    private static readonly (LocalDate Date, string Name)[] ExecutiveOrderClosures =
    [
        (new LocalDate(2019, 12, 24), "Christmas Eve (executive order closing executive departments and agencies)"),
        (new LocalDate(2020, 12, 24), "Christmas Eve (executive order closing executive departments and agencies)"),
        (new LocalDate(2024, 12, 24), "Christmas Eve (executive order closing executive departments and agencies)"),
        (new LocalDate(2025, 1, 9), "National Day of Mourning for President Jimmy Carter (executive order of 2024-12-30)"),
        (new LocalDate(2025, 12, 24), "Christmas Eve (executive order of 2025-12-18 closing executive departments and agencies)"),
        (new LocalDate(2025, 12, 26), "Day after Christmas (executive order of 2025-12-18 closing executive departments and agencies)"),
    ];

    private static readonly Lazy<JurisdictionCalendar> BuiltIn = new(() => Build((JurisdictionCalendar)CalendarCatalog.BuiltIn.Get("US-FED")));

    /// <summary>The SEC calendar built from the shipped US-FED facts (2019 to 2027).</summary>
    public static JurisdictionCalendar Calendar => BuiltIn.Value;

    /// <summary>
    /// The SEC calendar from a Federal Reserve calendar: every holiday falling on a Saturday is also closed on the
    /// Friday before (5 U.S.C. 6103(b)(1)), and the executive-order closures are added.
    /// </summary>
    public static JurisdictionCalendar Build(JurisdictionCalendar federalReserve)
    {
        ArgumentNullException.ThrowIfNull(federalReserve);
        var facts = new Dictionary<LocalDate, CalendarFact>();
        foreach (var fact in federalReserve.Facts)
        {
            var name = BaseName(fact.Name);
            facts[fact.Date] = fact with { Name = name };
            if (fact.Kind == CalendarFactKind.Holiday && fact.Date.DayOfWeek == IsoDayOfWeek.Saturday)
            {
                var friday = fact.Date.PlusDays(-1);
                facts[friday] = new CalendarFact(friday, CalendarFactKind.Holiday,
                    $"{name} (observed; {TimeText.Date(fact.Date)} is a Saturday; 5 U.S.C. 6103(b)(1))", fact.Projected);
            }
        }

        // New Year's Day of the year after the range: when it is a Saturday, 31 December inside the range is closed.
        var nextNewYear = new LocalDate(federalReserve.Range.End.Year + 1, 1, 1);
        if (nextNewYear.DayOfWeek == IsoDayOfWeek.Saturday && federalReserve.Range.Contains(nextNewYear.PlusDays(-1)))
        {
            var friday = nextNewYear.PlusDays(-1);
            facts[friday] = new CalendarFact(friday, CalendarFactKind.Holiday,
                $"New Year's Day (observed; {TimeText.Date(nextNewYear)} is a Saturday; 5 U.S.C. 6103(b)(1))");
        }

        foreach (var (date, name) in ExecutiveOrderClosures)
        {
            if (federalReserve.Range.Contains(date)) facts[date] = new CalendarFact(date, CalendarFactKind.Holiday, name);
        }

        return new JurisdictionCalendar(CalendarId, "SEC (federal holidays under 5 U.S.C. 6103 and executive-order closures)",
            [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday], facts.Values, federalReserve.Range,
            federalReserve.Source + "; Saturday holidays observed on the Friday (5 U.S.C. 6103(b)(1)); executive-order closures");
    }

    private static string BaseName(string name)
    {
        var i = name.IndexOf(" (Saturday; Fed open", StringComparison.Ordinal);
        return i < 0 ? name : name[..i];
    }
}
