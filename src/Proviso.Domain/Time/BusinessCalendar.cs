using NodaTime;

namespace Proviso.Domain.Time;

/// <summary>
/// A "Business Day" calendar: which dates are business days, why, and the arithmetic that follows from it. A calendar
/// has facts only for <see cref="Range"/>; asking about any other date throws <see cref="CalendarRangeException"/>.
/// </summary>
public abstract class BusinessCalendar
{
    protected BusinessCalendar(string id, string name, DateRange range)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = id;
        Name = name;
        Range = range ?? throw new ArgumentNullException(nameof(range));
    }

    /// <summary>A short id: "CN", "HK", "KY", "US-FED", or for a composite e.g. "CN+HK (weekends excluded)".</summary>
    public string Id { get; }

    /// <summary>A human name, e.g. "Hong Kong general holidays".</summary>
    public string Name { get; }

    /// <summary>The dates this calendar has facts for (inclusive).</summary>
    public DateRange Range { get; }

    /// <summary>The words used in explanations: "business day in HK", or "Business Day" for an agreement's definition.</summary>
    public abstract string Term { get; }

    /// <summary>"5 business days in HK", or "5 Business Days" for an agreement's definition.</summary>
    public abstract string CountOf(int count);

    /// <summary>Why <paramref name="date"/> is or is not a business day. Throws <see cref="CalendarRangeException"/> outside <see cref="Range"/>.</summary>
    public abstract DayExplanation Explain(LocalDate date);

    /// <summary>True if <paramref name="date"/> is a business day. Throws <see cref="CalendarRangeException"/> outside <see cref="Range"/>.</summary>
    public bool IsBusinessDay(LocalDate date) => Explain(date).IsBusinessDay;

    /// <summary>Throws <see cref="CalendarRangeException"/> unless <paramref name="date"/> is inside <see cref="Range"/>.</summary>
    public void EnsureCovers(LocalDate date)
    {
        if (!Range.Contains(date))
        {
            throw new CalendarRangeException(Id, Range, date);
        }
    }

    /// <summary>The first business day strictly after <paramref name="date"/>.</summary>
    public LocalDate NextBusinessDay(LocalDate date)
    {
        var d = date.PlusDays(1);
        while (!IsBusinessDay(d))
        {
            d = d.PlusDays(1);
        }

        return d;
    }

    /// <summary>The last business day strictly before <paramref name="date"/>.</summary>
    public LocalDate PreviousBusinessDay(LocalDate date)
    {
        var d = date.PlusDays(-1);
        while (!IsBusinessDay(d))
        {
            d = d.PlusDays(-1);
        }

        return d;
    }

    /// <summary>
    /// The <paramref name="count"/>th business day after <paramref name="date"/> (the start date itself is not counted,
    /// whether or not it is a business day). A negative count goes backwards; zero returns <paramref name="date"/>.
    /// </summary>
    public LocalDate AddBusinessDays(LocalDate date, int count)
    {
        var d = date;
        for (var i = 0; i < Math.Abs(count); i++)
        {
            d = count > 0 ? NextBusinessDay(d) : PreviousBusinessDay(d);
        }

        return d;
    }

    /// <summary>Applies a <see cref="RollConvention"/> to <paramref name="date"/>; a business day never moves.</summary>
    public LocalDate Roll(LocalDate date, RollConvention convention)
    {
        if (convention == RollConvention.None || IsBusinessDay(date))
        {
            return date;
        }

        return convention switch
        {
            RollConvention.Following => NextBusinessDay(date),
            RollConvention.Preceding => PreviousBusinessDay(date),
            RollConvention.ModifiedFollowing => NextBusinessDay(date) is var next && next.Month == date.Month && next.Year == date.Year
                ? next
                : PreviousBusinessDay(date),
            _ => throw new ArgumentOutOfRangeException(nameof(convention), convention, "Unknown roll convention."),
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({Name}, {Range})";
}
