using NodaTime;

namespace Proviso.Domain.Time;

/// <summary>
/// A calendar was asked about a date it has no facts for. Outside its range a calendar cannot know the holidays, so it
/// refuses rather than answering "no holidays".
/// </summary>
public sealed class CalendarRangeException : Exception
{
    public CalendarRangeException(string calendarId, DateRange range, LocalDate date)
        : base($"calendar {calendarId} has facts for {range}; {TimeText.Date(date)} is outside it")
    {
        CalendarId = calendarId;
        Range = range;
        Date = date;
    }

    /// <summary>The calendar asked, e.g. "HK".</summary>
    public string CalendarId { get; }

    /// <summary>The dates the calendar has facts for.</summary>
    public DateRange Range { get; }

    /// <summary>The date asked about.</summary>
    public LocalDate Date { get; }
}
