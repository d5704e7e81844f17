using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.FirstRefusal;

/// <summary>
/// ROFR s.2.2(ii): "within ten (10) days after the end of the Option Period (the 'Extension Period')".
/// <para>Interpretation: the days are counted from the last day of the Option Period as a whole (the last purchaser's),
/// in that purchaser's time zone. Requests made earlier, once the requester has exercised in full, are accepted and
/// take effect with the others; the allocation is made at closing.</para>
/// </summary>
public static class ExtensionPeriod
{
    public static Deadline For(OverAllotmentTerms terms, Deadline stageEnd, BusinessCalendar calendar) =>
        Deadline.Compute(terms.PeriodName, terms.Citation, new Trigger($"the end of the {stageEnd.Name}", stageEnd.DueDate), terms.Period, calendar, stageEnd.TimeZone);
}
