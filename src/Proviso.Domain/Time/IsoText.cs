using NodaTime;
using NodaTime.Text;

namespace Proviso.Domain.Time;

/// <summary>
/// The ledger's two ISO 8601 forms written into a caller's buffer instead of a new string: a date as
/// <see cref="LocalDatePattern.Iso"/> writes it (<c>2026-11-22</c>) and an instant as
/// <see cref="InstantPattern.ExtendedIso"/> writes it (<c>2026-11-22T01:31:43.9568003Z</c>: the fraction of the second
/// to at most nine digits, trailing zeros left out, no point when there is none). The same text as those patterns for
/// every value (years 1 to 9999 are written here; the rest, which no ledger holds, by the patterns themselves).
/// </summary>
public static class IsoText
{
    /// <summary>Enough for any date (<c>-9998-01-01</c>).</summary>
    public const int MaxDateLength = 11;

    /// <summary>Enough for any instant (<c>-9998-01-01T00:00:00.123456789Z</c>).</summary>
    public const int MaxInstantLength = 31;

    /// <summary>Writes <paramref name="date"/> into <paramref name="destination"/> (at least <see cref="MaxDateLength"/> long); returns the length.</summary>
    public static int Format(LocalDate date, Span<char> destination)
    {
        if (date.Year is < 1 or > 9999 || date.Calendar != CalendarSystem.Iso) return Copy(LocalDatePattern.Iso.Format(date), destination);
        WriteDate(date.Year, date.Month, date.Day, destination);
        return 10;
    }

    /// <summary>Writes <paramref name="instant"/> into <paramref name="destination"/> (at least <see cref="MaxInstantLength"/> long); returns the length.</summary>
    public static int Format(Instant instant, Span<char> destination)
    {
        var utc = instant.InUtc();
        if (utc.Year is < 1 or > 9999) return Copy(InstantPattern.ExtendedIso.Format(instant), destination);
        WriteDate(utc.Year, utc.Month, utc.Day, destination);
        destination[10] = 'T';
        Two(utc.Hour, destination[11..]);
        destination[13] = ':';
        Two(utc.Minute, destination[14..]);
        destination[16] = ':';
        Two(utc.Second, destination[17..]);
        var at = 19;
        var nanoseconds = utc.NanosecondOfSecond;
        if (nanoseconds != 0)
        {
            destination[at++] = '.';
            var digits = 9;
            while (nanoseconds % 10 == 0)
            {
                nanoseconds /= 10;
                digits--;
            }
            for (var i = digits - 1; i >= 0; i--)
            {
                destination[at + i] = (char)('0' + nanoseconds % 10);
                nanoseconds /= 10;
            }
            at += digits;
        }
        destination[at++] = 'Z';
        return at;
    }

    private static void WriteDate(int year, int month, int day, Span<char> destination)
    {
        Two(year / 100, destination);
        Two(year % 100, destination[2..]);
        destination[4] = '-';
        Two(month, destination[5..]);
        destination[7] = '-';
        Two(day, destination[8..]);
    }

    private static void Two(int value, Span<char> destination)
    {
        destination[0] = (char)('0' + value / 10);
        destination[1] = (char)('0' + value % 10);
    }

    private static int Copy(string text, Span<char> destination)
    {
        text.AsSpan().CopyTo(destination);
        return text.Length;
    }
}
