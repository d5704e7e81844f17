using NodaTime;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// ROFR s.4.6: "In the event that any of the Drag-Holders fails to execute a Decisive Agreement with the Determined
/// Offeror within twelve (12) months after the date of the Drag-Along Notice (the “Restriction Period”), then within six
/// (6) months after expiration of the Restriction Period (the “Release Period”), Main Access or PAC or Tencent or New
/// Oriental or CVC is entitled to execute a Decisive Agreement with any Person … to sell part or all of its Equity
/// Securities". The periods, their month-end rule and the named parties are terms.
/// <para>Interpretation: "the date of the Drag-Along Notice" is the day the Company sends it, in the terms' time zone;
/// the Restriction Period ends at the end of the day twelve months later (month-end rule from the terms) and the Release
/// Period starts at the next instant and ends at the end of the day six months after the Restriction Period's last day.
/// Neither rolls to a Business Day (the clause does not say so). Any Decisive Agreement executed within the Restriction
/// Period (with the Determined Offeror or in a Preferential Sale) means there is no Release Period. s.4.10: a Special Sale
/// consummated within the Release Period ends it at that instant.</para>
/// </summary>
public static class RestrictionPeriod
{
    public static Deadline Restriction(RestrictionTerms terms, LocalDate noticeDate, DateTimeZone zone, BusinessCalendar calendar) =>
        Deadline.Compute("Restriction Period", terms.RestrictionCitation, new Trigger("the date of the Drag-Along Notice", noticeDate), terms.RestrictionPeriod, calendar, zone);

    public static Deadline Release(RestrictionTerms terms, Deadline restriction, BusinessCalendar calendar) =>
        Deadline.Compute("Release Period", terms.ReleaseCitation, new Trigger("the expiry of the Restriction Period", restriction.DueDate), terms.ReleasePeriod, calendar, restriction.TimeZone);
}

/// <summary>Where a process stands against its Restriction and Release Periods at an instant.</summary>
public enum PeriodPhase
{
    /// <summary>No Drag-Along Notice yet, or the terms have no Restriction Period.</summary>
    None,
    /// <summary>Within the Restriction Period.</summary>
    Restriction,
    /// <summary>A Decisive Agreement was executed within the Restriction Period: no Release Period follows.</summary>
    Signed,
    /// <summary>Within the Release Period.</summary>
    Release,
    /// <summary>After the Release Period (or after a Special Sale ended it early).</summary>
    AfterRelease,
}
