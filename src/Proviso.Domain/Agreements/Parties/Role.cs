using NodaTime;
using Proviso.Domain.Register;

namespace Proviso.Domain.Agreements.Parties;

/// <summary>
/// A role the agreement gives to parties ("Investors", "Principals", "Preferred Shares Investors"): listed members,
/// holders of given classes on the date, members of other roles, less members of excluded roles. A listed member may
/// join only once an instrument is fully exercised (ROFR s.6.3(ii): a Warrant Holder whose Warrant has been fully
/// exercised "shall be deemed, for all purposes, as an Investor").
/// </summary>
public sealed record Role(
    string Name,
    string Title,
    Citation Citation,
    IReadOnlyList<RoleMember> Members,
    IReadOnlyList<string> HoldersOfClasses,
    IReadOnlyList<string> IncludeRoles,
    IReadOnlyList<string> ExcludeRoles)
{
    /// <summary>The holder ids in the role on <paramref name="date"/>, in id order.</summary>
    public IReadOnlyList<string> Resolve(Agreement agreement, Register.Register register, LocalDate date) =>
        ResolveMembers(agreement, register, date).Ids().Order(StringComparer.Ordinal).ToList();

    /// <summary>The holder ids in the role on <paramref name="date"/>, as a set (for membership tests: no ordering).</summary>
    internal HashSet<string> MembersOn(Agreement agreement, Register.Register register, LocalDate date) =>
        ResolveMembers(agreement, register, date).ToHashSet();

    /// <summary>
    /// The holders in the role on <paramref name="date"/>, as a set over the register's holding index. A role that
    /// counts the holders of classes (itself or through the roles it includes or excludes) reads them from the index,
    /// class by class, building the index if the register has none current; a role of listed members only uses an
    /// index that is already built, or none.
    /// </summary>
    internal RoleMembers ResolveMembers(Agreement agreement, Register.Register register, LocalDate date)
    {
        var index = ReadsHoldings(agreement, new HashSet<string>(StringComparer.Ordinal)) ? register.HoldingsIndexed : register.CurrentHoldingIndex;
        return ResolveSet(agreement, register, date, index, new HashSet<string>(StringComparer.Ordinal));
    }

    /// <summary>
    /// Whether this role or a role it includes or excludes counts the holders of classes. A role met twice is not
    /// followed again and an undefined role is passed over: resolving the role reports those, as it always has.
    /// </summary>
    private bool ReadsHoldings(Agreement agreement, HashSet<string> seen)
    {
        if (!seen.Add(Name)) return false;
        if (HoldersOfClasses.Count > 0) return true;
        foreach (var r in IncludeRoles.Concat(ExcludeRoles))
            if (agreement.Roles.TryGetValue(r, out var role) && role.ReadsHoldings(agreement, seen)) return true;
        return false;
    }

    /// <summary>
    /// Whether <paramref name="holderId"/> is in the role on <paramref name="date"/>: the same answer as
    /// <see cref="Resolve"/> containing it, decided for the one holder (its own holdings looked up by class) rather than
    /// by resolving the whole role over every holding of the register. Every included and excluded role is still visited,
    /// in the same order, so a role defined in terms of itself is refused just as <see cref="Resolve"/> refuses it.
    /// </summary>
    public bool Includes(Agreement agreement, Register.Register register, LocalDate date, string holderId) =>
        IncludesHolder(agreement, register, date, holderId, new HashSet<string>(StringComparer.Ordinal));

    private bool IncludesHolder(Agreement agreement, Register.Register register, LocalDate date, string holderId, HashSet<string> visiting)
    {
        if (!visiting.Add(Name)) throw new InvalidOperationException($"role '{Name}' is defined in terms of itself");
        var member = false;
        foreach (var m in Members)
            if (m.HolderId == holderId && m.IsMemberOn(register, date)) member = true;
        // Register.Holdings() lists only positive holdings, so "holds a class" is a positive holding of it.
        foreach (var classId in HoldersOfClasses)
            if (!member && register.SharesOf(holderId, classId).IsPositive) member = true;
        foreach (var r in IncludeRoles)
            if (agreement.RoleNamed(r).IncludesHolder(agreement, register, date, holderId, visiting)) member = true;
        foreach (var r in ExcludeRoles)
            if (agreement.RoleNamed(r).IncludesHolder(agreement, register, date, holderId, visiting)) member = false;
        visiting.Remove(Name);
        return member;
    }

    private RoleMembers ResolveSet(Agreement agreement, Register.Register register, LocalDate date, Register.HoldingIndex? index, HashSet<string> visiting)
    {
        if (!visiting.Add(Name)) throw new InvalidOperationException($"role '{Name}' is defined in terms of itself");
        var set = new RoleMembers(index);
        foreach (var m in Members)
            if (m.IsMemberOn(register, date)) set.Add(m.HolderId);
        // The holders of each class with a non-empty holding: Register.Holdings() lists only those.
        foreach (var classId in HoldersOfClasses) set.AddHoldersOf(classId);
        foreach (var r in IncludeRoles) set.UnionWith(agreement.RoleNamed(r).ResolveSet(agreement, register, date, index, visiting));
        foreach (var r in ExcludeRoles) set.ExceptWith(agreement.RoleNamed(r).ResolveSet(agreement, register, date, index, visiting));
        visiting.Remove(Name);
        return set;
    }
}

