using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;

namespace Proviso.Domain.Disclosure;

/// <summary>
/// Notification of late filing (Form 12b-25, filed as "NT 20-F") and the extension it gives. Exchange Act Rule
/// 12b-25(b): if the registrant "(1) ... files the required notification on Form 12b-25 no later than one business day
/// after the due date for such report", and "(2)(ii) the subject annual report ... will be filed no later than the
/// fifteenth calendar day following the prescribed due date", the report "will be deemed to be filed on the prescribed
/// due date" when filed within that period.
/// </summary>
/// <remarks>
/// Interpretation: "the due date" is the due date after any move under Rule 0-3(a) (the last day the report could be
/// filed on time); the fifteenth calendar day is counted from it, and moved under Rule 0-3(a) in turn if it is not a
/// business day. A notification filed on or before the due date itself is in time.
/// </remarks>
public static class LateFilingNotification
{
    public static readonly Citation NotificationRule = new("exchange-act", "Rule 12b-25(b)(1)",
        "files the required notification on Form 12b-25 no later than one business day after the due date for such report");

    public static readonly Citation ExtensionRule = new("exchange-act", "Rule 12b-25(b)(2)(ii)",
        "the subject annual report ... will be filed no later than the fifteenth calendar day following the prescribed due date");

    /// <summary>The last day for the NT 20-F: one business day after the report's due date.</summary>
    public static FilingDeadline NotificationDue(LocalDate reportDue, BusinessCalendar calendar) =>
        FilingDeadline.BusinessDaysAfter("NT 20-F due", NotificationRule, "the Form 20-F due date", reportDue, 1, calendar);

    /// <summary>The extended date for the report if a notification was filed in time: the fifteenth calendar day after the due date.</summary>
    public static FilingDeadline ExtendedDue(LocalDate reportDue, BusinessCalendar calendar) =>
        FilingDeadline.Rolled("Form 20-F extended", ExtensionRule, "the Form 20-F due date", reportDue, "15 calendar days", reportDue.PlusDays(15), calendar);

    /// <summary>True if a notification deemed filed on <paramref name="filedOn"/> is in time for a report due on <paramref name="reportDue"/>.</summary>
    public static bool IsInTime(LocalDate filedOn, LocalDate reportDue, BusinessCalendar calendar) =>
        filedOn <= NotificationDue(reportDue, calendar).Due!.Value;
}
