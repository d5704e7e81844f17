using NodaTime;
using NodaTime.Text;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>How the consortium rules write moments and amounts for people, so every sentence agrees.</summary>
public static class ConsortiumText
{
    // RFC 3339 (offsets always as +HH:mm or Z): "+08" alone is valid ISO 8601 but not what JSON clients parse (JavaScript's Date does not).
    private static readonly OffsetDateTimePattern Iso = OffsetDateTimePattern.Rfc3339;

    /// <summary>"2026-12-23 00:00 (Asia/Hong_Kong)".</summary>
    public static string Moment(Instant at, DateTimeZone zone) => $"{TimeText.DateTime(at.InZone(zone).LocalDateTime)} ({zone.Id})";

    /// <summary>"2026-12-23T00:00:00+08:00".</summary>
    public static string IsoMoment(Instant at, DateTimeZone zone) => Iso.Format(at.InZone(zone).ToOffsetDateTime());

    /// <summary>"2026-12-22".</summary>
    public static string Date(LocalDate date) => TimeText.Date(date);
}
