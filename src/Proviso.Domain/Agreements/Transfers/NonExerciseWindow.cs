using NodaTime;
using Proviso.Domain.Agreements.CoSale;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Ledger;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>
/// ROFR s.2.4(i): "the Transferor shall have a period of sixty (60) days from the expiration of the Option Period in which
/// to sell the remaining Offered Shares to the third party transferee identified in the Transfer Notice upon terms and
/// conditions (including the purchase price) no more favorable to the purchaser than those specified in the Transfer
/// Notice …. each such transferee, prior to and as a condition to the consummation of any sale, shall execute and
/// deliver … documents … assuming the obligations of such Transferor …, and the transfer shall not be effective … until
/// such documents … are so executed and delivered"; s.2.4(ii): if the sale is not consummated within the period, "the
/// rights of the Investors under Section 2.2 and Section 2.3 shall be re-invoked".
/// <para>Interpretation: the window starts at the end of the last Option Period (co-sale periods included), counted in
/// that recipient's time zone. A sale at a lower price per share, to another transferee, or with any term the
/// Transferor states is better for the buyer than the notice's is not the sale the notice offered: it is void and
/// recorded as a refused attempt. A joinder signed at the same instant as the closing counts as signed before it.</para>
/// </summary>
public static class NonExerciseWindow
{
    /// <summary>The window as a deadline, once the periods that start it are known.</summary>
    public static Deadline? Window(Agreement agreement, FirstRefusalTerms fr, TransferProcess process, BusinessCalendar calendar)
    {
        if (fr.SaleWindow.From == SaleWindowStart.CompanyReceipt) return Window(agreement, fr, process, calendar, null);
        return Window(agreement, fr, process, calendar, OptionPeriodsEnd(agreement, fr, process, calendar));
    }

    /// <summary>The window, given <paramref name="optionPeriodsEnd"/> as <see cref="OptionPeriodsEnd"/> computes it (read only when the window starts there).</summary>
    internal static Deadline? Window(Agreement agreement, FirstRefusalTerms fr, TransferProcess process, BusinessCalendar calendar, Deadline? optionPeriodsEnd)
    {
        var w = fr.SaleWindow;
        if (w.From == SaleWindowStart.CompanyReceipt)
        {
            if (process.ReceiptOf(agreement.CompanyId) is not { } company) return null;
            return Deadline.Compute("Sale window", w.Citation, new Trigger("the Company's receipt of the Transfer Notice", company.ReceivedOn), w.Period, calendar, DateTimeZoneProviders.Tzdb[company.TimeZone]);
        }
        if (optionPeriodsEnd is not { } end) return null;
        return Deadline.Compute("Sale window", w.Citation, new Trigger("the expiration of the Option Period", end.DueDate), w.Period, calendar, end.TimeZone);
    }

    /// <summary>The latest of every purchaser's and co-seller's period.</summary>
    public static Deadline? OptionPeriodsEnd(Agreement agreement, FirstRefusalTerms fr, TransferProcess process, BusinessCalendar calendar)
    {
        var all = new List<Deadline>();
        foreach (var stage in fr.Stages)
        {
            if (!process.StageReceipts.TryGetValue(stage.Id, out var receipts) || !process.Entitlements.TryGetValue(stage.Id, out var table)) continue;
            var purchasers = table.Shares.Select(s => s.HolderId).ToHashSet(StringComparer.Ordinal);
            if (OptionPeriod.End(stage, receipts.Where(r => purchasers.Contains(r.RecipientId)), calendar) is { } end) all.Add(end);
        }
        if (agreement.Mechanism<CoSaleTerms>("coSale") is { } cs && process.StageReceipts.TryGetValue(cs.PeriodStage, out var csReceipts))
            all.AddRange(csReceipts.Where(r => r.RecipientId != agreement.CompanyId && r.RecipientId != process.TransferorId).Select(r => TransferProcess.CoSalePeriod(cs, r, calendar)));
        return Deadline.Latest(all);
    }

    /// <summary>Why the Transferor's sale is not the sale the notice allowed (empty when it complies).</summary>
    public static IReadOnlyList<Rejection> Check(FirstRefusalTerms fr, TransferProcess process, ThirdPartySale sale, Instant at, Deadline? window)
    {
        var w = fr.SaleWindow;
        var reasons = new List<Rejection>();
        if (window is not null && !window.IsInTime(at))
            reasons.Add(new Rejection("sale-window.expired", $"The sale window ended at {window.ExpiresAtLocal:yyyy-MM-dd HH:mm} ({window.TimeZone.Id}); the rights under first refusal and co-sale are re-invoked for any later sale. {window.Explanation}", w.RevivalCitation));
        if (sale.TransfereeId != process.Offer.TransfereeId)
            reasons.Add(new Rejection("sale-window.other-transferee", $"The Transfer Notice named '{process.Offer.TransfereeId}' as the transferee, not '{sale.TransfereeId}'.", w.Citation));
        if (process.Offer.PricePerShare is { } noticePrice)
        {
            if (sale.PricePerShare is not { } price)
                reasons.Add(new Rejection("sale-window.no-price", $"The Transfer Notice offered {noticePrice} per share; the sale states no price.", w.Citation));
            else if (price.Currency.Code != noticePrice.Currency.Code)
                reasons.Add(new Rejection("sale-window.other-currency", $"The Transfer Notice's price is in {noticePrice.Currency.Code}; a price in {price.Currency.Code} is not the same terms.", w.Citation));
            else if (price < noticePrice)
                reasons.Add(new Rejection("sale-window.lower-price", $"{price} per share is lower than the {noticePrice} in the Transfer Notice, so more favourable to the purchaser.", w.Citation));
        }
        foreach (var t in sale.TermsMoreFavourableToBuyer)
            reasons.Add(new Rejection("sale-window.better-terms", $"'{t}' is more favourable to the purchaser than the Transfer Notice's terms.", w.Citation));
        if (w.JoinderRequired && (sale.JoinderSignedAt is not { } signed || signed > at))
            reasons.Add(new Rejection("sale-window.no-joinder", $"{process.Offer.TransfereeName} has not executed and delivered the documents assuming the Transferor's obligations before the sale; the transfer is not effective until it has.", w.JoinderCitation));
        return reasons;
    }
}
