using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;

namespace Proviso.Domain.Disclosure;

/// <summary>
/// When a foreign private issuer's annual report on Form 20-F is due. Form 20-F, General Instruction A.(b): "An annual
/// report on this Form shall be filed within the four-month period after the end of the fiscal year covered by the
/// report." If the last day falls on a Saturday, Sunday or holiday, the report may be filed on the first business day
/// following (Exchange Act Rule 0-3(a)).
/// </summary>
/// <remarks>
/// Interpretation: the four-month period after a fiscal year ending on the last day of a month ends on the last day of
/// the fourth following month (31 December: 30 April; 30 June: 31 October); otherwise on the same day number four
/// months later, or the last day of that month if it is shorter.
/// </remarks>
public static class AnnualReportDueDate
{
    public static readonly Citation Rule = new("form-20-f", "General Instruction A.(b)",
        "An annual report on this Form shall be filed within the four-month period after the end of the fiscal year covered by the report.");

    /// <summary>The due date of the annual report for the fiscal year ending <paramref name="fiscalYearEnd"/>.</summary>
    public static FilingDeadline For(LocalDate fiscalYearEnd, BusinessCalendar calendar)
    {
        var lastDay = PeriodTerm.AddMonths(fiscalYearEnd, 4, MonthEndRule.EndOfMonthStaysEndOfMonth);
        return FilingDeadline.Rolled("Form 20-F due", Rule, "the end of the fiscal year", fiscalYearEnd, "four months", lastDay, calendar);
    }
}