/// <summary>A listed member of a role; <see cref="AfterFullExerciseOf"/> names an instrument that must be fully exercised first.</summary>
public sealed record RoleMember(string HolderId, string? AfterFullExerciseOf = null)
{
    public bool IsMemberOn(Register.Register register, LocalDate date)
    {
        if (AfterFullExerciseOf is null) return true;
        return register.Instruments.TryGetValue(AfterFullExerciseOf, out var i) && i.Exercised.IsPositive && !i.Outstanding.IsPositive;
    }
}

/// <summary>
/// The agreement's definition of Affiliate as data: which relationship kinds make Affiliates, and extra kinds that count
/// for members of a role (ROFR s.1.1: for the Preferred Shares Investors, also their general and limited partners, their
/// fund manager and funds it manages, and trusts).
/// </summary>
public sealed record AffiliateDefinition(Citation Citation, IReadOnlySet<ControlKind> Kinds, string? ExtendedForRole, IReadOnlySet<ControlKind> ExtendedKinds)
{
    public static AffiliateDefinition ControlOnly(Citation citation) =>
        new(citation, new HashSet<ControlKind> { ControlKind.Controls, ControlKind.HoldingCompany }, null, new HashSet<ControlKind>());

    /// <summary>
    /// The affiliate groups on a date. Interpretation: where the definition extends Affiliates for a role's members, the
    /// extra link kinds are followed only from links that touch a member of that role.
    /// </summary>
    public Register.Views.AffiliateGroups Groups(Agreement agreement, Register.Register register, LocalDate date)
    {
        if (ExtendedForRole is null || ExtendedKinds.Count == 0) return Register.Views.AffiliateGroups.Build(register, date, Kinds);
        var members = agreement.RoleNamed(ExtendedForRole).MembersOn(agreement, register, date);
        return Register.Views.AffiliateGroups.Build(register, date, Kinds, link => ExtendedKinds.Contains(link.Kind) && (members.Contains(link.FromId) || members.Contains(link.ToId)));
    }

    /// <summary>
    /// The members of <paramref name="holderId"/>'s affiliate group on a date: the same holders as
    /// <c>Groups(…).MembersOf(Groups(…).GroupOf(holderId))</c>, in no particular order, found from the holder's own links
    /// (role membership is tested only for the ends of links of the extended kinds).
    /// </summary>
    internal IReadOnlyCollection<string> GroupMembersOf(Agreement agreement, Register.Register register, LocalDate date, string holderId)
    {
        if (ExtendedForRole is null || ExtendedKinds.Count == 0)
            return Register.Views.AffiliateGroups.GroupContaining(register, date, holderId, link => Kinds.Contains(link.Kind));
        var role = agreement.RoleNamed(ExtendedForRole);
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Member(string id)
        {
            if (!known.TryGetValue(id, out var m)) known[id] = m = role.Includes(agreement, register, date, id);
            return m;
        }
        return Register.Views.AffiliateGroups.GroupContaining(register, date, holderId,
            link => Kinds.Contains(link.Kind) || (ExtendedKinds.Contains(link.Kind) && (Member(link.FromId) || Member(link.ToId))));
    }
}
