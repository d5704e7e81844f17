using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;
using static Proviso.Domain.Tests.Time.TimeFixtures;

namespace Proviso.Domain.Tests.Time;

public class DeadlineTests
{
    private static readonly Citation OptionPeriod = new(Rofr, "2.2(ii)");
    private static readonly Trigger Receipt20210104 = new("receipt of the Transfer Notice", D(2021, 1, 4));

    private static Deadline Days(int n, RollConvention roll = RollConvention.None, Trigger? trigger = null, DateTimeZone? zone = null) =>
        Deadline.Compute("Option Period", OptionPeriod, trigger ?? Receipt20210104, PeriodTerm.CalendarDays(n, roll), RofrCalendar, zone ?? HongKong);

    [Fact]
    public void CalendarDays_TwentyDaysAfterReceipt_EndsAtTheEndOfTheTwentiethDay()
    {
        var d = Days(20);
        Assert.Equal(D(2021, 1, 24), d.DueDate);
        Assert.Equal(Instant.FromUtc(2021, 1, 24, 16, 0), d.ExpiresAt);
        Assert.Equal(new LocalDateTime(2021, 1, 25, 0, 0), d.ExpiresAtLocal.LocalDateTime);
        Assert.Equal("20 days after receipt of the Transfer Notice on 2021-01-04 (Asia/Hong_Kong) ends 2021-01-24 23:59:59; not rolled (rofr-cosale-2020 s.2.2(ii))", d.Explanation);
    }

    [Fact]
    public void CalendarDays_OneDay_EventDayIsNotCounted() => Assert.Equal(D(2021, 1, 5), Days(1).DueDate);

    [Fact]
    public void CalendarDays_LastNanosecondBeforeExpiry_IsInTime() => Assert.True(Days(20).IsInTime(Days(20).ExpiresAt - Duration.Epsilon));

    [Fact]
    public void CalendarDays_AtExpiry_IsLate() => Assert.False(Days(20).IsInTime(Days(20).ExpiresAt));

    [Fact]
    public void CalendarDays_NoRollByDefault_EndsOnASunday()
    {
        var d = Days(20);
        Assert.Equal(IsoDayOfWeek.Sunday, d.DueDate.DayOfWeek);
        Assert.Equal(RollConvention.None, d.Convention);
    }

