namespace Proviso.Domain.Agreements.Transfers;

/// <summary>
/// The restrictions on transfer as terms (key <c>transferRestrictions</c>): who needs which consent (s.2.1), the
/// permitted transferees and their conditions (s.2.5), the free transfer of Investors except to competitors (s.2.6),
/// and the post-IPO lock-up (s.3).
/// </summary>
public sealed record TransferRestrictionTerms(
    Citation Citation,
    RestrictedTransferors Restricted,
    IReadOnlyList<PermittedTransferCategory> Permitted,
    Citation ContinuingLiabilityCitation,
    FreeTransferTerms? Free,
    LockUpTerms? LockUp) : MechanismTerms(Citation);

/// <summary>
/// ROFR s.2.1(i): "no Principal, Holding Company, or other Class A Ordinary Shareholders (excluding Class A Investors)
/// … shall directly or indirectly … Transfer … without the approval of the Majority Investors"; s.2.1(iii): the Transfer
/// "of any Equity Securities of any Holding Company … without the prior written consent of the Majority Investors shall
/// be prohibited"; s.2.1(ii): a Transfer not in compliance "shall be null and void".
/// </summary>
public sealed record RestrictedTransferors(
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> ExcludeRoles,
    string ConsentGroup,
    string? HoldingCompanyRole,
    Citation Citation,
    Citation IndirectCitation,
    Citation VoidCitation);

/// <summary>A category of Permitted Transferee (s.2.5(c), (d)): who may transfer, to whom, and the conditions.</summary>
public sealed record PermittedTransferCategory(
    string Id,
    string Description,
    IReadOnlyList<string> TransferorRoles,
    IReadOnlyList<PermittedRelationship> Relationships,
    bool RequiresLawfulTransfer,
    bool RequiresEstatePlanningEvidence,
    bool RequiresJoinder,
    Citation Citation);

/// <summary>The transferee's relationship to the Principal that makes it a Permitted Transferee.</summary>
public enum PermittedRelationship
{
    /// <summary>"his 100% owned subsidiary".</summary>
    WhollyOwnedSubsidiary,

    /// <summary>"such Principal's parents".</summary>
    Parent,

    /// <summary>"children".</summary>
    Child,

    /// <summary>"spouse".</summary>
    Spouse,

    /// <summary>"a trustee, executor, or other fiduciary for the benefit of such Principal or such Principal's parents, children, spouse for bona fide estate planning purposes".</summary>
    EstatePlanningFiduciary,
}

/// <summary>
/// ROFR s.2.6: "The Investors, CVC and Class A Investors may freely Transfer …; provided that (i) the transferee shall
/// not be the competitors as listed in Schedule C … or their Affiliates; … (iv) the transferee shall execute and deliver
/// such documents … to join in and be bound by the terms of this Agreement".
/// </summary>
public sealed record FreeTransferTerms(IReadOnlyList<string> Roles, IReadOnlyList<string> Competitors, bool JoinderRequired, Citation Citation, Citation CompetitorCitation);

/// <summary>
/// ROFR s.3: no transfer "during the period commencing on the date of the final prospectus … and ending on the date
/// specified by the Company and the managing underwriter (such period not to exceed one hundred eighty (180) days …)".
/// </summary>
public sealed record LockUpTerms(int MaxDays, IReadOnlyList<string> Roles, Citation Citation);
