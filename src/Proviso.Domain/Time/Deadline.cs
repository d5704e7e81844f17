using NodaTime;
using NodaTime.Text;
using Proviso.Domain.Agreements;

namespace Proviso.Domain.Time;

/// <summary>What starts a period: a description and the date it happened (in the deadline's time zone).</summary>
public sealed record Trigger(string Description, LocalDate On);

/// <summary>
/// A deadline as a value: the clause, what triggered it and when, the period and its conventions, the calendar and
/// time zone, and the result, with one sentence that explains it:
/// <c>20 days after receipt of the Transfer Notice on 2021-01-04 (Asia/Hong_Kong) ends 2021-01-24 23:59:59; not rolled (rofr s.2.2(ii))</c>.
/// A period ends at the end of its last day: <see cref="ExpiresAt"/> is the first instant after it (the start of the
/// next day in <see cref="TimeZone"/>), and an act is in time if it happens strictly before that instant.
/// Build with <see cref="Compute"/>; for JSON use <see cref="ToData"/>.
/// </summary>
public sealed record Deadline
{
    private Deadline(
        string name,
        Citation citation,
        Trigger trigger,
        PeriodTerm period,
        BusinessCalendar calendar,
        DateTimeZone timeZone,
        LocalDate unrolledDate,
        LocalDate dueDate)
    {
        Name = name;
        Citation = citation;
        Trigger = trigger;
        Period = period;
        Calendar = calendar;
        TimeZone = timeZone;
        UnrolledDate = unrolledDate;
        DueDate = dueDate;
    }

    private string? _explanation;

    /// <summary>What the deadline is for, e.g. "Option Period".</summary>
    public string Name { get; }

    /// <summary>The clause that sets the period.</summary>
    public Citation Citation { get; }

    /// <summary>What started the period and on which date.</summary>
    public Trigger Trigger { get; }

    /// <summary>The period with its conventions.</summary>
    public PeriodTerm Period { get; }

    /// <summary>The business-day calendar used for business-day counts and rolls.</summary>
    public BusinessCalendar Calendar { get; }

    /// <summary>The time zone in which the days are counted.</summary>
    public DateTimeZone TimeZone { get; }

    /// <summary>The roll convention applied (from <see cref="Period"/>).</summary>
    public RollConvention Convention => Period.Roll;

    /// <summary>The last day of the period before any roll.</summary>
    public LocalDate UnrolledDate { get; }

    /// <summary>The last day of the period (for an "on the Nth day" period, the day itself), after the roll.</summary>
    public LocalDate DueDate { get; }

    /// <summary>For an "on the Nth day" period, the first instant of that day; otherwise the instant the trigger day ends, when counting starts.</summary>
    public Instant StartsAt => Period.Unit == PeriodUnit.NthDay
        ? TimeZone.AtStartOfDay(DueDate).ToInstant()
        : TimeZone.AtStartOfDay(Trigger.On.PlusDays(1)).ToInstant();

    /// <summary>The first instant after the period (exclusive end): the start of the day after <see cref="DueDate"/> in <see cref="TimeZone"/>.</summary>
    public Instant ExpiresAt => TimeZone.AtStartOfDay(DueDate.PlusDays(1)).ToInstant();

    /// <summary><see cref="ExpiresAt"/> in the deadline's time zone.</summary>
    public ZonedDateTime ExpiresAtLocal => ExpiresAt.InZone(TimeZone);

    /// <summary>One sentence that explains the result (written when first asked for: deciding a step checks many
    /// deadlines and explains none of them).</summary>
    public string Explanation => _explanation ??= Explain();

    /// <summary>True if an act at <paramref name="instant"/> is within the period (strictly before <see cref="ExpiresAt"/>; for an "on" day, on that day).</summary>
    public bool IsInTime(Instant instant) => instant < ExpiresAt && (Period.Unit != PeriodUnit.NthDay || instant >= StartsAt);

    /// <summary>
    /// Computes a deadline: the period's last day from the trigger date, then the roll convention against
    /// <paramref name="calendar"/> (consulted only when counting business days or rolling), in <paramref name="timeZone"/>.
    /// </summary>
    /// <exception cref="CalendarRangeException">The calendar has no facts for a date the computation needs.</exception>
    public static Deadline Compute(
        string name,
        Citation citation,
        Trigger trigger,
        PeriodTerm period,
        BusinessCalendar calendar,
        DateTimeZone timeZone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(citation);
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(timeZone);

        var unrolled = period.UnrolledEnd(trigger.On, calendar);
        var due = calendar.Roll(unrolled, period.Roll);
        return new Deadline(name, citation, trigger, period, calendar, timeZone, unrolled, due);
    }

