using NodaTime;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.FirstRefusal;

/// <summary>When the first-refusal purchases close if the parties do not agree otherwise, and why.</summary>
public sealed record ClosingSchedule(LocalDate Date, bool OnOrBefore, Deadline? Deadline, string Explanation, Citation Citation);

/// <summary>
/// ROFR s.2.2(iii): payment "at the time of the scheduled closing therefor, but if they cannot agree, then … on the 40th
/// day after the Company's receipt of the Transfer Notice, unless such notice contemplated a later closing date with
/// the prospective third party transferee or unless the value of the purchase price has not yet been established
/// pursuant to Section 2.2(iv), in which case the closing shall be on such later date or as provided in Section
/// 2.2(iv)(d)"; s.2.2(iv)(d): "If the value of the purchase price … is not determined within 30 days following the
/// Company's receipt of the Transfer Notice …, the closing … shall be held on or prior to the fifth (5th) Business Day
/// after such valuation".
/// <para>Interpretation: a date agreed by the Transferor and the purchasers always prevails (the default applies only
/// "if they cannot agree"), so the engine reports the default and does not refuse a closing on another date. Until a
/// non-cash consideration is valued, the closing cannot be scheduled, and the schedule says so.</para>
/// </summary>
public static class ClosingDate
{
    public static ClosingSchedule? Default(FirstRefusalTerms terms, TransferOffer offer, ReceiptRecord companyReceipt, ValuationRecorded? valuation, BusinessCalendar calendar)
    {
        var zone = DateTimeZoneProviders.Tzdb[companyReceipt.TimeZone];
        if (offer.IsNonCash && terms.NonCash is { } nc)
        {
            var due = Deadline.Compute("Valuation within the period", nc.Citation, new Trigger("the Company's receipt of the Transfer Notice", companyReceipt.ReceivedOn), nc.ValuationDue, calendar, zone);
            if (valuation is null) return null;
            if (valuation.DeterminedOn > due.DueDate)
            {
                var after = Deadline.Compute("Closing after valuation", nc.Citation, new Trigger("the valuation", valuation.DeterminedOn), nc.ClosingAfterValuation, calendar, zone);
                return new ClosingSchedule(after.DueDate, true, after,
                    $"The value was determined on {valuation.DeterminedOn:yyyy-MM-dd}, after {due.DueDate:yyyy-MM-dd}, the last day of the period after the Company's receipt; the closing is on or before {after.DueDate:yyyy-MM-dd}: {after.Explanation}", nc.Citation);
            }
        }
        var nth = Deadline.Compute("Closing", terms.Closing.Citation, new Trigger("the Company's receipt of the Transfer Notice", companyReceipt.ReceivedOn), terms.Closing.DefaultDate, calendar, zone);
        if (terms.Closing.NoticeMayFixLaterDate && offer.ProposedClosingDate is { } later && later > nth.DueDate)
            return new ClosingSchedule(later, false, null,
                $"The Transfer Notice contemplates closing with the third party on {later:yyyy-MM-dd}, later than {nth.DueDate:yyyy-MM-dd} ({nth.Explanation}), so the closing is on that later date", terms.Closing.Citation);
        return new ClosingSchedule(nth.DueDate, false, nth, nth.Explanation, terms.Closing.Citation);
    }
}
