using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Proviso.Domain.Time;

/// <summary>The one place where the time layer formats dates and times for people, so every sentence agrees.</summary>
internal static class TimeText
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly LocalDateTimePattern SecondsPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm:ss");
    private static readonly LocalDateTimePattern MinutesPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    // The patterns' text for an ISO date of a four-digit year is written directly (the same characters, without the
    // pattern engine): deadlines and receipts format dates in every sentence they explain. Other dates use the patterns.

    /// <summary>"2024-02-12".</summary>
    public static string Date(LocalDate date) =>
        IsPlainIso(date) ? string.Create(10, date, static (span, d) => WriteDate(span, d)) : DatePattern.Format(date);

    /// <summary>"2024-02-12 17:00" (seconds shown only when not zero).</summary>
    public static string DateTime(LocalDateTime value)
    {
        var minutesOnly = value.Second == 0 && value.NanosecondOfSecond == 0;
        if (!IsPlainIso(value.Date)) return minutesOnly ? MinutesPattern.Format(value) : SecondsPattern.Format(value);
        return minutesOnly
            ? string.Create(16, value, static (span, v) => WriteDateTime(span, v, false))
            : string.Create(19, value, static (span, v) => WriteDateTime(span, v, true));
    }

    /// <summary>"2024-02-12 23:59:59", the last displayed second before <paramref name="exclusiveEnd"/>.</summary>
    public static string LastSecondBefore(LocalDateTime exclusiveEnd)
    {
        var last = exclusiveEnd.PlusSeconds(-1);
        return IsPlainIso(last.Date) ? string.Create(19, last, static (span, v) => WriteDateTime(span, v, true)) : SecondsPattern.Format(last);
    }

    /// <summary>"17:00".</summary>
    public static string Time(LocalTime time) => string.Create(5, time, static (span, t) =>
    {
        Write2(span, t.Hour);
        span[2] = ':';
        Write2(span[3..], t.Minute);
    });

    private static bool IsPlainIso(LocalDate date) => date.Calendar == CalendarSystem.Iso && date.Year is >= 0 and <= 9999;

    private static void WriteDate(Span<char> span, LocalDate date)
    {
        var y = date.Year;
        span[0] = (char)('0' + y / 1000);
        span[1] = (char)('0' + y / 100 % 10);
        span[2] = (char)('0' + y / 10 % 10);
        span[3] = (char)('0' + y % 10);
        span[4] = '-';
        Write2(span[5..], date.Month);
        span[7] = '-';
        Write2(span[8..], date.Day);
    }

    private static void WriteDateTime(Span<char> span, LocalDateTime value, bool seconds)
    {
        WriteDate(span, value.Date);
        span[10] = ' ';
        Write2(span[11..], value.Hour);
        span[13] = ':';
        Write2(span[14..], value.Minute);
        if (!seconds) return;
        span[16] = ':';
        Write2(span[17..], value.Second);
    }

    private static void Write2(Span<char> span, int n)
    {
        span[0] = (char)('0' + n / 10);
        span[1] = (char)('0' + n % 10);
    }

    /// <summary>"Monday".</summary>
    public static string Weekday(IsoDayOfWeek day) => day.ToString();

    /// <summary>"1st", "2nd", "40th".</summary>
    public static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>"1 day", "20 days".</summary>
    public static string Count(int n, string singular, string plural) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? singular : plural);
}
