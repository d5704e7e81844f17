using System.Collections.Immutable;
using NodaTime;

namespace Proviso.Domain.Time;

/// <summary>
/// One place's business days: its weekly rest days, its listed holidays and declared working days, and the range of
/// dates those facts cover. A date is a business day if a <see cref="CalendarFactKind.Workday"/> row opens it, or else
/// if it is neither a listed <see cref="CalendarFactKind.Holiday"/> nor a weekly rest day.
/// </summary>
public sealed class JurisdictionCalendar : BusinessCalendar
{
    private readonly ImmutableDictionary<LocalDate, CalendarFact> _facts;

    public JurisdictionCalendar(
        string id,
        string name,
        IEnumerable<IsoDayOfWeek> weeklyRestDays,
        IEnumerable<CalendarFact> facts,
        DateRange range,
        string source)
        : base(id, name, range)
    {
        ArgumentNullException.ThrowIfNull(weeklyRestDays);
        ArgumentNullException.ThrowIfNull(facts);
        WeeklyRestDays = weeklyRestDays.ToImmutableSortedSet();
        var builder = ImmutableDictionary.CreateBuilder<LocalDate, CalendarFact>();
        foreach (var fact in facts)
        {
            if (!builder.TryAdd(fact.Date, fact))
            {
                throw new ArgumentException($"Calendar {id} has two facts for {TimeText.Date(fact.Date)}.", nameof(facts));
            }
        }

        _facts = builder.ToImmutable();
        Source = source ?? string.Empty;
    }

    /// <summary>The days of the week on which this place is closed unless a workday row says otherwise.</summary>
    public IImmutableSet<IsoDayOfWeek> WeeklyRestDays { get; }

    /// <summary>Where the facts come from (the file and its provenance), shown by the command line.</summary>
    public string Source { get; }

    /// <summary>All facts, in date order.</summary>
    public IReadOnlyList<CalendarFact> Facts => _facts.Values.OrderBy(f => f.Date).ToList();

    /// <inheritdoc />
    public override string Term => $"business day in {Id}";

    /// <inheritdoc />
    public override string CountOf(int count) => TimeText.Count(count, "business day", "business days") + $" in {Id}";

    /// <summary>The fact listed for <paramref name="date"/>, if any (no range check).</summary>
    public CalendarFact? FactOn(LocalDate date) => _facts.GetValueOrDefault(date);

    /// <inheritdoc />
    public override DayExplanation Explain(LocalDate date)
    {
        EnsureCovers(date);
        var fact = FactOn(date);
        var rest = WeeklyRestDays.Contains(date.DayOfWeek);
        if (fact is { Kind: CalendarFactKind.Workday })
        {
            var reasons = rest
                ? new[] { new DayReason(Id, DayReasonKind.MakeUpWorkday, fact.Name, fact.Projected) }
                : Array.Empty<DayReason>();
            return new DayExplanation(date, true, Id, Term, reasons);
        }

        var closing = new List<DayReason>();
        if (fact is { Kind: CalendarFactKind.Holiday })
        {
            closing.Add(new DayReason(Id, DayReasonKind.Holiday, fact.Name, fact.Projected));
        }

        if (rest)
        {
            closing.Add(new DayReason(Id, DayReasonKind.WeeklyRestDay));
        }

        return new DayExplanation(date, closing.Count == 0, Id, Term, closing);
    }

    /// <summary>
    /// This calendar with <paramref name="overrides"/> applied date by date: a user's row replaces the shipped row for
    /// the same date (so a projected holiday can be confirmed, renamed, or cancelled with a <c>workday</c> row). The
    /// range grows to cover <paramref name="extendRangeTo"/> if given.
    /// </summary>
    public JurisdictionCalendar WithOverrides(IEnumerable<CalendarFact> overrides, string overrideSource, DateRange? extendRangeTo = null)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var merged = _facts.ToBuilder();
        foreach (var fact in overrides)
        {
            merged[fact.Date] = fact;
        }

        var range = Range;
        if (extendRangeTo is not null)
        {
            range = new DateRange(
                extendRangeTo.Start < Range.Start ? extendRangeTo.Start : Range.Start,
                extendRangeTo.End > Range.End ? extendRangeTo.End : Range.End);
        }

        return new JurisdictionCalendar(Id, Name, WeeklyRestDays, merged.Values, range, Source + "; overridden by " + overrideSource);
    }
}