    [Fact]
    public void CalendarDays_Following_RollsOffTheSunday()
    {
        var d = Days(20, RollConvention.Following);
        Assert.Equal(D(2021, 1, 24), d.UnrolledDate);
        Assert.Equal(D(2021, 1, 25), d.DueDate);
        Assert.StartsWith("20 days after receipt of the Transfer Notice on 2021-01-04 (Asia/Hong_Kong) ends 2021-01-25 23:59:59; rolled Following from 2021-01-24: 2021-01-24 (Sunday) is not a Business Day", d.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void CalendarDays_FollowingOnABusinessDay_DoesNotMove()
    {
        var d = Days(21, RollConvention.Following);
        Assert.Equal(D(2021, 1, 25), d.DueDate);
        Assert.Contains("2021-01-25 is a Business Day (rofr-cosale-2020 s.1.1), so Following does not move it", d.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RollConvention.None, 2024, 3, 31)]
    [InlineData(RollConvention.Following, 2024, 4, 2)]
    [InlineData(RollConvention.Preceding, 2024, 3, 28)]
    [InlineData(RollConvention.ModifiedFollowing, 2024, 3, 28)]
    public void Roll_EasterWeekendAtMonthEnd_EachConvention(RollConvention roll, int y, int m, int day)
    {
        // 2024-03-01 + 30 days = Sunday 31 March; HK: Good Friday 29th, Saturday 30th, Easter Monday 1 April.
        var d = Days(30, roll, new Trigger("the event", D(2024, 3, 1)));
        Assert.Equal(D(y, m, day), d.DueDate);
    }

    [Fact]
    public void Roll_ModifiedFollowingWithinTheMonth_GoesForward()
    {
        // 2024-02-09 + 1 = Saturday 10 Feb; the following Business Day (19 Feb) is in the same month.
        Assert.Equal(D(2024, 2, 19), Days(1, RollConvention.ModifiedFollowing, new Trigger("the event", D(2024, 2, 9))).DueDate);
    }

    [Fact]
    public void BusinessDays_FiveAfterValuation_SkipsSpringFestivalAndTheMakeUpSunday()
    {
        var d = Deadline.Compute("Closing after valuation", new Citation(Rofr, "2.2(iv)(d)"), new Trigger("the valuation", D(2024, 2, 8)), PeriodTerm.BusinessDays(5), RofrCalendar, HongKong);
        Assert.Equal(D(2024, 2, 22), d.DueDate);
        Assert.Equal("5 Business Days after the valuation on 2024-02-08 (Asia/Hong_Kong) ends 2024-02-22 23:59:59; not rolled (rofr-cosale-2020 s.2.2(iv)(d))", d.Explanation);
    }

    [Fact]
    public void NthDay_FortiethDayAfterReceipt_IsAPoint()
    {
        var d = Deadline.Compute("Closing", new Citation(Rofr, "2.2(iii)"), Receipt20210104, PeriodTerm.NthDay(40), RofrCalendar, HongKong);
        Assert.Equal(D(2021, 2, 13), d.DueDate);
        Assert.Equal("the 40th day after receipt of the Transfer Notice on 2021-01-04 (Asia/Hong_Kong) is 2021-02-13; not rolled (rofr-cosale-2020 s.2.2(iii))", d.Explanation);
        Assert.False(d.IsInTime(d.StartsAt - Duration.Epsilon));
        Assert.True(d.IsInTime(d.StartsAt));
        Assert.True(d.IsInTime(d.ExpiresAt - Duration.Epsilon));
        Assert.False(d.IsInTime(d.ExpiresAt));
    }

    [Fact]
    public void Months_TwelveMonthsAfterTheDateHereof_SameDayNextYear()
    {
        var d = Deadline.Compute("Exclusivity Period", new Citation(Consortium, "10.01"), new Trigger("the date hereof", D(2025, 12, 22)),
            PeriodTerm.Months(12, MonthEndRule.ClampToLastDay), ConsortiumCalendar, HongKong);
        Assert.Equal(D(2026, 12, 22), d.DueDate);
    }

    [Theory]
    [InlineData(2024, 1, 31, 1, MonthEndRule.ClampToLastDay, 2024, 2, 29)]
    [InlineData(2024, 1, 31, 1, MonthEndRule.EndOfMonthStaysEndOfMonth, 2024, 2, 29)]
    [InlineData(2024, 4, 30, 1, MonthEndRule.ClampToLastDay, 2024, 5, 30)]
    [InlineData(2024, 4, 30, 1, MonthEndRule.EndOfMonthStaysEndOfMonth, 2024, 5, 31)]
    [InlineData(2024, 4, 29, 1, MonthEndRule.EndOfMonthStaysEndOfMonth, 2024, 5, 29)]
    [InlineData(2024, 2, 29, 12, MonthEndRule.ClampToLastDay, 2025, 2, 28)]
    [InlineData(2024, 2, 28, 12, MonthEndRule.EndOfMonthStaysEndOfMonth, 2025, 2, 28)]
    [InlineData(2023, 2, 28, 12, MonthEndRule.EndOfMonthStaysEndOfMonth, 2024, 2, 29)]
    [InlineData(2023, 2, 28, 12, MonthEndRule.ClampToLastDay, 2024, 2, 28)]
    public void Months_MonthEndRule_IsApplied(int y, int m, int d, int months, MonthEndRule rule, int ey, int em, int ed) =>
        Assert.Equal(D(ey, em, ed), PeriodTerm.AddMonths(D(y, m, d), months, rule));

    [Fact]
    public void Months_WithoutMonthEndRule_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new PeriodTerm(PeriodUnit.Months, 12));

    [Fact]
    public void Period_ZeroCount_IsRefused() => Assert.Throws<ArgumentOutOfRangeException>(() => PeriodTerm.CalendarDays(0));

    [Fact]
    public void Deadline_DaylightSavingStartInNewYork_ExpiresAtLocalMidnight()
    {
        var before = Deadline.Compute("T", OptionPeriod, new Trigger("e", D(2024, 3, 8)), PeriodTerm.CalendarDays(1), ConsortiumCalendar, NewYork);
        var across = Deadline.Compute("T", OptionPeriod, new Trigger("e", D(2024, 3, 9)), PeriodTerm.CalendarDays(1), ConsortiumCalendar, NewYork);
        Assert.Equal(Instant.FromUtc(2024, 3, 10, 5, 0), before.ExpiresAt);
        Assert.Equal(Instant.FromUtc(2024, 3, 11, 4, 0), across.ExpiresAt);
    }

    [Fact]
    public void Deadline_RollNeedingDatesOutsideTheCalendar_Throws() =>
        Assert.Throws<CalendarRangeException>(() => Days(20, RollConvention.Following, new Trigger("e", D(2027, 12, 20))));

    [Fact]
    public void Deadline_ToData_IsPlainStrings()
    {
        var data = Days(20).ToData();
        Assert.Equal("2021-01-24", data.DueDate);
        Assert.Equal("2021-01-24T16:00:00Z", data.ExpiresAtUtc);
        Assert.Equal("2021-01-25T00:00:00+08:00", data.ExpiresAtLocal);
        Assert.Equal("CN+HK (weekends excluded)", data.CalendarId);
        Assert.Equal("None", data.RollConvention);
        Assert.Equal("2.2(ii)", data.Section);
    }
}
