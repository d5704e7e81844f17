using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;

namespace Proviso.Domain.Disclosure;

/// <summary>
/// When a Schedule 13G and its amendments are due, for each kind of 13G filer, before and after the 2023 amendments
/// (Release No. 33-11253; compliance with the revised Schedule 13G deadlines from 30 September 2024).
/// <list type="bullet">
/// <item>Qualified institutional investor, Rule 13d-1(b)(2): before, "within 45 days after the end of the calendar year
/// in which the person became so obligated"; after, "within 45 days after the end of the calendar quarter in which the
/// person became so obligated". More than 10% at a month end: before, within 10 days after the end of that month;
/// after, within five business days after it.</item>
/// <item>Passive investor, Rule 13d-1(c): before, "within 10 days after the date of acquisition"; after, "within five
/// business days after the date of acquisition".</item>
/// <item>Exempt investor, Rule 13d-1(d): before, "within 45 days after the end of the calendar year in which the person
/// became obligated"; after, within 45 days after the end of the calendar quarter in which it became obligated.</item>
/// <item>Amendments, Rule 13d-2(b): before, "within forty-five days after the end of each calendar year if, as of the end
/// of such calendar year, there are any changes in the information reported"; after, within 45 days after the end of
/// each calendar quarter in which a material change occurred.</item>
/// <item>A passive investor passing 10%, Rule 13d-2(d): before, "promptly"; after, within two business days.</item>
/// </list>
/// </summary>
/// <remarks>
/// Interpretation: the date of the event decides the version: events on or after 2024-09-30 (the compliance date) use
/// the new periods; earlier events the old ones. Forty-five days are calendar days after the last day of the year or
/// quarter, moved under Rule 0-3(a).
/// </remarks>
public static class Schedule13GDeadlines
{
    public static readonly LocalDate NewRulesFrom = new(2024, 9, 30);

    public static FilingDeadline Initial(FilerStatus status, string trigger, LocalDate eventOn, BusinessCalendar calendar)
    {
        var newRules = eventOn >= NewRulesFrom;
        return status switch
        {
            FilerStatus.Passive => newRules
                ? FilingDeadline.BusinessDaysAfter("Schedule 13G", Cite("13d-1(c)", true, "within five business days after the date of acquisition"), trigger, eventOn, 5, calendar)
                : FilingDeadline.Rolled("Schedule 13G", Cite("13d-1(c)", false, "within 10 days after the date of acquisition"), trigger, eventOn, "10 days", eventOn.PlusDays(10), calendar),
            FilerStatus.QualifiedInstitutional => AfterPeriodEnd(Cite("13d-1(b)(2)", newRules, newRules ? "within 45 days after the end of the calendar quarter in which the person became so obligated" : "within 45 days after the end of the calendar year in which the person became so obligated"), "Schedule 13G", trigger, eventOn, newRules, calendar),
            FilerStatus.Exempt => AfterPeriodEnd(Cite("13d-1(d)", newRules, newRules ? "within 45 days after the end of the calendar quarter in which the person became obligated" : "within 45 days after the end of the calendar year in which the person became obligated"), "Schedule 13G", trigger, eventOn, newRules, calendar),
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Schedule 13D filers do not file Schedule 13G."),
        };
    }

    /// <summary>A Schedule 13G amendment for a change on <paramref name="changeOn"/> (Rule 13d-2(b)).</summary>
    public static FilingDeadline Amendment(string trigger, LocalDate changeOn, BusinessCalendar calendar)
    {
        var newRules = changeOn >= NewRulesFrom;
        return AfterPeriodEnd(Cite("13d-2(b)", newRules, newRules
                ? "within 45 days after the end of each calendar quarter in which any material change occurred"
                : "within forty-five days after the end of each calendar year if ... there are any changes in the information reported"),
            "Schedule 13G/A", trigger, changeOn, newRules, calendar);
    }

    /// <summary>A 13G filer passing 10% of the class (Rule 13d-1(b)(2) for a QII; Rule 13d-2(d) for a passive investor).</summary>
    public static FilingDeadline TenPercent(FilerStatus status, string trigger, LocalDate eventOn, BusinessCalendar calendar)
    {
        var newRules = eventOn >= NewRulesFrom;
        if (status == FilerStatus.QualifiedInstitutional)
        {
            var monthEnd = eventOn.With(DateAdjusters.EndOfMonth);
            return newRules
                ? FilingDeadline.BusinessDaysAfter("Schedule 13G/A (more than 10%)", Cite("13d-2(c)", true, "within five business days after the end of the month in which beneficial ownership exceeds 10 percent"), $"the end of the month of {trigger}", monthEnd, 5, calendar)
                : FilingDeadline.Rolled("Schedule 13G/A (more than 10%)", Cite("13d-2(c)", false, "within 10 days after the end of the first month in which beneficial ownership exceeds 10 percent"), $"the end of the month of {trigger}", monthEnd, "10 days", monthEnd.PlusDays(10), calendar);
        }

        return newRules
            ? FilingDeadline.BusinessDaysAfter("Schedule 13G/A (more than 10%)", Cite("13d-2(d)", true, "within two business days after the date of the acquisition"), trigger, eventOn, 2, calendar)
            : FilingDeadline.Promptly("Schedule 13G/A (more than 10%)", Cite("13d-2(d)", false, "shall promptly file an amendment"), trigger, eventOn);
    }

    private static FilingDeadline AfterPeriodEnd(Citation rule, string name, string trigger, LocalDate eventOn, bool quarterly, BusinessCalendar calendar)
    {
        var periodEnd = quarterly ? QuarterEnd(eventOn) : new LocalDate(eventOn.Year, 12, 31);
        var what = quarterly ? $"the end of the calendar quarter of {trigger}" : $"the end of the calendar year of {trigger}";
        return FilingDeadline.Rolled(name, rule, what, periodEnd, "45 days", periodEnd.PlusDays(45), calendar);
    }

    public static LocalDate QuarterEnd(LocalDate d)
    {
        var month = ((d.Month - 1) / 3 * 3) + 3;
        return new LocalDate(d.Year, month, 1).With(DateAdjusters.EndOfMonth);
    }

    private static Citation Cite(string rule, bool newRules, string quote) =>
        new("exchange-act", newRules ? $"Rule {rule} (from 2024-09-30, Release No. 33-11253)" : $"Rule {rule} (before 2024-09-30)", quote);
}
