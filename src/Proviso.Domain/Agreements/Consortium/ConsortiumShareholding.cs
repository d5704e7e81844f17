using NodaTime;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>One holding counted for a member: whose, which class, how many, and how many Company Shares it counts as.</summary>
public sealed record CountedHolding(string HolderId, string ClassId, ShareCount Shares, Fraction CompanyShares);

/// <summary>A member's Beneficial Ownership of Company Shares: itself and the Affiliates it Controls.</summary>
/// <param name="MemberId">The member (or the holder, when called for a list of holders).</param>
/// <param name="HolderId">Its register holder id, or null when it is not on the register.</param>
/// <param name="CountedHolders">The holders whose shares count for it (itself first, then the Affiliates it Controls).</param>
/// <param name="Holdings">Each holding counted.</param>
/// <param name="CompanyShares">The total, as Company Shares.</param>
/// <param name="Note">Why it holds what it holds.</param>
public sealed record MemberShareholding(string MemberId, string? HolderId, IReadOnlyList<string> CountedHolders, IReadOnlyList<CountedHolding> Holdings, Fraction CompanyShares, string Note);

/// <summary>The group's combined Beneficial Ownership on a date, with every holder counted once.</summary>
public sealed record GroupShareholding(
    LocalDate AsOf,
    IReadOnlyList<MemberShareholding> Members,
    IReadOnlyList<string> CountedHolders,
    Fraction CombinedShares,
    Fraction Outstanding,
    Fraction Fraction,
    string Percent,
    Citation? Citation,
    IReadOnlyList<string> Interpretations);

