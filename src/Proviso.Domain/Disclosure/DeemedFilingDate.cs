using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;

namespace Proviso.Domain.Disclosure;

/// <summary>The date a filing is deemed filed, with the rule and the cut-off that decided it.</summary>
public sealed record DeemedFiling(LocalDate Date, LocalDateTime SubmittedEastern, LocalTime Cutoff, Citation Rule, string Explanation);

/// <summary>
/// The date of filing of an electronic submission. Regulation S-T Rule 13(a)(2): "all filings submitted by direct
/// transmission commencing on or before 5:30 p.m. Eastern Standard Time or Eastern Daylight Saving Time, whichever is
/// currently in effect, shall be deemed filed on the same business day, and all filings submitted by direct
/// transmission commencing after 5:30 p.m. ... shall be deemed filed as of the next business day." Rule 13(a)(4), as
/// amended by the 2023 beneficial ownership amendments (Release No. 33-11253, effective 5 February 2024), moves the
/// cut-off to 10 p.m. for Forms 3, 4 and 5 and for Schedules 13D and 13G.
/// </summary>
/// <remarks>
/// Interpretation: a submission on a day that is not a business day (a Saturday, Sunday or holiday, when EDGAR does not
/// accept filings) is deemed filed on the next business day. The instant used is EDGAR's acceptance time, the only one
/// the record keeps; "commencing" is read as that instant. A submission at exactly 5:30:00 p.m. is "on or before".
/// </remarks>
public static class DeemedFilingDate
{
    public static readonly DateTimeZone Eastern = DateTimeZoneProviders.Tzdb["America/New_York"];

    public static readonly LocalDate Amendments2023EffectiveOn = new(2024, 2, 5);

    public static readonly Citation StandardCutoffRule = new("regulation-s-t", "Rule 13(a)(2)",
        "commencing on or before 5:30 p.m. Eastern ... deemed filed on the same business day");

    public static readonly Citation LateCutoffRule = new("regulation-s-t", "Rule 13(a)(4)",
        "submitted by direct transmission on or before 10 p.m. Eastern ... shall be deemed filed on the same business day");

    private static readonly LocalTime Standard = new(17, 30);
    private static readonly LocalTime Late = new(22, 0);

    /// <summary>The cut-off for <paramref name="form"/> on <paramref name="day"/> and the rule that sets it.</summary>
    public static (LocalTime Cutoff, Citation Rule) CutoffFor(string form, LocalDate day)
    {
        var f = FormTypes.Normalise(form);
        if (f is "3" or "3/A" or "4" or "4/A" or "5" or "5/A") return (Late, LateCutoffRule);
        if (FormTypes.IsBeneficialOwnershipSchedule(f) && day >= Amendments2023EffectiveOn) return (Late, LateCutoffRule);
        return (Standard, StandardCutoffRule);
    }

    public static DeemedFiling Of(string form, Instant acceptedAt, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var local = acceptedAt.InZone(Eastern).LocalDateTime;
        var (cutoff, rule) = CutoffFor(form, local.Date);
        var day = calendar.Explain(local.Date);
        var at = $"{FormTypes.Normalise(form)} submitted {TimeText.DateTime(local)} Eastern";
        if (!day.IsBusinessDay)
        {
            var next = calendar.NextBusinessDay(local.Date);
            return new DeemedFiling(next, local, cutoff, rule, $"{at}: {day.Sentence}, so it is deemed filed on the next business day, {TimeText.Date(next)} ({FilingDeadline.Cite(rule)})");
        }

        if (local.TimeOfDay <= cutoff)
            return new DeemedFiling(local.Date, local, cutoff, rule, $"{at}, on or before the {TimeText.Time(cutoff)} cut-off: filed {TimeText.Date(local.Date)} ({FilingDeadline.Cite(rule)})");

        var following = calendar.NextBusinessDay(local.Date);
        return new DeemedFiling(following, local, cutoff, rule, $"{at}, after the {TimeText.Time(cutoff)} cut-off: deemed filed on the next business day, {TimeText.Date(following)} ({FilingDeadline.Cite(rule)})");
    }
}
