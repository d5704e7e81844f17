using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>What the Transferor claims and evidences for a Permitted Transferee.</summary>
public sealed record PermittedTransferClaim(string Category, PermittedRelationship Relationship, bool LawfulIncludingSafe, bool EstatePlanningEvidence, bool SafeFilingEvidence);

/// <summary>
/// ROFR s.2.5: the restrictions of s.2.1 and the rights of s.2.2 and s.2.3 "shall not apply to … (c) Transfer of any
/// Equity Securities … held by a Principal to his 100% owned subsidiary, and (d) Transfer of any Equity Securities …
/// held by a Principal or his respective Holding Company to such Principal's parents, children, spouse, or to a trustee,
/// executor, or other fiduciary … for bona fide estate planning purposes …; provided, that (i) such Transfer is effected
/// in compliance with all applicable Laws, including … the SAFE Rules and Regulations, (ii) respecting any transfer
/// pursuant to clause (d) above, the Principal has provided the Investors reasonable evidence of the bona fide estate
/// planning purposes … and reasonable evidence of the satisfaction of all applicable filings or registrations required
/// by SAFE …, and (iii) each such Permitted Transferee, prior to the completion of the Transfer, shall have executed a
/// document … assuming the obligations …; provided further, that … the Transferor shall remain liable for any breach by
/// such Permitted Transferee".
/// <para>Interpretation: the relationship and the evidence are facts the Transferor states; the engine checks that the
/// category applies to the Transferor's role, that the relationship is one the category names and that every condition
/// is evidenced. The joinder is checked at completion (it must be signed before it). A wholly owned subsidiary under
/// (c) must also be shown on the register as controlled by the Principal when the transferee is registered.</para>
/// </summary>
public static class PermittedTransferee
{
    /// <summary>The reasons the claim fails (empty when it holds).</summary>
    public static IReadOnlyList<Rejection> Check(Agreement agreement, TransferRestrictionTerms terms, Register.Register register, NodaTime.LocalDate on, string transferorId, string transfereeId, PermittedTransferClaim claim)
    {
        var category = terms.Permitted.FirstOrDefault(c => c.Id == claim.Category);
        if (category is null)
            return [new Rejection("permitted.unknown-category", $"The terms define no Permitted Transferee category '{claim.Category}' (defined: {string.Join(", ", terms.Permitted.Select(c => c.Id))}).", terms.Citation)];
        var reasons = new List<Rejection>();
        if (!category.TransferorRoles.Any(r => agreement.RoleNamed(r).Includes(agreement, register, on, transferorId)))
            reasons.Add(new Rejection("permitted.transferor-role", $"Category ({category.Id}) applies to transfers by {string.Join(" or ", category.TransferorRoles)}; '{transferorId}' is not one.", category.Citation));
        if (!category.Relationships.Contains(claim.Relationship))
            reasons.Add(new Rejection("permitted.relationship", $"Category ({category.Id}) covers {string.Join(", ", category.Relationships)}, not {claim.Relationship}.", category.Citation));
        if (claim.Relationship == PermittedRelationship.WhollyOwnedSubsidiary && register.Holders.ContainsKey(transfereeId)
            && !register.Links.Any(l => l.FromId == transferorId && l.ToId == transfereeId && l.IsActiveOn(on) && l.Kind is ControlKind.Controls or ControlKind.HoldingCompany))
            reasons.Add(new Rejection("permitted.not-subsidiary", $"The register shows no control link from '{transferorId}' to '{transfereeId}' on {on:yyyy-MM-dd}.", category.Citation));
        if (category.RequiresLawfulTransfer && !claim.LawfulIncludingSafe)
            reasons.Add(new Rejection("permitted.unlawful", "The Transfer must be effected in compliance with all applicable Laws, including the SAFE Rules and Regulations; that is not confirmed.", category.Citation));
        if (category.RequiresEstatePlanningEvidence && !claim.EstatePlanningEvidence)
            reasons.Add(new Rejection("permitted.no-estate-planning-evidence", "The Principal has not provided the Investors reasonable evidence of the bona fide estate planning purposes.", category.Citation));
        if (category.RequiresEstatePlanningEvidence && !claim.SafeFilingEvidence)
            reasons.Add(new Rejection("permitted.no-safe-evidence", "The Principal has not provided reasonable evidence of the filings or registrations required by SAFE.", category.Citation));
        return reasons;
    }
}