/// <summary>
/// The consortium's shareholding: each member's Beneficial Ownership of Company Shares from the register, and the group's
/// combined holding with each security counted once. s.10.01: "securities Beneficially Owned by a person will include
/// securities Beneficially Owned by any Affiliates of such person which are Controlled by such person, but no Beneficial
/// Ownership of securities shall be attributed to securities Beneficially Owned by any other person(s) solely by virtue
/// of the fact that such first person may be deemed to constitute a “group” … with such other person(s)", "without
/// duplicative counting of the same securities by the same holder".
/// </summary>
/// <remarks>
/// Interpretation: a member Beneficially Owns the shares registered to it and to every holder it Controls, directly or
/// indirectly (control links followed downwards only, in force on the date, of the kinds the agreement's Affiliate
/// definition counts); an Affiliate that controls the member, or is merely under common control with it, is not counted
/// for it. "Company Shares" are the ordinary shares; a class convertible into ordinary shares counts as converted at the
/// ratio in force (Securities include "securities which are convertible into … Company Shares"). Each member's figure
/// stands alone (no group attribution); the group's combined figure counts each holder once even where two members
/// Control the same holder. A member that is not on the register holds no Company Shares of record. The denominator is all
/// outstanding Company Shares on the same as-converted basis.
/// </remarks>
public static class ConsortiumShareholding
{
    /// <summary>
    /// The combined holding of a group of holders on a date: for disclosure and for the consortium. Each id is a register
    /// holder id; ids not on the register count for nothing and are noted.
    /// </summary>
    public static GroupShareholding Combined(Register.Register register, IReadOnlyList<string> holderIds, LocalDate asOf, IReadOnlySet<ControlKind>? controlKinds = null, Citation? definition = null)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(holderIds);
        return Compute(register, holderIds.Select(h => (h, (string?)h)).ToList(), asOf, controlKinds ?? Register.Views.AffiliateGroups.ControlOnly, definition);
    }

    /// <summary>The consortium's members on <paramref name="asOf"/> (those who are members at the end of that day in the agreement's zone) and their combined holding.</summary>
    public static GroupShareholding Of(ConsortiumState state, Register.Register register, LocalDate asOf, IReadOnlySet<ControlKind>? controlKinds = null, Citation? definition = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var endOfDay = state.Zone.AtStartOfDay(asOf.PlusDays(1)).ToInstant() - Duration.Epsilon;
        var members = state.Members.Where(m => m.IsMemberAt(endOfDay)).Select(m => (m.Id, m.HolderId)).ToList();
        return Compute(register, members, asOf, controlKinds ?? Register.Views.AffiliateGroups.ControlOnly, definition);
    }

    private static GroupShareholding Compute(Register.Register register, IReadOnlyList<(string Id, string? HolderId)> members, LocalDate asOf, IReadOnlySet<ControlKind> kinds, Citation? definition)
    {
        var interpretations = new List<string>();
        var memberLines = new List<MemberShareholding>();
        var union = new List<string>();
        foreach (var (id, holderId) in members)
        {
            if (holderId is null || !register.Holders.ContainsKey(holderId))
            {
                memberLines.Add(new MemberShareholding(id, holderId, [], [], Fraction.Zero,
                    holderId is null ? $"{id} is not mapped to a holder on the register: no Company Shares of record" : $"{holderId} is not on the register on {ConsortiumText.Date(asOf)}: no Company Shares of record"));
                continue;
            }

            var counted = Controlled(register, holderId, asOf, kinds);
            var holdings = HoldingsOf(register, counted, asOf);
            var total = Fraction.Sum(holdings.Select(h => h.CompanyShares));
            var note = counted.Count == 1
                ? $"{holderId} holds {Amount(total)} Company Shares and Controls no other holder on the register"
                : $"{holderId} and the {counted.Count - 1} holder(s) it Controls ({string.Join(", ", counted.Skip(1))}) hold {Amount(total)} Company Shares";
            memberLines.Add(new MemberShareholding(id, holderId, counted, holdings, total, note));
            foreach (var h in counted)
                if (!union.Contains(h, StringComparer.Ordinal)) union.Add(h);
                else interpretations.Add($"{h} is Controlled by more than one member; its shares are counted once in the combined holding.");
        }

        var combined = Fraction.Sum(HoldingsOf(register, union, asOf).Select(h => h.CompanyShares));
        var outstanding = Fraction.Sum(register.Holdings().Select(h => AsCompanyShares(register, h.ClassId, h.Shares, asOf)));
        var fraction = outstanding.IsZero ? Fraction.Zero : combined / outstanding;
        return new GroupShareholding(asOf, memberLines, union, combined, outstanding, fraction, fraction.ToPercentString(4), definition, interpretations.Distinct().ToList());
    }

    /// <summary>The holder and every holder it Controls on <paramref name="date"/> (directly or indirectly), itself first, then by id.</summary>
    public static IReadOnlyList<string> Controlled(Register.Register register, string holderId, LocalDate date, IReadOnlySet<ControlKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(register);
        var seen = new HashSet<string>(StringComparer.Ordinal) { holderId };
        var queue = new Queue<string>([holderId]);
        while (queue.Count > 0)
        {
            var from = queue.Dequeue();
            foreach (var l in register.Links)
                if (l.FromId == from && kinds.Contains(l.Kind) && l.IsActiveOn(date) && seen.Add(l.ToId)) queue.Enqueue(l.ToId);
        }

        return new[] { holderId }.Concat(seen.Where(h => h != holderId).Order(StringComparer.Ordinal)).ToList();
    }

    private static IReadOnlyList<CountedHolding> HoldingsOf(Register.Register register, IReadOnlyList<string> holders, LocalDate asOf)
    {
        var set = holders.ToHashSet(StringComparer.Ordinal);
        return register.Holdings().Where(h => set.Contains(h.HolderId))
            .OrderBy(h => h.HolderId, StringComparer.Ordinal).ThenBy(h => h.ClassId, StringComparer.Ordinal)
            .Select(h => new CountedHolding(h.HolderId, h.ClassId, h.Shares, AsCompanyShares(register, h.ClassId, h.Shares, asOf)))
            .Where(h => !h.CompanyShares.IsZero)
            .ToList();
    }

    private static Fraction AsCompanyShares(Register.Register register, string classId, ShareCount shares, LocalDate asOf)
    {
        var cls = register.Classes[classId];
        if (cls.Kind == ClassKind.Ordinary) return shares.ToFraction();
        if (cls.ConvertsInto is { } target && register.Classes.TryGetValue(target, out var t) && t.Kind == ClassKind.Ordinary)
            return shares.ToFraction() * (cls.RatioOn(asOf) ?? Fraction.One);
        return Fraction.Zero;
    }

    private static string Amount(Fraction f) => f.IsInteger ? new ShareCount((long)f.Numerator).ToString() : f.ToDecimalString(4);
}
