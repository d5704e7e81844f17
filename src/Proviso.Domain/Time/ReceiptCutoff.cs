using NodaTime;
using Proviso.Domain.Agreements;

namespace Proviso.Domain.Time;

/// <summary>
/// Deemed receipt by a cut-off time, whatever the channel: "deemed received on the date of receipt by the recipient
/// thereof if received prior to 5:00 p.m. on a Business Day in the place of receipt. Otherwise, any such notice ...
/// shall be deemed to have been received on the next succeeding Business Day in the place of receipt."
/// The cut-off time is a term (<see cref="Cutoff"/>).
/// </summary>
/// <remarks>
/// Interpretation: "prior to 5:00 p.m." is strict, so a notice received at 17:00:00 is received on the next Business
/// Day. "A Business Day in the place of receipt" is the calendar of the <see cref="PlaceOfReceipt"/>, which the terms
/// set (normally to the agreement's Business Day definition); the date and the time of day are local to the place of
/// receipt's time zone, so daylight-saving changes move the cut-off's UTC instant. The time of receipt is the delivery
/// time; for fax and email without a separate delivery time it is the time sent. A notice received after the cut-off
/// counts from the start of the next succeeding Business Day.
/// </remarks>
public sealed class ReceiptCutoff : IDeemedReceiptRule
{
    public ReceiptCutoff(Citation citation, LocalTime cutoff)
    {
        Citation = citation ?? throw new ArgumentNullException(nameof(citation));
        Cutoff = cutoff;
    }

    /// <inheritdoc />
    public Citation Citation { get; }

    /// <summary>The local time before which a notice received on a Business Day counts that day (e.g. 17:00).</summary>
    public LocalTime Cutoff { get; }

    /// <inheritdoc />
    public DeemedReceipt Apply(NoticeDispatch notice, PlaceOfReceipt place)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(place);
        var received = notice.DeliveredAt
            ?? (notice.Channel is NoticeChannel.Fax or NoticeChannel.Email
                ? notice.SentAt
                : throw new ArgumentException($"Receipt by {NoticeDispatch.Describe(notice.Channel)} is decided by the time of receipt; the delivery time is needed.", nameof(notice)));
        var zone = place.Zone;
        var local = received.InZone(zone);
        var day = place.Calendar.Explain(local.Date);
        var head = $"Received at {TimeText.DateTime(local.LocalDateTime)} ({zone.Id})";
        var cutoff = TimeText.Time(Cutoff);
        if (day.IsBusinessDay && local.TimeOfDay < Cutoff)
        {
            return new DeemedReceipt(notice.Channel, notice.SentAt, local.Date, received, place.Name, zone, Citation,
                $"{head}, before {cutoff} on a {place.Calendar.Term} in the place of receipt, so deemed received that day, {TimeText.Date(local.Date)} ({Citation})");
        }

        var why = day.IsBusinessDay ? $"not before {cutoff}" : $"on a day that is not a {place.Calendar.Term}";
        var next = place.Calendar.NextBusinessDay(local.Date);
        return new DeemedReceipt(notice.Channel, notice.SentAt, next, zone.AtStartOfDay(next).ToInstant(), place.Name, zone, Citation,
            $"{head}, {why}, so deemed received on the next succeeding {place.Calendar.Term}, {TimeText.Date(next)} ({Citation})");
    }
}
