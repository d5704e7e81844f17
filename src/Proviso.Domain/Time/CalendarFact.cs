using NodaTime;

namespace Proviso.Domain.Time;

/// <summary>What a calendar row says about its date.</summary>
public enum CalendarFactKind
{
    /// <summary>A non-working day (a public, general or bank holiday).</summary>
    Holiday,

    /// <summary>
    /// A declared working day. In the shipped data only mainland China has these: a Saturday or Sunday made a working
    /// day to make up for a holiday block. In a user override it also cancels a holiday on that date.
    /// </summary>
    Workday,
}

/// <summary>
/// One dated fact of a jurisdiction calendar, as it appears in a calendar file: <c>2024-02-12,holiday,The third day of
/// Lunar New Year</c>. <see cref="Projected"/> is true for rows not yet officially announced (names ending
/// <c> [projected]</c> in the file); <see cref="Name"/> is stored without that suffix.
/// </summary>
public sealed record CalendarFact(LocalDate Date, CalendarFactKind Kind, string Name, bool Projected = false)
{
    /// <summary>The suffix that marks a projected row in a calendar file.</summary>
    public const string ProjectedSuffix = " [projected]";

    /// <summary>"'Spring Festival (春节)'" or "'Spring Festival (春节)' [projected]".</summary>
    public string Label => Projected ? $"'{Name}'{ProjectedSuffix}" : $"'{Name}'";
}
