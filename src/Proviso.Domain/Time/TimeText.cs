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

    /// <summary>"2024-02-12".</summary>
    public static string Date(LocalDate date) => DatePattern.Format(date);

    /// <summary>"2024-02-12 17:00" (seconds shown only when not zero).</summary>
    public static string DateTime(LocalDateTime value) =>
        value.Second == 0 && value.NanosecondOfSecond == 0 ? MinutesPattern.Format(value) : SecondsPattern.Format(value);

    /// <summary>"2024-02-12 23:59:59", the last displayed second before <paramref name="exclusiveEnd"/>.</summary>
    public static string LastSecondBefore(LocalDateTime exclusiveEnd) => SecondsPattern.Format(exclusiveEnd.PlusSeconds(-1));

    /// <summary>"17:00".</summary>
    public static string Time(LocalTime time) => TimePattern.Format(time);

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
