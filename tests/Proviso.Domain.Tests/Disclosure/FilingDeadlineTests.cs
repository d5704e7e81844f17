using NodaTime;
using Proviso.Domain.Disclosure;
using Proviso.Domain.Time;
using static Proviso.Domain.Tests.Disclosure.DisclosureFixtures;

namespace Proviso.Domain.Tests.Disclosure;

/// <summary>The SEC calendar, the Form 20-F due date, Rule 12b-25 and Regulation S-T's cut-offs.</summary>
public class FilingDeadlineTests
{
    private static readonly BusinessCalendar Sec = SecBusinessDays.Calendar;

    [Theory]
    [InlineData(2021, 12, 24)]
    [InlineData(2021, 12, 31)]
    [InlineData(2020, 7, 3)]
    [InlineData(2023, 11, 10)]
    [InlineData(2027, 12, 31)]
    public void SecCalendar_FridayBeforeASaturdayHoliday_IsClosedThoughTheFedIsOpen(int y, int m, int d)
    {
        Assert.False(Sec.IsBusinessDay(D(y, m, d)));
        Assert.True(CalendarCatalog.BuiltIn.Get("US-FED").IsBusinessDay(D(y, m, d)));
        Assert.Contains("5 U.S.C. 6103(b)(1)", Sec.Explain(D(y, m, d)).Sentence);
    }

    [Theory]
    [InlineData(2019, 12, 24)]
    [InlineData(2020, 12, 24)]
    [InlineData(2024, 12, 24)]
    [InlineData(2025, 1, 9)]
    [InlineData(2025, 12, 24)]
    [InlineData(2025, 12, 26)]
    public void SecCalendar_ExecutiveOrderClosure_IsNotABusinessDay(int y, int m, int d) => Assert.False(Sec.IsBusinessDay(D(y, m, d)));

    [Fact]
    public void SecCalendar_OrdinaryWeekdays_AreBusinessDays()
    {
        Assert.True(Sec.IsBusinessDay(D(2021, 12, 23)));
        Assert.True(Sec.IsBusinessDay(D(2022, 5, 2)));
        Assert.True(Sec.IsBusinessDay(D(2025, 12, 23)));
    }

    [Fact]
    public void AnnualReportDue_Fiscal2021_MovesFromSaturday30AprilToMonday2May()
    {
        var due = AnnualReportDueDate.For(D(2021, 12, 31), Sec);
        Assert.Equal(D(2022, 4, 30), due.Unrolled);
        Assert.Equal(D(2022, 5, 2), due.Due);
        Assert.True(due.WasMoved);
        Assert.Equal(SecBusinessDays.Rule03, due.MovedUnder);
        Assert.Contains("2022-04-30 (Saturday)", due.MovedBy);
        Assert.Contains("2022-05-01 (Sunday)", due.MovedBy);
    }

    [Fact]
    public void AnnualReportDue_FourMonthsEndingOnABusinessDay_IsNotMoved()
    {
        var due = AnnualReportDueDate.For(D(2023, 12, 31), Sec);
        Assert.Equal(D(2024, 4, 30), due.Due);
        Assert.False(due.WasMoved);
        Assert.Null(due.MovedUnder);
    }

    [Fact]
    public void AnnualReportDue_FiscalYearEndingOn30June_IsDueOn31October() =>
        Assert.Equal(D(2024, 10, 31), AnnualReportDueDate.For(D(2024, 6, 30), Sec).Due);

    [Fact]
    public void LateNotice_Fiscal2021_IsDueOneBusinessDayAfter2May()
    {
        Assert.Equal(D(2022, 5, 3), LateFilingNotification.NotificationDue(D(2022, 5, 2), Sec).Due);
        Assert.True(LateFilingNotification.IsInTime(D(2022, 5, 3), D(2022, 5, 2), Sec));
        Assert.False(LateFilingNotification.IsInTime(D(2022, 5, 4), D(2022, 5, 2), Sec));
        Assert.True(LateFilingNotification.IsInTime(D(2022, 5, 2), D(2022, 5, 2), Sec));
    }

    [Fact]
    public void LateNotice_DueDateBeforeAWeekend_CountsTheNextBusinessDay()
    {
        var notice = LateFilingNotification.NotificationDue(D(2021, 4, 30), Sec);
        Assert.Equal(D(2021, 5, 3), notice.Due);
        Assert.Equal(2, notice.Skipped.Count);
    }

    [Fact]
    public void ExtendedDue_Fiscal2021_IsFifteenCalendarDaysAfterTheMovedDueDate() =>
        Assert.Equal(D(2022, 5, 17), LateFilingNotification.ExtendedDue(D(2022, 5, 2), Sec).Due);

    [Fact]
    public void ExtendedDue_FifteenthDayOnASaturday_MovesToMonday()
    {
        var extended = LateFilingNotification.ExtendedDue(D(2021, 4, 30), Sec);
        Assert.Equal(D(2021, 5, 15), extended.Unrolled);
        Assert.Equal(D(2021, 5, 17), extended.Due);
    }

    private static Instant Eastern(int y, int mo, int d, int h, int mi, int s) =>
        new LocalDateTime(y, mo, d, h, mi, s).InZoneLeniently(DeemedFilingDate.Eastern).ToInstant();

    [Fact]
    public void DeemedFiling_AtExactly530pm_IsFiledThatDay() =>
        Assert.Equal(D(2022, 5, 3), DeemedFilingDate.Of("NT 20-F", Eastern(2022, 5, 3, 17, 30, 0), Sec).Date);

    [Fact]
    public void DeemedFiling_OneSecondAfter530pm_IsFiledTheNextBusinessDay() =>
        Assert.Equal(D(2022, 5, 4), DeemedFilingDate.Of("NT 20-F", Eastern(2022, 5, 3, 17, 30, 1), Sec).Date);

    [Fact]
    public void DeemedFiling_FridayEvening_IsFiledOnMonday() =>
        Assert.Equal(D(2022, 5, 2), DeemedFilingDate.Of("20-F", Eastern(2022, 4, 29, 18, 0, 0), Sec).Date);

    [Fact]
    public void DeemedFiling_OnASaturday_IsFiledTheNextBusinessDay()
    {
        var deemed = DeemedFilingDate.Of("20-F", Eastern(2022, 4, 30, 10, 0, 0), Sec);
        Assert.Equal(D(2022, 5, 2), deemed.Date);
        Assert.Contains("Saturday", deemed.Explanation);
    }

    [Fact]
    public void DeemedFiling_Schedule13GAt10pmFrom5February2024_IsFiledThatDay()
    {
        Assert.Equal(D(2024, 2, 5), DeemedFilingDate.Of("SC 13G", Eastern(2024, 2, 5, 22, 0, 0), Sec).Date);
        Assert.Equal(D(2024, 2, 6), DeemedFilingDate.Of("SC 13G", Eastern(2024, 2, 5, 22, 0, 1), Sec).Date);
        Assert.Equal(DeemedFilingDate.LateCutoffRule, DeemedFilingDate.Of("SC 13D", Eastern(2024, 2, 5, 21, 0, 0), Sec).Rule);
    }

    [Fact]
    public void DeemedFiling_Schedule13GAfter530pmBefore5February2024_IsFiledTheNextBusinessDay() =>
        Assert.Equal(D(2024, 2, 5), DeemedFilingDate.Of("SC 13G", Eastern(2024, 2, 2, 21, 0, 0), Sec).Date);
}
