using NodaTime;
using Proviso.Domain.Agreements;

namespace Proviso.Domain.Time;

/// <summary>
/// Deemed service by channel, in the style of a notices clause that fixes service by how the notice was sent:
/// <list type="bullet">
/// <item>Courier: "deemed to be ... effected at the earlier of (i) delivery (or when delivery is refused) and (ii)
/// expiration of two (2) Business Days after the letter containing the same is sent".</item>
/// <item>Fax or email: "effected on the day the same is sent as aforesaid, if such day is a Business Day and if sent
/// during normal business hours of the recipient, otherwise the next Business Day".</item>
/// <item>Personal delivery ("given either personally"): on delivery.</item>
/// </list>
/// The number of courier Business Days and the recipient's business hours (<see cref="PlaceOfReceipt.Hours"/>) are terms.
/// </summary>
/// <remarks>
/// Interpretation: the sending day is not counted, so "two (2) Business Days after" a letter sent on Thursday
/// 2024-02-08 expires at the end of the second Business Day after it. Dates and times are those of the place of
/// receipt. "During normal business hours" means from the opening time up to but not including the closing time.
/// "Otherwise the next Business Day" is read literally: an email sent before opening time on a Business Day is served
/// on the next Business Day, not later that day. A next-Business-Day service counts from the start of that day.
/// Personal delivery is not given a timing rule by the text; it is read as effected when delivered.
/// Registered mail is not a channel this style of clause provides for, so the rule refuses it.
/// </remarks>
public sealed class ServiceByChannel : IDeemedReceiptRule
{
    public ServiceByChannel(Citation citation, int courierBusinessDays)
    {
        ArgumentNullException.ThrowIfNull(citation);
        if (courierBusinessDays < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(courierBusinessDays), courierBusinessDays, "Courier service needs at least 1 Business Day.");
        }

        Citation = citation;
        CourierBusinessDays = courierBusinessDays;
    }

    /// <inheritdoc />
    public Citation Citation { get; }

    /// <summary>The Business Days after sending at whose expiration courier service is deemed effected.</summary>
    public int CourierBusinessDays { get; }

    /// <inheritdoc />
    public DeemedReceipt Apply(NoticeDispatch notice, PlaceOfReceipt place)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(place);
        return notice.Channel switch
        {
            NoticeChannel.Courier => Courier(notice, place),
            NoticeChannel.Fax or NoticeChannel.Email => Electronic(notice, place),
            NoticeChannel.PersonalDelivery => Personal(notice, place),
            _ => throw new ArgumentException($"{Citation} provides for personal delivery, courier, fax and email, not {NoticeDispatch.Describe(notice.Channel)}.", nameof(notice)),
        };
    }

    private DeemedReceipt Courier(NoticeDispatch notice, PlaceOfReceipt place)
    {
        var zone = place.Zone;
        var sent = notice.SentAt.InZone(zone);
        var lastDay = place.Calendar.AddBusinessDays(sent.Date, CourierBusinessDays);
        var expiry = zone.AtStartOfDay(lastDay.PlusDays(1)).ToInstant();
        var head = $"Sent by courier at {TimeText.DateTime(sent.LocalDateTime)} ({zone.Id}); {place.Calendar.CountOf(CourierBusinessDays)} after sending expire at the end of {TimeText.Date(lastDay)}";
        if (notice.DeliveredAt is { } delivered && delivered < expiry)
        {
            var local = delivered.InZone(zone);
            var what = notice.DeliveryRefused ? "delivery was refused" : "it was delivered";
            return Result(notice, place, local.Date, delivered,
                $"{head}; {what} earlier, at {TimeText.DateTime(local.LocalDateTime)}, so service is deemed effected then, on {TimeText.Date(local.Date)} ({Citation})");
        }

        var tail = notice.DeliveredAt is { } later
            ? $", before delivery at {TimeText.DateTime(later.InZone(zone).LocalDateTime)}"
            : ", with no earlier delivery recorded";
        return Result(notice, place, lastDay, expiry,
            $"{head}{tail}, so service is deemed effected at that expiration, on {TimeText.Date(lastDay)} ({Citation})");
    }

    private DeemedReceipt Electronic(NoticeDispatch notice, PlaceOfReceipt place)
    {
        var zone = place.Zone;
        var sent = notice.SentAt.InZone(zone);
        var hours = place.EffectiveHours;
        var channel = NoticeDispatch.Describe(notice.Channel);
        var day = place.Calendar.Explain(sent.Date);
        var head = $"Sent by {channel} at {TimeText.DateTime(sent.LocalDateTime)} ({zone.Id})";
        if (day.IsBusinessDay && hours.Contains(sent.TimeOfDay))
        {
            return Result(notice, place, sent.Date, notice.SentAt,
                $"{head}, a {place.Calendar.Term} within the recipient's business hours {hours}, so service is deemed effected that day, {TimeText.Date(sent.Date)} ({Citation})");
        }

        var why = day.IsBusinessDay ? $"outside the recipient's business hours {hours}" : $"on a day that is not a {place.Calendar.Term}";
        var next = place.Calendar.NextBusinessDay(sent.Date);
        return Result(notice, place, next, zone.AtStartOfDay(next).ToInstant(),
            $"{head}, {why}, so service is deemed effected on the next {place.Calendar.Term}, {TimeText.Date(next)} ({Citation})");
    }

    private DeemedReceipt Personal(NoticeDispatch notice, PlaceOfReceipt place)
    {
        if (notice.DeliveredAt is not { } delivered)
        {
            throw new ArgumentException("Personal delivery is effected on delivery; the time of delivery is needed.", nameof(notice));
        }

        var local = delivered.InZone(place.Zone);
        return Result(notice, place, local.Date, delivered,
            $"Delivered personally at {TimeText.DateTime(local.LocalDateTime)} ({place.Zone.Id}), so service is deemed effected on delivery, {TimeText.Date(local.Date)} ({Citation})");
    }

    private DeemedReceipt Result(NoticeDispatch notice, PlaceOfReceipt place, LocalDate date, Instant effectiveAt, string explanation) =>
        new(notice.Channel, notice.SentAt, date, effectiveAt, place.Name, place.Zone, Citation, explanation);
}
