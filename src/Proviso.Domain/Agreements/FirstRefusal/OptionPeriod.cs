using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.FirstRefusal;

/// <summary>
/// ROFR s.2.2(ii): "The Investors shall have an option for a period of twenty (20) days following receipt of the
/// Transfer Notice (the 'Option Period')".
/// <para>Interpretation: each purchaser's period runs from its own deemed receipt (s.6.6), counted in the time zone of
/// its place of receipt; "following receipt" does not count the day of receipt. The Option Period as a whole (which
/// starts the Extension Period and the sale window) ends when the last purchaser's period ends.</para>
/// </summary>
public static class OptionPeriod
{
    /// <summary>The period of one purchaser in a stage, from its receipt.</summary>
    public static Deadline For(RefusalStage stage, ReceiptRecord receipt, BusinessCalendar calendar)
    {
        var what = stage.Trigger == StageTrigger.TransferNotice ? "the Transfer Notice" : "the secondary notice";
        return Deadline.Compute($"{stage.PeriodName} of {receipt.RecipientId}", stage.Citation,
            new Trigger($"receipt of {what} by {receipt.RecipientId}", receipt.ReceivedOn), stage.Period, calendar,
            NodaTime.DateTimeZoneProviders.Tzdb[receipt.TimeZone]);
    }

    /// <summary>The end of the stage as a whole: the purchasers' period that expires last (null if no purchaser was served).</summary>
    public static Deadline? End(RefusalStage stage, IEnumerable<ReceiptRecord> purchaserReceipts, BusinessCalendar calendar) =>
        Deadline.Latest(purchaserReceipts.Select(r => For(stage, r, calendar)));
}
