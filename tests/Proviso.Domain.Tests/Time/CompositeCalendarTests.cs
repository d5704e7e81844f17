using Proviso.Domain.Agreements;
using Proviso.Domain.Time;
using static Proviso.Domain.Tests.Time.TimeFixtures;

namespace Proviso.Domain.Tests.Time;

public class CompositeCalendarTests
{
    [Fact]
    public void RofrBusinessDay_ChineseMakeUpSunday_IsNotABusinessDay()
    {
        var answer = RofrCalendar.Explain(D(2024, 2, 18));
        Assert.False(answer.IsBusinessDay);
        Assert.Contains(answer.Reasons, r => r.Kind == DayReasonKind.ExcludedWeekend);
    }

    [Fact]
    public void RofrBusinessDay_ChineseMakeUpSaturday_IsNotABusinessDay()
    {
        // 2024-10-12 (Saturday) is a CN make-up working day; HK is open on Saturdays; the definition still excludes it.
        Assert.True(CalendarCatalog.BuiltIn.Get("CN").IsBusinessDay(D(2024, 10, 12)));
        Assert.True(CalendarCatalog.BuiltIn.Get("HK").IsBusinessDay(D(2024, 10, 12)));
        Assert.False(RofrCalendar.IsBusinessDay(D(2024, 10, 12)));
        Assert.False(ConsortiumCalendar.IsBusinessDay(D(2024, 10, 12)));
    }

    [Fact]
    public void DefinitionWithoutWeekendWords_ChineseMakeUpSaturday_IsABusinessDay()
    {
        var calendar = CnOwnWorkingDays.Resolve(CalendarCatalog.BuiltIn);
        Assert.True(calendar.IsBusinessDay(D(2024, 10, 12)));
        Assert.True(calendar.IsBusinessDay(D(2024, 2, 18)));
        Assert.False(calendar.IsBusinessDay(D(2024, 10, 19)));
    }

    [Fact]
    public void RofrBusinessDay_HongKongOnlyHoliday_IsNotABusinessDay()
    {
        // 2024-04-01 Easter Monday: HK closed, CN open.
        var answer = RofrCalendar.Explain(D(2024, 4, 1));
        Assert.False(answer.IsBusinessDay);
        Assert.Equal("HK", Assert.Single(answer.Reasons).CalendarId);
    }

    [Fact]
    public void RofrBusinessDay_Explain_NamesEveryClosingFact()
    {
        Assert.Equal(
            "2024-02-12 (Monday) is not a Business Day (rofr-cosale-2020 s.1.1): CN holiday 'Spring Festival (春节)'; HK holiday 'The third day of Lunar New Year'",
            RofrCalendar.Explain(D(2024, 2, 12)).Sentence);
    }

    [Fact]
    public void RofrBusinessDay_ChineseMakeUpSunday_ExplanationSaysItDoesNotCount()
    {
        Assert.Equal(
            "2024-02-18 (Sunday) is not a Business Day (rofr-cosale-2020 s.1.1): a Sunday, which rofr-cosale-2020 s.1.1 excludes (CN make-up working day 'Spring Festival make-up working day (春节调休上班)', does not count)",
            RofrCalendar.Explain(D(2024, 2, 18)).Sentence);
    }

    [Fact]
    public void ConsortiumBusinessDay_AshWednesday2024_IsNotABusinessDay()
    {
        var answer = ConsortiumCalendar.Explain(D(2024, 2, 14));
        Assert.False(answer.IsBusinessDay);
        Assert.Contains(answer.Reasons, r => r.CalendarId == "KY" && r.Name == "Ash Wednesday");
        Assert.Contains(answer.Reasons, r => r.CalendarId == "CN");
        Assert.True(RofrCalendar.IsBusinessDay(D(2024, 2, 14)) is false); // CN Spring Festival runs to the 17th
    }

    [Fact]
    public void ConsortiumBusinessDay_Juneteenth_2021FridayOpen_2022MondayClosed()
    {
        Assert.True(ConsortiumCalendar.IsBusinessDay(D(2021, 6, 18)));
        Assert.False(ConsortiumCalendar.IsBusinessDay(D(2022, 6, 20)));
    }

    [Fact]
    public void ConsortiumBusinessDay_OrdinaryWednesday_IsABusinessDay() =>
        Assert.Equal("2024-02-21 (Wednesday) is a Business Day (consortium-2025 s.10.01)", ConsortiumCalendar.Explain(D(2024, 2, 21)).Sentence);

    [Fact]
    public void Composite_Range_IsTheIntersectionOfMembers()
    {
        var shortCalendar = new JurisdictionCalendar("XX", "Short", [NodaTime.IsoDayOfWeek.Sunday], [], DateRange.Years(2024, 2030), "test");
        var catalog = CalendarCatalog.BuiltIn.With(shortCalendar);
        var composite = new BusinessDayDefinition(true, ["HK", "XX"], new Citation("t", "1")).Resolve(catalog);
        Assert.Equal(DateRange.Years(2024, 2027), composite.Range);
        var ex = Assert.Throws<CalendarRangeException>(() => composite.IsBusinessDay(D(2023, 12, 29)));
        Assert.Equal("calendar HK+XX (weekends excluded) has facts for 2024-01-01 to 2027-12-31; 2023-12-29 is outside it", ex.Message);
    }

    [Fact]
    public void Definition_UnknownJurisdiction_Throws() =>
        Assert.Throws<KeyNotFoundException>(() => new BusinessDayDefinition(true, ["CN", "SG"], new Citation("t", "1")).Resolve(CalendarCatalog.BuiltIn));
}
