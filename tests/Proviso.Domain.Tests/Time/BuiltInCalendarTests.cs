using NodaTime;
using Proviso.Domain.Time;
using static Proviso.Domain.Tests.Time.TimeFixtures;

namespace Proviso.Domain.Tests.Time;

public class BuiltInCalendarTests
{
    private static BusinessCalendar Cal(string id) => CalendarCatalog.BuiltIn.Get(id);

    [Fact]
    public void BuiltIn_Catalog_HasTheFourJurisdictions()
    {
        Assert.Equal(["CN", "HK", "KY", "US-FED"], CalendarCatalog.BuiltIn.Ids);
        Assert.All(CalendarCatalog.BuiltIn.Calendars, c => Assert.Equal(DateRange.Years(2019, 2027), c.Range));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    public void China_SpringFestival2024_Feb10To17AreHolidays(int day)
    {
        var answer = Cal("CN").Explain(D(2024, 2, day));
        Assert.False(answer.IsBusinessDay);
        Assert.Contains(answer.Reasons, r => r.Kind == DayReasonKind.Holiday && r.Name == "Spring Festival (春节)");
    }

    [Theory]
    [InlineData(9)]
    [InlineData(19)]
    public void China_SpringFestival2024_DaysEitherSideAreWorkingDays(int day) => Assert.True(Cal("CN").IsBusinessDay(D(2024, 2, day)));

    [Theory]
    [InlineData(4)]
    [InlineData(18)]
    public void China_SpringFestival2024MakeUpSundays_AreWorkingDays(int day)
    {
        var answer = Cal("CN").Explain(D(2024, 2, day));
        Assert.Equal(IsoDayOfWeek.Sunday, answer.Date.DayOfWeek);
        Assert.True(answer.IsBusinessDay);
        Assert.Contains(answer.Reasons, r => r.Kind == DayReasonKind.MakeUpWorkday);
    }

    [Fact]
    public void China_OrdinarySunday_IsNotAWorkingDay() => Assert.False(Cal("CN").IsBusinessDay(D(2024, 2, 25)));

    [Theory]
    [InlineData(10, "Lunar New Year's Day")]
    [InlineData(12, "The third day of Lunar New Year")]
    [InlineData(13, "The fourth day of Lunar New Year")]
    public void HongKong_LunarNewYear2024_Feb10_12_13AreGeneralHolidays(int day, string name)
    {
        var answer = Cal("HK").Explain(D(2024, 2, day));
        Assert.False(answer.IsBusinessDay);
        Assert.Contains(answer.Reasons, r => r.Kind == DayReasonKind.Holiday && r.Name == name);
    }

    [Fact]
    public void HongKong_Feb14_2024_IsABusinessDay() => Assert.True(Cal("HK").IsBusinessDay(D(2024, 2, 14)));

    [Fact]
    public void HongKong_OrdinarySaturday_IsNotAGeneralHoliday() => Assert.True(Cal("HK").IsBusinessDay(D(2024, 2, 24)));

    [Fact]
    public void HongKong_Sunday_IsAWeeklyRestDay()
    {
        var answer = Cal("HK").Explain(D(2024, 2, 11));
        Assert.False(answer.IsBusinessDay);
        Assert.Equal(DayReasonKind.WeeklyRestDay, Assert.Single(answer.Reasons).Kind);
    }

    [Fact]
    public void NewYorkBanks_Juneteenth2021FridayObservance_IsABusinessDay() => Assert.True(Cal("US-FED").IsBusinessDay(D(2021, 6, 18)));

    [Fact]
    public void NewYorkBanks_Juneteenth2022Monday_IsNotABusinessDay()
    {
        var answer = Cal("US-FED").Explain(D(2022, 6, 20));
        Assert.False(answer.IsBusinessDay);
        Assert.Contains("Juneteenth", Assert.Single(answer.Reasons).Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Cayman_AshWednesday2024_IsAHoliday()
    {
        var answer = Cal("KY").Explain(D(2024, 2, 14));
        Assert.False(answer.IsBusinessDay);
        Assert.Equal("Ash Wednesday", Assert.Single(answer.Reasons).Name);
    }

    [Fact]
    public void Cayman_DayAfterAshWednesday2024_IsABusinessDay() => Assert.True(Cal("KY").IsBusinessDay(D(2024, 2, 15)));

    [Fact]
    public void China_2027Rows_StayMarkedProjected()
    {
        var china = (JurisdictionCalendar)Cal("CN");
        Assert.All(china.Facts.Where(f => f.Date.Year == 2027), f => Assert.True(f.Projected));
        Assert.All(china.Facts.Where(f => f.Date.Year < 2027), f => Assert.False(f.Projected));
        Assert.Contains("[projected]", china.Explain(D(2027, 2, 8)).Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Cayman_2027Rows_StayMarkedProjected()
    {
        var cayman = (JurisdictionCalendar)Cal("KY");
        Assert.Equal(12, cayman.Facts.Count(f => f.Projected));
        Assert.All(cayman.Facts.Where(f => f.Projected), f => Assert.Equal(2027, f.Date.Year));
    }

    [Theory]
    [InlineData("CN")]
    [InlineData("HK")]
    [InlineData("KY")]
    [InlineData("US-FED")]
    public void Calendar_FirstAndLastCoveredDates_Answer(string id)
    {
        _ = Cal(id).IsBusinessDay(D(2019, 1, 1));
        _ = Cal(id).IsBusinessDay(D(2027, 12, 31));
    }

    [Theory]
    [InlineData(2018, 12, 31)]
    [InlineData(2028, 1, 1)]
    [InlineData(2031, 2, 3)]
    public void Calendar_DateOutsideRange_ThrowsClearError(int y, int m, int d)
    {
        var ex = Assert.Throws<CalendarRangeException>(() => Cal("HK").IsBusinessDay(D(y, m, d)));
        Assert.Equal($"calendar HK has facts for 2019-01-01 to 2027-12-31; {y:D4}-{m:D2}-{d:D2} is outside it", ex.Message);
        Assert.Equal("HK", ex.CalendarId);
    }

    [Fact]
    public void Calendar_SaturdayOutsideRange_StillThrows() =>
        Assert.Throws<CalendarRangeException>(() => Cal("CN").IsBusinessDay(D(2031, 2, 1)));

    [Fact]
    public void Catalog_UnknownId_ListsKnownCalendars()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => CalendarCatalog.BuiltIn.Get("SG"));
        Assert.Equal("no calendar 'SG'; known calendars: CN, HK, KY, US-FED", ex.Message);
    }

    [Fact]
    public void BusinessCalendar_AddBusinessDays_SkipsSpringFestival()
    {
        // 2024-02-09 (Fri) + 1 CN business day: 10-17 are holidays, 18 (Sun) is a make-up working day.
        Assert.Equal(D(2024, 2, 18), Cal("CN").AddBusinessDays(D(2024, 2, 9), 1));
        Assert.Equal(D(2024, 2, 9), Cal("CN").AddBusinessDays(D(2024, 2, 18), -1));
        Assert.Equal(D(2024, 2, 9), Cal("CN").AddBusinessDays(D(2024, 2, 9), 0));
    }
}
