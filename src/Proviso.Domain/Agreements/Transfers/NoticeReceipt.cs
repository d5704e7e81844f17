using NodaTime;
using Proviso.Domain.Register;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>
/// How a notice reached one recipient: channel, sent and delivered instants, and an optional copy to a designated
/// address. <see cref="ReadAt"/> (when the recipient opened it) is recorded as a fact but does not move deemed service:
/// s.6.6 counts sending and delivery, not reading.
/// </summary>
public sealed record NoticeDelivery(string RecipientId, NoticeChannel Channel, Instant SentAt, Instant? DeliveredAt = null, bool DeliveryRefused = false, CopyDelivery? Copy = null, Instant? ReadAt = null);

/// <summary>The delivery of the "with a copy to" copy.</summary>
public sealed record CopyDelivery(NoticeChannel Channel, Instant SentAt, Instant? DeliveredAt = null, bool DeliveryRefused = false);

/// <summary>When one recipient is deemed to have received a notice, as decided and recorded: the local date, the instant, the zone and why.</summary>
public sealed record ReceiptRecord(string RecipientId, NoticeChannel Channel, Instant SentAt, Instant? DeliveredAt, LocalDate ReceivedOn, Instant EffectiveAt, string TimeZone, string Explanation, Citation Citation, Instant? ReadAt = null);

/// <summary>
/// ROFR s.6.6, applied per recipient: deemed service by channel at the recipient's place of receipt (its time zone and
/// business hours from the register, the agreement's Business Day calendar), and, where the terms require it and the
/// recipient has designated a copy address, the later of the main notice's and the copy's service.
/// <para>Interpretation: a recipient's place of receipt is its registered time zone; the company's is the place the
/// notice terms name. A recipient with a designated copy address whose copy was not sent has not been served.</para>
/// </summary>
public static class NoticeReceipt
{
    /// <summary>The deemed receipt, or the reason it cannot be decided.</summary>
    public static (ReceiptRecord? Receipt, string? Problem) Deem(Agreement agreement, NoticeTerms terms, BusinessCalendar calendar, Register.Register register, NoticeDelivery delivery)
    {
        PlaceOfReceipt place;
        var needsCopy = false;
        if (delivery.RecipientId == agreement.CompanyId)
        {
            var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(terms.Company.TimeZone);
            if (zone is null) return (null, $"the company's place of receipt has an unknown time zone '{terms.Company.TimeZone}'");
            place = new PlaceOfReceipt(terms.Company.Name, zone, calendar, new BusinessHours(terms.Company.Opens, terms.Company.Closes));
        }
        else
        {
            if (!register.Holders.TryGetValue(delivery.RecipientId, out var holder)) return (null, $"'{delivery.RecipientId}' is not on the register");
            var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(holder.TimeZone);
            if (zone is null) return (null, $"'{holder.Id}' has an unknown time zone '{holder.TimeZone}'");
            place = new PlaceOfReceipt($"{holder.Name} ({holder.TimeZone})", zone, calendar, new BusinessHours(holder.BusinessHoursStart, holder.BusinessHoursEnd));
            needsCopy = terms.CopyToRequired && holder.Addresses.Any(a => a.IsCopy);
        }
        try
        {
            var rule = terms.Rule;
            var main = rule.Apply(new NoticeDispatch(delivery.Channel, delivery.SentAt, delivery.DeliveredAt, delivery.DeliveryRefused), place);
            if (needsCopy)
            {
                if (delivery.Copy is not { } copy)
                    return (null, $"'{delivery.RecipientId}' has designated a \"with a copy to\" address and no copy was sent, so the notice is not effective for it ({terms.CopyToCitation ?? terms.Citation})");
                var copyReceipt = rule.Apply(new NoticeDispatch(copy.Channel, copy.SentAt, copy.DeliveredAt, copy.DeliveryRefused), place);
                main = CopyToRequirement.Apply(main, copyReceipt, terms.CopyToCitation ?? terms.Citation);
            }
            return (new ReceiptRecord(delivery.RecipientId, delivery.Channel, delivery.SentAt, delivery.DeliveredAt, main.Date, main.EffectiveAt, place.Zone.Id, main.Explanation, main.Citation, delivery.ReadAt), null);
        }
        catch (ArgumentException ex)
        {
            return (null, $"notice to '{delivery.RecipientId}': {ex.Message}");
        }
        catch (CalendarRangeException ex)
        {
            return (null, $"notice to '{delivery.RecipientId}': {ex.Message}");
        }
    }
}
