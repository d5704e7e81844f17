using NodaTime;

namespace Proviso.Domain.Time;

/// <summary>Why a calendar opens or closes a date.</summary>
public enum DayReasonKind
{
    /// <summary>The jurisdiction's weekly rest day (e.g. Sunday in Hong Kong).</summary>
    WeeklyRestDay,

    /// <summary>A listed holiday.</summary>
    Holiday,

    /// <summary>A weekly rest day declared a working day (a Chinese make-up working day).</summary>
    MakeUpWorkday,

    /// <summary>A Saturday or Sunday, excluded by a Business Day definition that says "other than a Saturday or a Sunday".</summary>
    ExcludedWeekend,
}

/// <summary>One reason in a <see cref="DayExplanation"/>: which calendar, what kind, and the fact's name if any.</summary>
public sealed record DayReason(string CalendarId, DayReasonKind Kind, string? Name = null, bool Projected = false)
{
    /// <summary>"HK holiday 'The third day of Lunar New Year'", "CN make-up working day '...'", "Sunday is a weekly rest day in HK".</summary>
    public string Text(LocalDate date)
    {
        var label = Name is null ? string.Empty : Projected ? $" '{Name}'{CalendarFact.ProjectedSuffix}" : $" '{Name}'";
        return Kind switch
        {
            DayReasonKind.Holiday => $"{CalendarId} holiday{label}",
            DayReasonKind.MakeUpWorkday => $"{CalendarId} make-up working day{label}",
            DayReasonKind.WeeklyRestDay => $"{TimeText.Weekday(date.DayOfWeek)} is a weekly rest day in {CalendarId}",
            DayReasonKind.ExcludedWeekend => $"a {TimeText.Weekday(date.DayOfWeek)}, which {CalendarId} excludes",
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown day reason."),
        };
    }
}

/// <summary>
/// The answer to "is this a business day, and why": <c>2024-02-12 is not a Business Day (ROFR): CN holiday 'Spring
/// Festival (春节)'; HK holiday 'The third day of Lunar New Year'</c>.
/// </summary>
public sealed record DayExplanation(
    LocalDate Date,
    bool IsBusinessDay,
    string CalendarId,
    string Term,
    IReadOnlyList<DayReason> Reasons)
{
    /// <summary>The closing reasons when the day is closed; the reasons that nevertheless did not close it otherwise.</summary>
    public string Sentence
    {
        get
        {
            var head = $"{TimeText.Date(Date)} ({TimeText.Weekday(Date.DayOfWeek)}) is {(IsBusinessDay ? "a" : "not a")} {Term}";
            if (Reasons.Count == 0)
            {
                return head;
            }

            var joiner = IsBusinessDay ? "; note: " : ": ";
            var closing = Reasons.Where(r => r.Kind != DayReasonKind.MakeUpWorkday).Select(r => r.Text(Date)).ToList();
            var opening = Reasons.Where(r => r.Kind == DayReasonKind.MakeUpWorkday).Select(r => r.Text(Date)).ToList();
            var parts = new List<string>();
            if (IsBusinessDay)
            {
                parts.AddRange(opening);
                parts.AddRange(closing);
                return head + joiner + string.Join("; ", parts);
            }

            parts.AddRange(closing);
            var text = head + joiner + string.Join("; ", parts);
            return opening.Count == 0 ? text : text + " (" + string.Join("; ", opening) + ", does not count)";
        }
    }

    /// <inheritdoc />
    public override string ToString() => Sentence;
}
