using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Time;

namespace Proviso.Domain.Disclosure;

/// <summary>
/// When a Schedule 13D and its amendments are due. Rule 13d-1(a), before the 2023 amendments: "within 10 days after the
/// date of the acquisition"; from 5 February 2024 (Release No. 33-11253): "within five business days after the date of
/// the acquisition". Rule 13d-2(a): "If any material change occurs in the facts set forth in the Schedule 13D ...
/// the person or persons who were required to file the statement shall promptly file" an amendment (before); "within
/// two business days after the date of such change" (from 5 February 2024). "An acquisition or disposition of beneficial
/// ownership of securities in an amount equal to one percent or more of the class of securities shall be deemed
/// 'material'". A passive investor who comes to own 20% or more (Rule 13d-1(f)(1)) files a Schedule 13D within the
/// same period as an initial Schedule 13D.
/// </summary>
/// <remarks>
/// Interpretation: the date of the event that requires the filing (the acquisition, the group's agreement, the change)
/// decides which version applies: before 2024-02-05 the old periods, from 2024-02-05 the new ones. Ten days are calendar
/// days, moved under Rule 0-3(a) if the tenth is not a business day.
/// </remarks>
public static class Schedule13DDeadlines
{
    public static readonly LocalDate NewRulesFrom = new(2024, 2, 5);

    public static readonly Citation InitialOld = new("exchange-act", "Rule 13d-1(a) (before 2024-02-05)", "within 10 days after the date of the acquisition");
    public static readonly Citation InitialNew = new("exchange-act", "Rule 13d-1(a) (from 2024-02-05, Release No. 33-11253)", "within five business days after the date of the acquisition");
    public static readonly Citation AmendmentOld = new("exchange-act", "Rule 13d-2(a) (before 2024-02-05)", "shall promptly file or cause to be filed with the Commission an amendment");
    public static readonly Citation AmendmentNew = new("exchange-act", "Rule 13d-2(a) (from 2024-02-05, Release No. 33-11253)", "within two business days after the date of such change");

    /// <summary>An initial Schedule 13D for an event on <paramref name="eventOn"/>.</summary>
    public static FilingDeadline Initial(string trigger, LocalDate eventOn, BusinessCalendar calendar) =>
        eventOn >= NewRulesFrom
            ? FilingDeadline.BusinessDaysAfter("Schedule 13D", InitialNew, trigger, eventOn, 5, calendar)
            : FilingDeadline.Rolled("Schedule 13D", InitialOld, trigger, eventOn, "10 days", eventOn.PlusDays(10), calendar);

    /// <summary>An amendment to a Schedule 13D for a material change on <paramref name="changeOn"/>.</summary>
    public static FilingDeadline Amendment(string trigger, LocalDate changeOn, BusinessCalendar calendar) =>
        changeOn >= NewRulesFrom
            ? FilingDeadline.BusinessDaysAfter("Schedule 13D/A", AmendmentNew, trigger, changeOn, 2, calendar)
            : FilingDeadline.Promptly("Schedule 13D/A", AmendmentOld, trigger, changeOn);
}
