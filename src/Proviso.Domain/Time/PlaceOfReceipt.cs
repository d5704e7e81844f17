using NodaTime;

namespace Proviso.Domain.Time;

/// <summary>A recipient's normal business hours, local time: open from <see cref="Opens"/> (inclusive) until <see cref="Closes"/> (exclusive).</summary>
public sealed record BusinessHours
{
    public BusinessHours(LocalTime opens, LocalTime closes)
    {
        if (closes <= opens)
        {
            throw new ArgumentException($"Business hours must close after they open ({TimeText.Time(opens)}-{TimeText.Time(closes)}).", nameof(closes));
        }

        Opens = opens;
        Closes = closes;
    }

    /// <summary>09:00-18:00, used when the terms give a recipient no business hours of its own.</summary>
    public static BusinessHours Default { get; } = new(new LocalTime(9, 0), new LocalTime(18, 0));

    /// <summary>The first minute of business.</summary>
    public LocalTime Opens { get; }

    /// <summary>The first minute after business.</summary>
    public LocalTime Closes { get; }

    /// <summary>True from <see cref="Opens"/> up to but not including <see cref="Closes"/>.</summary>
    public bool Contains(LocalTime time) => time >= Opens && time < Closes;

    /// <summary>"09:00-18:00".</summary>
    public override string ToString() => $"{TimeText.Time(Opens)}-{TimeText.Time(Closes)}";
}

/// <summary>
/// Where a notice is received: a name, the IANA time zone whose local dates and times decide, the business-day
/// calendar that applies there (usually the agreement's own Business Day definition), and the recipient's business
/// hours.
/// </summary>
public sealed record PlaceOfReceipt(string Name, DateTimeZone Zone, BusinessCalendar Calendar, BusinessHours? Hours = null)
{
    /// <summary>The recipient's business hours (<see cref="BusinessHours.Default"/> unless stated).</summary>
    public BusinessHours EffectiveHours => Hours ?? BusinessHours.Default;
}

/// <summary>How a notice was sent.</summary>
public enum NoticeChannel
{
    /// <summary>Delivered by hand.</summary>
    PersonalDelivery,

    /// <summary>Next-day, second-day or overnight courier.</summary>
    Courier,

    /// <summary>Facsimile.</summary>
    Fax,

    /// <summary>Electronic mail.</summary>
    Email,

    /// <summary>Registered or certified mail.</summary>
    Mail,
}

/// <summary>
/// A notice on its way: channel, when it was sent, and, if known, when it was delivered (or delivery was refused).
/// Delivery cannot precede sending.
/// </summary>
public sealed record NoticeDispatch
{
    public NoticeDispatch(NoticeChannel channel, Instant sentAt, Instant? deliveredAt = null, bool deliveryRefused = false)
    {
        if (deliveredAt is { } d && d < sentAt)
        {
            throw new ArgumentException("A notice cannot be delivered before it is sent.", nameof(deliveredAt));
        }

        if (deliveryRefused && deliveredAt is null)
        {
            throw new ArgumentException("A refused delivery needs the time it was refused (as deliveredAt).", nameof(deliveryRefused));
        }

        Channel = channel;
        SentAt = sentAt;
        DeliveredAt = deliveredAt;
        DeliveryRefused = deliveryRefused;
    }

    /// <summary>How it was sent.</summary>
    public NoticeChannel Channel { get; }

    /// <summary>When it was sent.</summary>
    public Instant SentAt { get; }

    /// <summary>When it was delivered or delivery was refused, if known.</summary>
    public Instant? DeliveredAt { get; }

    /// <summary>True if <see cref="DeliveredAt"/> is the time delivery was refused.</summary>
    public bool DeliveryRefused { get; }

    internal static string Describe(NoticeChannel channel) => channel switch
    {
        NoticeChannel.PersonalDelivery => "personal delivery",
        NoticeChannel.Courier => "courier",
        NoticeChannel.Fax => "fax",
        NoticeChannel.Email => "email",
        NoticeChannel.Mail => "registered or certified mail",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown notice channel."),
    };
}
