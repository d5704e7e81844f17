using NodaTime;
using Proviso.Domain.Disclosure;
using static Proviso.Domain.Tests.Disclosure.DisclosureFixtures;

namespace Proviso.Domain.Tests.Disclosure;

/// <summary>The Form 20-F history of Cloopen's record (the filings that matter, as the listing gives them).</summary>
public class AnnualReportHistoryTests
{
    private static readonly AnnualDate December31 = new(12, 31);

    private static FilingRecord Cloopen() => Record(
        Filing("8-A12B", D(2021, 2, 3)),
        Filing("NT 20-F", D(2021, 4, 30)),
        Filing("20-F", D(2021, 5, 10)),
        Filing("NT 20-F", D(2022, 5, 3)),
        Filing("NT 20-F", D(2023, 5, 1)),
        Filing("20-F", D(2024, 2, 27), D(2021, 12, 31)),
        Filing("20-F", D(2024, 8, 27), D(2022, 12, 31)),
        Filing("20-F", D(2025, 3, 24), D(2023, 12, 31)),
        Filing("20-F", D(2025, 9, 3), D(2024, 12, 31)));

    [Fact]
    public void History_CloopenRecord_CoversFiscal2020To2024()
    {
        var rows = AnnualReportHistory.Compute(Cloopen(), December31, SecBusinessDays.Calendar);
        Assert.Equal([2020, 2021, 2022, 2023, 2024], rows.Select(r => r.FiscalYear));
    }

    [Fact]
    public void History_Fiscal2021_DueOn2MayNoticeInTimeExtendedTo17MayFiledOn27February2024()
    {
        var fy2021 = AnnualReportHistory.Compute(Cloopen(), December31, SecBusinessDays.Calendar).Single(r => r.FiscalYear == 2021);
        Assert.Equal(D(2022, 5, 2), fy2021.Due.Due);
        Assert.Contains("2022-04-30 (Saturday)", fy2021.Due.MovedBy);
        Assert.Equal(D(2022, 5, 3), fy2021.Notification!.FilingDate);
        Assert.True(fy2021.NotificationInTime);
        Assert.Equal(D(2022, 5, 17), fy2021.Extended.Due);
        Assert.Equal(D(2024, 2, 27), fy2021.Report!.FilingDate);
        Assert.Equal(Period.Between(D(2022, 5, 2), D(2024, 2, 27), PeriodUnits.Days).Days, fy2021.DaysLateAgainstDue);
        Assert.Equal(Period.Between(D(2022, 5, 17), D(2024, 2, 27), PeriodUnits.Days).Days, fy2021.DaysLateAgainstExtended);
    }

    [Fact]
    public void History_Fiscal2020_ReportWithoutStatedPeriodIsPlacedInTheFirstYearAndFiledWithinTheExtension()
    {
        var fy2020 = AnnualReportHistory.Compute(Cloopen(), December31, SecBusinessDays.Calendar).Single(r => r.FiscalYear == 2020);
        Assert.Equal(D(2021, 4, 30), fy2020.Due.Due);
        Assert.True(fy2020.NotificationInTime);
        Assert.Equal(D(2021, 5, 17), fy2020.Extended.Due);
        Assert.Equal(D(2021, 5, 10), fy2020.Report!.FilingDate);
        Assert.Equal(0, fy2020.DaysLateAgainstExtended);
        Assert.StartsWith("filed within the Rule 12b-25 extension", fy2020.Status);
    }

    [Fact]
    public void History_Fiscal2022_DueMovedFromSunday30AprilTo1May()
    {
        var fy2022 = AnnualReportHistory.Compute(Cloopen(), December31, SecBusinessDays.Calendar).Single(r => r.FiscalYear == 2022);
        Assert.Equal(D(2023, 5, 1), fy2022.Due.Due);
        Assert.Contains("2023-04-30 (Sunday)", fy2022.Due.MovedBy);
        Assert.Equal(D(2023, 5, 16), fy2022.Extended.Due);
    }

    [Fact]
    public void History_Fiscal2023WithoutNotice_HasNoExtension()
    {
        var fy2023 = AnnualReportHistory.Compute(Cloopen(), December31, SecBusinessDays.Calendar).Single(r => r.FiscalYear == 2023);
        Assert.Null(fy2023.Notification);
        Assert.False(fy2023.ExtensionAvailable);
        Assert.Contains("no timely NT 20-F", fy2023.Status);
    }

    [Fact]
    public void History_NoticeTwoBusinessDaysLate_IsNotInTime()
    {
        var rows = AnnualReportHistory.Compute(Record(Filing("NT 20-F", D(2022, 5, 4)), Filing("20-F", D(2022, 5, 10), D(2021, 12, 31))), December31, SecBusinessDays.Calendar);
        Assert.False(rows.Single().NotificationInTime);
        Assert.False(rows.Single().ExtensionAvailable);
    }

    [Fact]
    public void History_ReportOnTheDueDate_IsOnTime()
    {
        var rows = AnnualReportHistory.Compute(Record(Filing("20-F", D(2022, 5, 2), D(2021, 12, 31))), December31, SecBusinessDays.Calendar);
        Assert.Equal("filed on time", rows.Single().Status);
        Assert.Equal(0, rows.Single().DaysLateAgainstDue);
    }

    [Fact]
    public void History_ReportOneDayAfterTheDueDateWithoutNotice_IsOneDayLate()
    {
        var rows = AnnualReportHistory.Compute(Record(Filing("20-F", D(2022, 5, 3), D(2021, 12, 31))), December31, SecBusinessDays.Calendar);
        Assert.Equal(1, rows.Single().DaysLateAgainstDue);
    }

    [Fact]
    public void History_FiscalYearEndingJune30_UsesTheParameter()
    {
        var rows = AnnualReportHistory.Compute(Record(Filing("20-F", D(2024, 10, 31), D(2024, 6, 30))), new AnnualDate(6, 30), SecBusinessDays.Calendar);
        Assert.Equal(D(2024, 10, 31), rows.Single().Due.Due);
        Assert.Equal("filed on time", rows.Single().Status);
    }
}
