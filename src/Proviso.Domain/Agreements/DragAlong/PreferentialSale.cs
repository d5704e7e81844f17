using NodaTime;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// The Preferential Sale's windows. ROFR s.4.2: "within five (5) Business Days after receipt of such written notice, any
/// holder of the Equity Securities other than the Drag Holders can choose to buy out the shares … and issue a notice of
/// buy-out (the “Buy-out Notice”) to the Drag Holders at terms not less favorable than the Determined Offeror …, then
/// after receipt of the Buy-out Notice, the Drag Holder shall request all other holders … to execute the Decisive
/// Agreement with such holder within seven (7) Business Days from the date of the receipt of the Buy-out Notice. For
/// avoidance of doubt, if no holder … responds in writing within the five (5) Business Days period aforementioned, then
/// the holder shall not be entitled to exercise its right of a Preferential Sale within the relevant Restriction Period
/// … However, if such holder requesting Preferential Sale fails to execute the Decisive Agreement … within seven (7)
/// Business Days after the issuance date of the Buy-out Notice, then the Drag Holders are entitled to request all holders
/// … to execute the Decisive Agreement with the Determined Offeror".
/// <para>Interpretation: each holder's window runs from its own deemed receipt of the written notice (s.6.6), the day of
/// receipt not counted, in Business Days on the agreement's calendar, counted at the holder's place; it ends at the end
/// of the fifth Business Day (the last minute, 23:59, is in time; midnight is not).</para>
/// <para>Interpretation: the clause gives two starts for the seven Business Days: "from the date of the receipt" (the
/// Drag Holders' request) and "after the issuance date" (the buyer's failure). The failure that sends the holders back
/// to the Determined Offeror is tested against the issuance date, counted at the buyer's place; the receipt-based
/// period is reported beside it.</para>
/// <para>Interpretation: a holder that stays silent in its window forfeits the Preferential Sale for the rest of the
/// Restriction Period of the notice, whichever offeror is later determined (the alternative, that forfeiture is tied to
/// the one Determined Offeror, is reported with the forfeiture).</para>
/// </summary>
public static class PreferentialSale
{
    /// <summary>A holder's Buy-out window, from its deemed receipt of the Drag Holders' written notice.</summary>
    public static Deadline BuyOutWindow(PreferentialSaleTerms terms, ReceiptRecord receipt, BusinessCalendar calendar) =>
        Deadline.Compute($"Buy-out window of {receipt.RecipientId}", terms.BuyOutWindowCitation,
            new Trigger($"receipt by {receipt.RecipientId} of the Drag Holders' notice to execute the Decisive Agreement", receipt.ReceivedOn),
            terms.BuyOutWindow, calendar, DateTimeZoneProviders.Tzdb[receipt.TimeZone]);

    /// <summary>The window for the buyer to execute the Decisive Agreement, from the issuance date of its Buy-out Notice.</summary>
    public static Deadline SigningWindow(PreferentialSaleTerms terms, BuyOutNoticeGiven notice, DateTimeZone buyerZone, BusinessCalendar calendar) =>
        Deadline.Compute($"Preferential Sale by {notice.HolderId}: Decisive Agreement", terms.SigningWindowCitation,
            new Trigger($"the issuance of {notice.HolderId}'s Buy-out Notice", notice.IssuedOn), terms.SigningWindow, calendar, buyerZone);

    /// <summary>The Drag Holders' period to request the other holders to sign with the buyer, from their (last) receipt of the Buy-out Notice.</summary>
    public static Deadline? RequestWindow(PreferentialSaleTerms terms, BuyOutNoticeGiven notice, BusinessCalendar calendar)
    {
        var last = notice.Receipts.OrderBy(r => r.EffectiveAt).LastOrDefault();
        if (last is null) return null;
        return Deadline.Compute($"Drag Holders' request to sign with {notice.HolderId}", terms.SigningWindowCitation,
            new Trigger("the Drag Holders' receipt of the Buy-out Notice", last.ReceivedOn), terms.SigningWindow, calendar, DateTimeZoneProviders.Tzdb[last.TimeZone]);
    }
}
