using Proviso.Domain.Agreements;

namespace Proviso.Domain.Time;

/// <summary>
/// An agreement's definition of "Business Day", as data: whether Saturdays and Sundays are excluded outright, and the
/// places whose banks must all be open. For example "any day (other than a Saturday or a Sunday) on which banks
/// generally are open in [the PRC, Hong Kong, the Cayman Islands and the City of New York]" is
/// <c>new BusinessDayDefinition(true, ["CN", "HK", "KY", "US-FED"], citation)</c>.
/// </summary>
/// <param name="ExcludeWeekends">True when the definition itself names Saturday and Sunday; then a Chinese make-up
/// working Saturday is still not a Business Day. False when each place's own working days decide.</param>
/// <param name="Jurisdictions">Calendar ids; a day is a Business Day only if it is a business day in every one.</param>
/// <param name="Citation">The clause that defines the term.</param>
/// <param name="Term">The defined term as the agreement spells it.</param>
public sealed record BusinessDayDefinition(
    bool ExcludeWeekends,
    IReadOnlyList<string> Jurisdictions,
    Citation Citation,
    string Term = "Business Day")
{
    /// <summary>The composite calendar from the calendars in <paramref name="catalog"/> (built once per definition and catalog; both are immutable).</summary>
    public CompositeCalendar Resolve(CalendarCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.CompositeOf(this);
    }
}
