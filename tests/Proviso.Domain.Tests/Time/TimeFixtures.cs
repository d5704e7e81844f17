using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;

namespace Proviso.Domain.Tests.Time;

/// <summary>The two agreements' Business Day definitions and notice clauses, as terms data for the tests.</summary>
internal static class TimeFixtures
{
    public const string Rofr = "rofr-cosale-2020";
    public const string Consortium = "consortium-2025";

    public static readonly DateTimeZone HongKong = DateTimeZoneProviders.Tzdb["Asia/Hong_Kong"];
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    public static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    /// <summary>ROFR s.1.1: "any day that is not a Saturday, Sunday, legal holiday or other day on which commercial banks are required or authorized by Law to be closed in the PRC and Hong Kong".</summary>
    public static readonly BusinessDayDefinition RofrBusinessDay = new(true, ["CN", "HK"], new Citation(Rofr, "1.1"));

    /// <summary>Consortium s.10.01: "any day (other than a Saturday or a Sunday) on which banks generally are open in the People's Republic of China, Hong Kong, Cayman Islands, and City of New York".</summary>
    public static readonly BusinessDayDefinition ConsortiumBusinessDay = new(true, ["CN", "HK", "KY", "US-FED"], new Citation(Consortium, "10.01"));

    /// <summary>A definition without the weekend words: each place's own working days decide.</summary>
    public static readonly BusinessDayDefinition CnOwnWorkingDays = new(false, ["CN"], new Citation("test-terms", "1"));

    public static CompositeCalendar RofrCalendar => RofrBusinessDay.Resolve(CalendarCatalog.BuiltIn);

    public static CompositeCalendar ConsortiumCalendar => ConsortiumBusinessDay.Resolve(CalendarCatalog.BuiltIn);

    public static readonly ServiceByChannel RofrNotices = new(new Citation(Rofr, "6.6"), courierBusinessDays: 2);

    public static readonly ReceiptCutoff ConsortiumNotices = new(new Citation(Consortium, "7.01"), new LocalTime(17, 0));

    public static PlaceOfReceipt HongKongOffice => new("Hong Kong office", HongKong, RofrCalendar);

    public static PlaceOfReceipt NewYorkOffice => new("New York office", NewYork, ConsortiumCalendar);

    public static PlaceOfReceipt BeijingOffice => new("Beijing office", Shanghai, ConsortiumCalendar);

    public static LocalDate D(int y, int m, int d) => new(y, m, d);

    public static Instant At(DateTimeZone zone, int y, int mo, int d, int h, int mi) =>
        zone.AtStrictly(new LocalDateTime(y, mo, d, h, mi)).ToInstant();
}
