using NodaTime;

namespace Proviso.Domain.Time;

/// <summary>An inclusive range of dates, e.g. the years a calendar has facts for.</summary>
public sealed record DateRange
{
    public DateRange(LocalDate start, LocalDate end)
    {
        if (end < start)
        {
            throw new ArgumentException($"A date range cannot end ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).", nameof(end));
        }

        Start = start;
        End = end;
    }

    /// <summary>The first date in the range.</summary>
    public LocalDate Start { get; }

    /// <summary>The last date in the range (inclusive).</summary>
    public LocalDate End { get; }

    /// <summary>True if <paramref name="date"/> is on or after <see cref="Start"/> and on or before <see cref="End"/>.</summary>
    public bool Contains(LocalDate date) => date >= Start && date <= End;

    /// <summary>The dates in both ranges, or null if they do not overlap.</summary>
    public DateRange? Intersect(DateRange other)
    {
        var start = Start > other.Start ? Start : other.Start;
        var end = End < other.End ? End : other.End;
        return end < start ? null : new DateRange(start, end);
    }

    /// <summary>1 January of <paramref name="firstYear"/> to 31 December of <paramref name="lastYear"/>.</summary>
    public static DateRange Years(int firstYear, int lastYear) =>
        new(new LocalDate(firstYear, 1, 1), new LocalDate(lastYear, 12, 31));

    /// <summary>"2019-01-01 to 2027-12-31".</summary>
    public override string ToString() => $"{TimeText.Date(Start)} to {TimeText.Date(End)}";
}
