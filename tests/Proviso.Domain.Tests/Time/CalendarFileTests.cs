using NodaTime;
using Proviso.Domain.Time;
using static Proviso.Domain.Tests.Time.TimeFixtures;

namespace Proviso.Domain.Tests.Time;

public class CalendarFileTests
{
    [Fact]
    public void Csv_QuotedNameWithComma_IsOneField()
    {
        var result = CalendarCsv.Parse("date,kind,name\n2024-01-15,holiday,\"Birthday of Martin Luther King, Jr.\"\n");
        Assert.True(result.IsSuccess);
        Assert.Equal("Birthday of Martin Luther King, Jr.", Assert.Single(result.Facts).Name);
    }

    [Fact]
    public void Csv_ProjectedSuffix_IsKeptAsAFlag()
    {
        var fact = Assert.Single(CalendarCsv.Parse("date,kind,name\r\n2027-01-01,holiday,New Year [projected]\r\n").Facts);
        Assert.True(fact.Projected);
        Assert.Equal("New Year", fact.Name);
        Assert.Equal("date,kind,name\n2027-01-01,holiday,New Year [projected]\n", CalendarCsv.Write([fact]));
    }

    [Fact]
    public void Csv_BadKind_ReportsLineColumnAndExpectation()
    {
        var result = CalendarCsv.Parse("date,kind,name\n2024-01-01,holiday,New Year\n2024-02-10,holidy,Spring Festival\n");
        Assert.False(result.IsSuccess);
        Assert.Empty(result.Facts);
        Assert.Equal("line 3, column 12: expected kind 'holiday' or 'workday', found 'holidy'", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Csv_BadDate_ReportsLineColumnAndExpectation() =>
        Assert.Equal("line 2, column 1: expected a date as yyyy-MM-dd, found '2024-02-30'",
            Assert.Single(CalendarCsv.Parse("date,kind,name\n2024-02-30,holiday,X\n").Errors).ToString());

    [Fact]
    public void Csv_WrongHeader_IsAnError() =>
        Assert.Equal("line 1, column 1: expected the header 'date,kind,name', found 'day,type,name'",
            Assert.Single(CalendarCsv.Parse("day,type,name\n2024-01-01,holiday,X\n").Errors).ToString());

    [Fact]
    public void Csv_MissingField_IsAnError() =>
        Assert.Equal("line 2, column 1: expected 3 fields (date,kind,name), found 2",
            Assert.Single(CalendarCsv.Parse("date,kind,name\n2024-01-01,holiday\n").Errors).ToString());

    [Fact]
    public void Csv_DuplicateDate_IsAnError() =>
        Assert.Equal("line 3, column 1: expected one row per date, but 2024-01-01 is already on line 2",
            Assert.Single(CalendarCsv.Parse("date,kind,name\n2024-01-01,holiday,X\n2024-01-01,holiday,Y\n").Errors).ToString());

    [Fact]
    public void Csv_UnclosedQuote_IsAnError() =>
        Assert.Equal("line 2, column 20: expected a closing quote (\") for the field that starts here",
            Assert.Single(CalendarCsv.Parse("date,kind,name\n2024-01-01,holiday,\"X\n").Errors).ToString());

    [Fact]
    public void Csv_EmptyText_IsAnError() => Assert.False(CalendarCsv.Parse("").IsSuccess);

    [Fact]
    public void Catalog_UserCsvOverride_ReplacesProjectedRowsDateByDate()
    {
        // Suppose the 2027 notice makes 2027-02-09 a holiday by name and cancels the projected 2027-02-10 in-lieu day.
        var file = CalendarCsv.Parse("date,kind,name\n2027-02-09,holiday,Spring Festival (春节)\n2027-02-10,workday,Announced working day\n2027-02-20,workday,Spring Festival make-up working day\n");
        var catalog = CalendarCatalog.BuiltIn.WithUserFacts("CN", file, "cn-2027.csv");
        var china = (JurisdictionCalendar)catalog.Get("CN");
        Assert.False(china.FactOn(D(2027, 2, 9))!.Projected);
        Assert.True(china.IsBusinessDay(D(2027, 2, 10)));
        Assert.True(china.IsBusinessDay(D(2027, 2, 20)));
        Assert.True(china.FactOn(D(2027, 2, 8))!.Projected);
        Assert.False(CalendarCatalog.BuiltIn.Get("CN").IsBusinessDay(D(2027, 2, 10)));
        Assert.EndsWith("overridden by cn-2027.csv", china.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_UserCsvOverride_ExtendsRangeToTheFilesYears()
    {
        var file = CalendarCsv.Parse("date,kind,name\n2028-01-03,holiday,New Year's Day (observed)\n");
        var hk = CalendarCatalog.BuiltIn.WithUserFacts("HK", file, "hk-2028.csv").Get("HK");
        Assert.Equal(DateRange.Years(2019, 2028), hk.Range);
        Assert.False(hk.IsBusinessDay(D(2028, 1, 3)));
    }

    [Fact]
    public void Catalog_NewUserCalendar_HasWeekendRestDaysAndTheFilesYears()
    {
        var file = CalendarCsv.Parse("date,kind,name\n2025-08-09,holiday,National Day\n");
        var sg = CalendarCatalog.BuiltIn.WithUserFacts("SG", file, "sg.csv").Get("SG");
        Assert.Equal(DateRange.Years(2025, 2025), sg.Range);
        Assert.False(sg.IsBusinessDay(D(2025, 8, 10)));
        Assert.True(sg.IsBusinessDay(D(2025, 8, 11)));
        Assert.Throws<CalendarRangeException>(() => sg.IsBusinessDay(D(2026, 1, 2)));
    }

    [Fact]
    public void Catalog_FileWithErrors_IsRefused() =>
        Assert.Throws<ArgumentException>(() => CalendarCatalog.BuiltIn.WithUserFacts("CN", CalendarCsv.Parse("nonsense"), "bad.csv"));

    private const string Ics =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n" +
        "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20270206\r\nDTEND;VALUE=DATE:20270214\r\nSUMMARY:Spring Festival\\, 2027\r\nEND:VEVENT\r\n" +
        "BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20270220\r\nSUMMARY:Spring Festival make-up working \r\n day\r\nCATEGORIES:WORKDAY\r\nEND:VEVENT\r\n" +
        "BEGIN:VEVENT\r\nUID:3\r\nDTSTART:20270405\r\nSUMMARY:Qingming [projected]\r\nEND:VEVENT\r\n" +
        "END:VCALENDAR\r\n";

    [Fact]
    public void Ics_AllDayEvents_BecomeHolidaysOnEveryDayOfTheBlock()
    {
        var result = IcsCalendarReader.Parse(Ics);
        Assert.True(result.IsSuccess, string.Join("; ", result.Errors));
        var holidays = result.Facts.Where(f => f.Kind == CalendarFactKind.Holiday && f.Name == "Spring Festival, 2027").Select(f => f.Date).ToList();
        Assert.Equal(Enumerable.Range(6, 8).Select(d => D(2027, 2, d)), holidays);
    }

    [Fact]
    public void Ics_FoldedSummaryAndWorkdayCategory_AreRead()
    {
        var fact = IcsCalendarReader.Parse(Ics).Facts.Single(f => f.Date == D(2027, 2, 20));
        Assert.Equal(CalendarFactKind.Workday, fact.Kind);
        Assert.Equal("Spring Festival make-up working day", fact.Name);
    }

    [Fact]
    public void Ics_ProjectedSummary_IsKeptProjected() =>
        Assert.True(IcsCalendarReader.Parse(Ics).Facts.Single(f => f.Date == D(2027, 4, 5)).Projected);

    [Fact]
    public void Ics_Override_ConfirmsProjectedChinaRows()
    {
        var catalog = CalendarCatalog.BuiltIn.WithUserFacts("CN", IcsCalendarReader.Parse(Ics), "cn-2027.ics");
        var china = catalog.Get("CN");
        Assert.False(china.IsBusinessDay(D(2027, 2, 11)));
        Assert.True(china.IsBusinessDay(D(2027, 2, 20)));
        Assert.False(china.IsBusinessDay(D(2027, 2, 13)));
    }

    [Fact]
    public void Ics_TimedEvent_IsAnErrorWithLineAndColumn()
    {
        var text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270206T090000Z\nSUMMARY:Meeting\nEND:VEVENT\nEND:VCALENDAR\n";
        Assert.Equal("line 3, column 9: expected an all-day DTSTART;VALUE=DATE:yyyyMMdd (a holiday is a whole day), found a date-time '20270206T090000Z'",
            Assert.Single(IcsCalendarReader.Parse(text).Errors).ToString());
    }

    [Fact]
    public void Ics_BadDate_IsAnError()
    {
        var text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2027-02-06\nSUMMARY:X\nEND:VEVENT\nEND:VCALENDAR\n";
        Assert.Equal("line 3, column 20: expected DTSTART as a date yyyyMMdd, found '2027-02-06'",
            Assert.Single(IcsCalendarReader.Parse(text).Errors).ToString());
    }

    [Fact]
    public void Ics_MissingEndVevent_IsAnError() =>
        Assert.Equal("line 2: expected 'END:VEVENT' for the event that begins here, found the end of the file",
            Assert.Single(IcsCalendarReader.Parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270206\nSUMMARY:X\n").Errors).ToString());

    [Fact]
    public void Ics_NotACalendar_IsAnError() =>
        Assert.Equal("line 1, column 1: expected 'BEGIN:VCALENDAR', found 'date,kind,name'",
            Assert.Single(IcsCalendarReader.Parse("date,kind,name\n").Errors).ToString());

    [Fact]
    public void Ics_EventWithoutSummary_IsAnError() =>
        Assert.Equal("line 2: expected a SUMMARY naming the holiday in this event, found none",
            Assert.Single(IcsCalendarReader.Parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270206\nEND:VEVENT\nEND:VCALENDAR\n").Errors).ToString());

    [Fact]
    public void Ics_EndBeforeStart_IsAnError() =>
        Assert.Equal("line 6: expected DTEND after DTSTART (2027-02-06), found 2027-02-06",
            Assert.Single(IcsCalendarReader.Parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270206\nDTEND;VALUE=DATE:20270206\nSUMMARY:X\nEND:VEVENT\nEND:VCALENDAR\n").Errors).ToString());

    [Fact]
    public void JurisdictionCalendar_WeeklyRestDays_AreData()
    {
        var friSat = new JurisdictionCalendar("AE-OLD", "Fri/Sat weekend", [IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday], [], DateRange.Years(2020, 2020), "test");
        Assert.False(friSat.IsBusinessDay(D(2020, 3, 6)));
        Assert.True(friSat.IsBusinessDay(D(2020, 3, 8)));
    }
}
