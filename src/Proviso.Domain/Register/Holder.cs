using NodaTime;

namespace Proviso.Domain.Register;

public enum HolderKind
{
    Entity,
    Individual,
}

/// <summary>A way to reach a party with a notice: channel, address, and whether it is a "with a copy to" address.</summary>
public sealed record NoticeAddress(string Channel, string Address, string? Attention = null, bool IsCopy = false, string? Place = null);

/// <summary>
/// A party known to the register: a member holding shares, or a person that matters to the agreements without holding
/// directly (a Principal who holds through a Holding Company, a fund manager). Carries the facts notices need: time zone
/// (IANA), addresses, and normal business hours (default 09:00 to 18:00 local, ROFR s.6.6).
/// </summary>
public sealed record Holder(
    string Id,
    string Name,
    HolderKind Kind,
    string? Jurisdiction,
    string TimeZone,
    IReadOnlyList<NoticeAddress> Addresses,
    LocalTime BusinessHoursStart,
    LocalTime BusinessHoursEnd,
    LocalDate RegisteredOn,
    string? Note = null)
{
    public static readonly LocalTime DefaultBusinessHoursStart = new(9, 0);
    public static readonly LocalTime DefaultBusinessHoursEnd = new(18, 0);
}
