using NodaTime;
using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Ledger;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>Whether a proposed transfer may proceed, by which path, on what conditions; or why it is void.</summary>
public sealed record PermissionResult(
    bool Allowed,
    TransferPath Path,
    IReadOnlyList<Rejection> VoidReasons,
    IReadOnlyList<string> Conditions,
    string? ContinuingLiability,
    IReadOnlyList<Citation> Citations,
    ConsentResult? Consent);

/// <summary>
/// May this transfer happen? ROFR s.2.1 (restricted transferors need the Majority Investors' approval; a transfer of a
/// Holding Company's own equity is an indirect transfer needing the same consent), s.2.5 (Permitted Transferees with
/// their conditions, free of s.2.1 to 2.3), s.2.6 (Investors and Class A Investors transfer freely except to listed
/// competitors, with a joinder) and s.3 (the post-IPO lock-up); s.2.1(ii): a transfer "not made in compliance with this
/// Agreement shall be null and void", so a failing proposal is recorded as a refused attempt and never reaches the register.
/// <para>Interpretation: the checks run in this order: lock-up (it binds every path), Permitted Transferee claim (an
/// exception to s.2.1), restricted transferors (consent, then first refusal if the Transferor is one the first-refusal
/// terms name), free transferors (competitors), then any other transferor the first-refusal terms name. A transferor
/// none of these name is not restricted by the agreement. The Majority Investors' consent is evaluated on the
/// proposal's date with the holders stated as consenting.</para>
/// </summary>
public static class TransferPermission
{
    public static PermissionResult Evaluate(Agreement agreement, Register.Register register, TransferBook book, ProposeTransfer command)
    {
        var on = command.EffectiveOn;
        var restrictions = agreement.Mechanism<TransferRestrictionTerms>("transferRestrictions");
        var fr = agreement.Mechanism<FirstRefusalTerms>("firstRefusal");
        bool In(IEnumerable<string> roles, string holder) => roles.Any(r => agreement.Roles.ContainsKey(r) && agreement.RoleNamed(r).Includes(agreement, register, on, holder));
        var transferor = command.TransferorId;
        var citations = new List<Citation>();

        if (restrictions?.LockUp is { } lockUp)
        {
            var locked = In(lockUp.Roles, transferor) || (command.IndirectThrough is { } hc && In(lockUp.Roles, hc));
            if (LockUp.Bars(lockUp, book.LockUpOf(agreement.Id), locked, on) is { } barred) return Void(barred);
        }

        if (command.Permitted is { } claim)
        {
            if (restrictions is null)
                return Void(new Rejection("permitted.no-terms", $"Agreement '{agreement.Id}' defines no transfer restrictions, so no Permitted Transferee categories.", agreement.Cite("2.5")));
            var reasons = PermittedTransferee.Check(agreement, restrictions, register, on, transferor, command.Offer.TransfereeId, claim);
            if (reasons.Count > 0) return new PermissionResult(false, TransferPath.Permitted, reasons, [], null, [], null);
            var category = restrictions.Permitted.First(c => c.Id == claim.Category);
            var conditions = new List<string>();
            if (category.RequiresJoinder)
                conditions.Add($"{command.Offer.TransfereeName} must sign a joinder assuming the Transferor's obligations before completion ({category.Citation})");
            return new PermissionResult(true, TransferPath.Permitted, [], conditions,
                $"{transferor} remains liable for any breach by the Permitted Transferee {command.Offer.TransfereeName} ({restrictions.ContinuingLiabilityCitation})",
                [category.Citation, restrictions.ContinuingLiabilityCitation], null);
        }

        if (restrictions is not null)
        {
            var r = restrictions.Restricted;
            var restricted = In(r.Roles, transferor) && !In(r.ExcludeRoles, transferor);
            if (command.IndirectThrough is { } holdingCompany)
            {
                if (r.HoldingCompanyRole is null || !In([r.HoldingCompanyRole], holdingCompany))
                    return Void(new Rejection("transfer.not-a-holding-company", $"'{holdingCompany}' is not a Holding Company under the agreement, so its equity is not restricted here.", r.IndirectCitation));
                var consent = ConsentEvaluator.Evaluate(agreement, r.ConsentGroup, register, on, command.Consenting);
                if (!consent.Satisfied) return ConsentMissing(consent, r.IndirectCitation, "the Transfer of Equity Securities of the Holding Company");
                return new PermissionResult(true, TransferPath.Indirect, [], [], null, [r.IndirectCitation, consent.Citation], consent);
            }
            if (restricted)
            {
                var consent = ConsentEvaluator.Evaluate(agreement, r.ConsentGroup, register, on, command.Consenting);
                if (!consent.Satisfied) return ConsentMissing(consent, r.Citation, "the Transfer");
                citations.Add(r.Citation);
                citations.Add(consent.Citation);
                if (fr is not null && IsFirstRefusalTransferor(agreement, fr, register, on, transferor))
                    return new PermissionResult(true, TransferPath.FirstRefusal, [], ["a complete Transfer Notice to the Company and every Investor"], null, [.. citations, fr.Citation], consent);
                return new PermissionResult(true, TransferPath.Approved, [], [], null, citations, consent);
            }
            if (restrictions.Free is { } free && In(free.Roles, transferor))
            {
                if (CompetitorRestriction.Bars(agreement, free, register, on, command.Offer.TransfereeId, command.Offer.TransfereeName) is { } competitor) return Void(competitor);
                var conditions = new List<string>();
                if (free.JoinderRequired) conditions.Add($"{command.Offer.TransfereeName} must join the agreement as an Investor ({free.Citation})");
                if (free.Competitors.Count == 0) conditions.Add($"the competitor list is empty in these terms, so no transferee is excluded as a competitor ({free.CompetitorCitation})");
                return new PermissionResult(true, TransferPath.Free, [], conditions, null, [free.Citation], null);
            }
        }

        if (fr is not null && IsFirstRefusalTransferor(agreement, fr, register, on, transferor))
            return new PermissionResult(true, TransferPath.FirstRefusal, [], ["a complete Transfer Notice to the Company and every Investor"], null, [fr.Citation], null);
        return new PermissionResult(true, TransferPath.NotRestricted, [], [$"'{transferor}' is in none of the roles the agreement restricts"], null, [], null);
    }

