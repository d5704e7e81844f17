namespace Proviso.Domain.Time;

/// <summary>
/// A problem in a user's calendar file, with where it is and what was expected:
/// <c>line 4, column 12: expected kind 'holiday' or 'workday', found 'holidy'</c>.
/// </summary>
/// <param name="Line">1-based line number in the file as given (for .ics, the first physical line of the folded content line).</param>
/// <param name="Column">1-based column, or null where a column means nothing (e.g. a missing END:VEVENT).</param>
/// <param name="Message">What was expected and what was found.</param>
public sealed record CalendarFileError(int Line, int? Column, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Column is { } c ? $"line {Line}, column {c}: {Message}" : $"line {Line}: {Message}";
}

/// <summary>The facts read from a calendar file, or the errors that stopped them being read. Never both.</summary>
public sealed record CalendarFileResult(IReadOnlyList<CalendarFact> Facts, IReadOnlyList<CalendarFileError> Errors)
{
    /// <summary>True when the file had no errors.</summary>
    public bool IsSuccess => Errors.Count == 0;

    internal static CalendarFileResult From(List<CalendarFact> facts, List<CalendarFileError> errors) =>
        errors.Count == 0 ? new(facts.OrderBy(f => f.Date).ToList(), []) : new([], errors);

    /// <summary>
    /// The dates the facts cover, as whole years (1 January of the first fact's year to 31 December of the last's),
    /// or null when there are no facts. Used as the range of a new user calendar unless one is stated.
    /// </summary>
    public DateRange? YearsCovered => Facts.Count == 0 ? null : DateRange.Years(Facts[0].Date.Year, Facts[^1].Date.Year);
}
