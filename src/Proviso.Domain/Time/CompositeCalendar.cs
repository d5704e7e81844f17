using NodaTime;

namespace Proviso.Domain.Time;

/// <summary>
/// The calendar of a <see cref="BusinessDayDefinition"/>: a day is a Business Day only if every member calendar is
/// open on it and, when the definition excludes weekends, it is not a Saturday or a Sunday. Its range is the dates
/// every member covers.
/// </summary>
/// <remarks>
/// Interpretation: "legal holiday or other day on which commercial banks are required or authorized by Law to be
/// closed in the PRC and Hong Kong" is read as closed in either place (a day is a Business Day only if banks in both
/// may open), the same reading as "open in [each place]" in a definition that lists places conjunctively.
/// </remarks>
public sealed class CompositeCalendar : BusinessCalendar
{
    public CompositeCalendar(BusinessDayDefinition definition, IReadOnlyList<BusinessCalendar> members)
        : base(IdOf(definition), NameOf(definition, members), RangeOf(definition, members))
    {
        Definition = definition;
        Members = members;
    }

    /// <summary>The definition this calendar implements.</summary>
    public BusinessDayDefinition Definition { get; }

    /// <summary>The member calendars, in the definition's order.</summary>
    public IReadOnlyList<BusinessCalendar> Members { get; }

    /// <inheritdoc />
    public override string Term => $"{Definition.Term} ({Definition.Citation})";

    /// <inheritdoc />
    public override string CountOf(int count) => TimeText.Count(count, Definition.Term, Definition.Term + "s");

    /// <inheritdoc />
    /// <remarks>
    /// The member calendars and the definition are immutable, so a date's answer never changes: each is worked out once
    /// and kept (a deadline or a deemed receipt asks about the same few dates again and again).
    /// </remarks>
    public override DayExplanation Explain(LocalDate date)
    {
        EnsureCovers(date);
        var explained = _explained ??= new DayExplanation?[Period.DaysBetween(Range.Start, Range.End) + 1];
        var index = Period.DaysBetween(Range.Start, date);
        return explained[index] ??= Work(date);
    }

    // Filled on demand; two threads asking at once compute the same immutable answer, so either may be kept.
    private DayExplanation?[]? _explained;

    private DayExplanation Work(LocalDate date)
    {
        var closing = new List<DayReason>();
        var opening = new List<DayReason>();
        var weekend = date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;
        if (Definition.ExcludeWeekends && weekend)
        {
            closing.Add(new DayReason(Definition.Citation.ToString(), DayReasonKind.ExcludedWeekend));
        }

        foreach (var member in Members)
        {
            var answer = member.Explain(date);
            if (answer.IsBusinessDay)
            {
                opening.AddRange(answer.Reasons.Where(r => r.Kind == DayReasonKind.MakeUpWorkday));
            }
            else
            {
                // A weekend the definition already excludes needs no second reason from each member's weekly rest days.
                closing.AddRange(answer.Reasons.Where(r => r.Kind != DayReasonKind.MakeUpWorkday
                    && !(r.Kind == DayReasonKind.WeeklyRestDay && Definition.ExcludeWeekends && weekend)));
            }
        }

        return new DayExplanation(date, closing.Count == 0, Id, Term, closing.Concat(opening).ToList());
    }

    private static string IdOf(BusinessDayDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Jurisdictions.Count == 0)
        {
            throw new ArgumentException("A Business Day definition needs at least one jurisdiction.", nameof(definition));
        }

        return string.Join("+", definition.Jurisdictions) + (definition.ExcludeWeekends ? " (weekends excluded)" : string.Empty);
    }

    private static string NameOf(BusinessDayDefinition definition, IReadOnlyList<BusinessCalendar> members) =>
        $"{definition.Term} under {definition.Citation}: " + string.Join(", ", members.Select(m => m.Name)) + " all open"
        + (definition.ExcludeWeekends ? ", never a Saturday or Sunday" : string.Empty);

    private static DateRange RangeOf(BusinessDayDefinition definition, IReadOnlyList<BusinessCalendar> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("A composite calendar needs at least one member calendar.", nameof(members));
        }

        DateRange? range = members[0].Range;
        foreach (var member in members.Skip(1))
        {
            range = range?.Intersect(member.Range);
        }

        return range ?? throw new ArgumentException(
            $"The calendars of {IdOf(definition)} have no dates in common: " + string.Join("; ", members.Select(m => $"{m.Id} {m.Range}")) + ".",
            nameof(members));
    }
}
