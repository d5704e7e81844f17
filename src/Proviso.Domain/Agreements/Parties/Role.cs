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
        ResolveSet(agreement, register, date, new HashSet<string>(StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();

    public bool Includes(Agreement agreement, Register.Register register, LocalDate date, string holderId) =>
        ResolveSet(agreement, register, date, new HashSet<string>(StringComparer.Ordinal)).Contains(holderId);

    private HashSet<string> ResolveSet(Agreement agreement, Register.Register register, LocalDate date, HashSet<string> visiting)
    {
        if (!visiting.Add(Name)) throw new InvalidOperationException($"role '{Name}' is defined in terms of itself");
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in Members)
            if (m.IsMemberOn(register, date)) set.Add(m.HolderId);
        if (HoldersOfClasses.Count > 0)
            foreach (var h in register.Holdings())
                if (HoldersOfClasses.Contains(h.ClassId)) set.Add(h.HolderId);
        foreach (var r in IncludeRoles) set.UnionWith(agreement.RoleNamed(r).ResolveSet(agreement, register, date, visiting));
        foreach (var r in ExcludeRoles) set.ExceptWith(agreement.RoleNamed(r).ResolveSet(agreement, register, date, visiting));
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
        var members = agreement.RoleNamed(ExtendedForRole).Resolve(agreement, register, date).ToHashSet(StringComparer.Ordinal);
        return Register.Views.AffiliateGroups.Build(register, date, Kinds, link => ExtendedKinds.Contains(link.Kind) && (members.Contains(link.FromId) || members.Contains(link.ToId)));
    }
}
