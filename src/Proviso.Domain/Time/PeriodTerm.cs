using NodaTime;

namespace Proviso.Domain.Time;

/// <summary>How a period is counted.</summary>
public enum PeriodUnit
{
    /// <summary>"within twenty (20) days following receipt": the event's day is not counted; the period ends at the end of the last day.</summary>
    CalendarDays,

    /// <summary>"within five (5) Business Days after receipt": counts business days only, the event's day not counted; ends at the end of the last one.</summary>
    BusinessDays,

    /// <summary>"on the 40th day after the Company's receipt": a single day, the event's day not counted.</summary>
    NthDay,

    /// <summary>"the expiry of 12 months after the date hereof": same day number N months later, under a stated <see cref="MonthEndRule"/>.</summary>
    Months,
}

/// <summary>
/// A period as the terms state it, with every convention explicit: unit, count, roll convention (default
/// <see cref="RollConvention.None"/>: a period does not roll unless the terms say so), and, for months, the month-end
/// rule (required; never implied). Build with <see cref="CalendarDays"/>, <see cref="BusinessDays"/>,
/// <see cref="NthDay"/> or <see cref="Months"/>, and set <c>Roll</c> with <c>with</c>.
/// </summary>
public sealed record PeriodTerm
{
    public PeriodTerm(PeriodUnit unit, int count, RollConvention roll = RollConvention.None, MonthEndRule? monthEnd = null)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A period counts at least 1 unit.");
        }

        if (unit == PeriodUnit.Months && monthEnd is null)
        {
            throw new ArgumentException("A period in months must state its month-end rule (ClampToLastDay or EndOfMonthStaysEndOfMonth).", nameof(monthEnd));
        }

        if (unit != PeriodUnit.Months && monthEnd is not null)
        {
            throw new ArgumentException($"A month-end rule applies only to periods in months, not to {unit}.", nameof(monthEnd));
        }

        Unit = unit;
        Count = count;
        Roll = roll;
        MonthEnd = monthEnd;
    }

    /// <summary>The unit counted.</summary>
    public PeriodUnit Unit { get; init; }

    /// <summary>How many units (at least 1).</summary>
    public int Count { get; init; }

    /// <summary>What happens if the period ends on a day that is not a business day.</summary>
    public RollConvention Roll { get; init; }

    /// <summary>For <see cref="PeriodUnit.Months"/> only: the month-end rule.</summary>
    public MonthEndRule? MonthEnd { get; init; }

    /// <summary>N calendar days after the event.</summary>
    public static PeriodTerm CalendarDays(int days, RollConvention roll = RollConvention.None) => new(PeriodUnit.CalendarDays, days, roll);

    /// <summary>N business days after the event.</summary>
    public static PeriodTerm BusinessDays(int days) => new(PeriodUnit.BusinessDays, days);

    /// <summary>On the Nth day after the event.</summary>
    public static PeriodTerm NthDay(int n, RollConvention roll = RollConvention.None) => new(PeriodUnit.NthDay, n, roll);

    /// <summary>N months after the event, with a stated month-end rule.</summary>
    public static PeriodTerm Months(int months, MonthEndRule monthEnd, RollConvention roll = RollConvention.None) => new(PeriodUnit.Months, months, roll, monthEnd);

    /// <summary>The last day of the period (or the day itself, for <see cref="PeriodUnit.NthDay"/>) before any roll.</summary>
    public LocalDate UnrolledEnd(LocalDate eventDate, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Unit switch
        {
            PeriodUnit.CalendarDays or PeriodUnit.NthDay => eventDate.PlusDays(Count),
            PeriodUnit.BusinessDays => calendar.AddBusinessDays(eventDate, Count),
            PeriodUnit.Months => AddMonths(eventDate, Count, MonthEnd!.Value),
            _ => throw new ArgumentOutOfRangeException(nameof(Unit), Unit, "Unknown period unit."),
        };
    }

    /// <summary>Adds months under a month-end rule: 2025-12-22 + 12 = 2026-12-22; 2024-01-31 + 1 = 2024-02-29 (either rule); 2024-04-30 + 1 = 2024-05-30 (clamp) or 2024-05-31 (end of month stays end of month).</summary>
    public static LocalDate AddMonths(LocalDate date, int months, MonthEndRule rule)
    {
        var plain = date.PlusMonths(months);
        if (rule == MonthEndRule.EndOfMonthStaysEndOfMonth && date.Day == date.Calendar.GetDaysInMonth(date.Year, date.Month))
        {
            return new LocalDate(plain.Year, plain.Month, plain.Calendar.GetDaysInMonth(plain.Year, plain.Month));
        }

        return plain;
    }

    /// <summary>"20 days", "5 Business Days (CN+HK ...)", "the 40th day", "12 months (month end: clamp to last day)".</summary>
    public string Describe(BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Unit switch
        {
            PeriodUnit.CalendarDays => TimeText.Count(Count, "day", "days"),
            PeriodUnit.BusinessDays => calendar.CountOf(Count),
            PeriodUnit.NthDay => $"the {TimeText.Ordinal(Count)} day",
            PeriodUnit.Months => TimeText.Count(Count, "month", "months") + (MonthEnd == MonthEndRule.ClampToLastDay
                ? " (month end: clamp to last day)"
                : " (month end: end of month stays end of month)"),
            _ => throw new ArgumentOutOfRangeException(nameof(Unit), Unit, "Unknown period unit."),
        };
    }
}