    /// <summary>ROFR s.2.2(i): whether the holder is a "Transferor" the first-refusal terms name.</summary>
    public static bool IsFirstRefusalTransferor(Agreement agreement, FirstRefusalTerms fr, Register.Register register, LocalDate on, string holder) =>
        fr.TransferorRoles.Any(r => agreement.RoleNamed(r).Includes(agreement, register, on, holder))
        && !fr.TransferorExcludeRoles.Any(r => agreement.RoleNamed(r).Includes(agreement, register, on, holder));

    private static PermissionResult Void(Rejection reason) => new(false, TransferPath.NotRestricted, [reason], [], null, [], null);

    private static PermissionResult ConsentMissing(ConsentResult consent, Citation citation, string what)
    {
        var failing = consent.Prongs.Where(p => !p.Satisfied).Select(p =>
            p.Share is { } share && p.Threshold is { } t
                ? $"{p.Label} {p.Description}: {share.ToPercentString(4)} ({p.Numerator}/{p.Denominator}), needs {t}"
                : $"{p.Label} {p.Description}: not satisfied").ToList();
        var further = consent.SmallestFurtherConsents.Count == 0 ? "" : $" The smallest set of further consents that would satisfy it: {string.Join(", ", consent.SmallestFurtherConsents)}.";
        return new PermissionResult(false, TransferPath.FirstRefusal,
            [new Rejection("transfer.consent-required", $"{what} needs the approval of the {consent.GroupName}, which is not given: {string.Join("; ", failing)}.{further}", citation)],
            [], null, [citation, consent.Citation], consent);
    }
}