    /// <summary>"&lt;period&gt; after &lt;trigger&gt; on &lt;date&gt; (&lt;zone&gt;) ends &lt;last second&gt;; &lt;roll&gt; (&lt;clause&gt;)".</summary>
    private string Explain()
    {
        var described = Period.Describe(Calendar);
        var triggeredOn = TimeText.Date(Trigger.On);
        var head = Period.Unit == PeriodUnit.NthDay
            ? $"{described} after {Trigger.Description} on {triggeredOn} ({TimeZone.Id}) is {TimeText.Date(DueDate)}"
            : $"{described} after {Trigger.Description} on {triggeredOn} ({TimeZone.Id}) ends {TimeText.LastSecondBefore(DueDate.PlusDays(1).AtMidnight())}";
        string roll;
        if (Period.Roll == RollConvention.None || Period.Unit == PeriodUnit.BusinessDays)
        {
            roll = "not rolled";
        }
        else if (DueDate == UnrolledDate)
        {
            roll = $"{TimeText.Date(UnrolledDate)} is a {Calendar.Term}, so {Period.Roll} does not move it";
        }
        else
        {
            roll = $"rolled {Period.Roll} from {TimeText.Date(UnrolledDate)}: {Calendar.Explain(UnrolledDate).Sentence}";
        }
        return $"{head}; {roll} ({Citation})";
    }

    /// <summary>Equal when everything the deadline was computed from and its result are (the explanation follows from them).</summary>
    public bool Equals(Deadline? other) =>
        other is not null && (ReferenceEquals(this, other) ||
        (Name == other.Name && Citation.Equals(other.Citation) && Trigger.Equals(other.Trigger) && Period.Equals(other.Period) &&
         Calendar.Equals(other.Calendar) && TimeZone.Equals(other.TimeZone) && UnrolledDate == other.UnrolledDate && DueDate == other.DueDate));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Citation, Trigger, Period, Calendar, TimeZone, UnrolledDate, DueDate);

    /// <summary>
    /// The deadline that expires last (the first such in order when several expire at the same instant), or null if
    /// there is none: the same choice as <c>OrderByDescending(d =&gt; d.ExpiresAt).FirstOrDefault()</c>, without sorting.
    /// </summary>
    internal static Deadline? Latest(IEnumerable<Deadline> deadlines)
    {
        Deadline? latest = null;
        var latestExpiry = default(Instant);
        foreach (var d in deadlines)
        {
            var expiry = d.ExpiresAt;
            if (latest is null || expiry > latestExpiry)
            {
                latest = d;
                latestExpiry = expiry;
            }
        }
        return latest;
    }

    /// <summary>A plain, JSON-friendly copy: ISO-8601 strings, no NodaTime types.</summary>
    public DeadlineData ToData() => new(
        Name,
        Citation.AgreementId,
        Citation.Section,
        Citation.Quote,
        Trigger.Description,
        TimeText.Date(Trigger.On),
        Period.Unit.ToString(),
        Period.Count,
        Period.MonthEnd?.ToString(),
        Period.Describe(Calendar),
        Calendar.Id,
        TimeZone.Id,
        Convention.ToString(),
        TimeText.Date(UnrolledDate),
        TimeText.Date(DueDate),
        InstantPattern.ExtendedIso.Format(StartsAt),
        InstantPattern.ExtendedIso.Format(ExpiresAt),
        OffsetDateTimePattern.Rfc3339.Format(ExpiresAtLocal.ToOffsetDateTime()),
        Explanation);

    /// <inheritdoc />
    public override string ToString() => Explanation;
}

/// <summary>A <see cref="Deadline"/> as plain strings and numbers, for JSON and other wire formats.</summary>
public sealed record DeadlineData(
    string Name,
    string AgreementId,
    string Section,
    string? Quote,
    string Trigger,
    string TriggerOn,
    string PeriodUnit,
    int PeriodCount,
    string? MonthEndRule,
    string Period,
    string CalendarId,
    string TimeZone,
    string RollConvention,
    string UnrolledDate,
    string DueDate,
    string StartsAtUtc,
    string ExpiresAtUtc,
    string ExpiresAtLocal,
    string Explanation);
