using NodaTime;

namespace Proviso.Domain.Register;

/// <summary>The kind of relationship between two parties. Which kinds make Affiliates is the agreement's definition.</summary>
public enum ControlKind
{
    /// <summary>A controls B: power to direct B's business, management and policies (e.g. more than 50% of votes, or the board).</summary>
    Controls,
    /// <summary>A (a Principal) holds through B (its Holding Company); also control.</summary>
    HoldingCompany,
    /// <summary>A is the general partner of fund B.</summary>
    GeneralPartner,
    /// <summary>A is a limited partner of fund B.</summary>
    LimitedPartner,
    /// <summary>A is the fund manager managing fund B.</summary>
    FundManager,
    /// <summary>A is a trust controlled by or for the benefit of B.</summary>
    Trust,
}

/// <summary>A relationship from <see cref="FromId"/> to <see cref="ToId"/> in force from a date until an optional end date.</summary>
public sealed record ControlLink(string FromId, string ToId, ControlKind Kind, LocalDate From, LocalDate? Until, string? Basis)
{
    public bool IsActiveOn(LocalDate date) => From <= date && (Until is null || date < Until);
}
