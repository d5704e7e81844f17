using NodaTime;

namespace Proviso.Domain.Tests.Register;

using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Views;

/// <summary>
/// The cap table computed the plain way, kept as the reference the fast <see cref="CapTable.Compute"/> must equal: every
/// amount, total and comparison an exact <see cref="Fraction"/>, dictionaries per line, affiliate groups by union-find
/// over every holder. (This is the implementation <see cref="CapTable.Compute"/> had before it added integers over a
/// common denominator.)
/// </summary>
internal static class CapTableReference
{
    public static CapTable Compute(Register register, LocalDate asOf, Basis basis, GroupBy groupBy)
    {
        var notes = new List<string>();
        var classIds = register.Classes.Values.OrderBy(c => c.Kind).ThenBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).ToList();

        var weight = new Dictionary<string, Fraction>(StringComparer.Ordinal);
        foreach (var cls in register.Classes.Values)
        {
            var ratio = cls.RatioOn(asOf);
            if (cls.Kind == ClassKind.Preferred && ratio is null)
            {
                notes.Add($"{cls.Id}: no conversion ratio in force on {asOf:yyyy-MM-dd}; counted one for one.");
                ratio = Fraction.One;
            }
            weight[cls.Id] = basis switch
            {
                Basis.Outstanding => Fraction.One,
                Basis.AsConverted or Basis.FullyDiluted => ratio!.Value,
                Basis.Voting => cls.VotesPerShare ?? ratio!.Value * TargetVotes(register, cls),
                _ => throw new ArgumentOutOfRangeException(nameof(basis)),
            };
        }
        if (basis == Basis.Outstanding && register.Classes.Count > 1)
            notes.Add("Outstanding basis adds shares of different classes one for one; use as-converted for economic ownership.");
        if (basis == Basis.Voting)
            notes.Add("Preferred series without their own votes vote as converted (ROFR s.1.3(xii)).");

        var groups = groupBy == GroupBy.Group ? ReferenceAffiliateGroups.Build(register, asOf) : null;
        var rows = new Dictionary<string, (Dictionary<string, ShareCount> Shares, Dictionary<string, ShareCount> Instruments, Fraction Amount)>(StringComparer.Ordinal);
        var outstanding = new Dictionary<string, ShareCount>(StringComparer.Ordinal);
        foreach (var id in classIds) outstanding[id] = ShareCount.Zero;

        string KeyFor(string holderId, string classId) => groupBy switch
        {
            GroupBy.Holder => holderId,
            GroupBy.Group => groups!.GroupOf(holderId),
            _ => classId,
        };

        foreach (var h in register.Holdings())
        {
            outstanding[h.ClassId] += h.Shares;
            var key = KeyFor(h.HolderId, h.ClassId);
            if (!rows.TryGetValue(key, out var row)) row = (new(StringComparer.Ordinal), new(StringComparer.Ordinal), Fraction.Zero);
            row.Shares[h.ClassId] = (row.Shares.TryGetValue(h.ClassId, out var s) ? s : ShareCount.Zero) + h.Shares;
            row.Amount += h.Shares.ToFraction() * weight[h.ClassId];
            rows[key] = row;
        }
        if (basis == Basis.FullyDiluted)
        {
            foreach (var ins in register.Instruments.Values)
            {
                if (!ins.Outstanding.IsPositive || ins.IssuedOn > asOf) continue;
                var key = KeyFor(ins.HolderId, ins.ClassId);
                if (!rows.TryGetValue(key, out var row)) row = (new(StringComparer.Ordinal), new(StringComparer.Ordinal), Fraction.Zero);
                row.Instruments[ins.ClassId] = (row.Instruments.TryGetValue(ins.ClassId, out var s) ? s : ShareCount.Zero) + ins.Outstanding;
                row.Amount += ins.Outstanding.ToFraction() * weight[ins.ClassId];
                rows[key] = row;
            }
        }

        var total = Fraction.Zero;
        foreach (var r in rows.Values) total += r.Amount;

        var result = new List<CapTableRow>(rows.Count);
        foreach (var (key, r) in rows)
        {
            var label = groupBy switch
            {
                GroupBy.Class => register.Classes[key].Name,
                GroupBy.Group => register.Holders.ContainsKey(key) ? GroupLabel(register, groups!, key) : key,
                _ => register.Holders.TryGetValue(key, out var hh) ? hh.Name : key,
            };
            var members = groupBy == GroupBy.Group ? groups!.MembersOf(key) : (IReadOnlyList<string>)[key];
            result.Add(new CapTableRow(key, label, members, r.Shares, r.Instruments, r.Amount, total.IsZero ? Fraction.Zero : r.Amount / total));
        }
        result.Sort((a, b) =>
        {
            var c = b.Amount.CompareTo(a.Amount);
            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        });

        return new CapTable(register.CompanyId ?? "", register.CompanyName ?? "", asOf, basis, groupBy, classIds, result, outstanding, total, notes);
    }

    private static Fraction TargetVotes(Register register, ShareClass cls) =>
        cls.ConvertsInto is { } target && register.Classes.TryGetValue(target, out var t) ? t.VotesPerShare ?? Fraction.One : Fraction.One;

    private static string GroupLabel(Register register, ReferenceAffiliateGroups groups, string groupId)
    {
        var name = register.Holders[groupId].Name;
        return groups.MembersOf(groupId).Count == 1 ? name : $"{name} group";
    }
}

/// <summary>
/// Affiliate groups the plain way, the reference for <see cref="AffiliateGroups"/>: every holder in the union-find, a
/// group (and a member list) stored for every holder.
/// </summary>
internal sealed class ReferenceAffiliateGroups
{
    private readonly Dictionary<string, string> _groupOf;
    private readonly Dictionary<string, List<string>> _members;

    private ReferenceAffiliateGroups(Dictionary<string, string> groupOf, Dictionary<string, List<string>> members)
    {
        _groupOf = groupOf;
        _members = members;
    }

    public static ReferenceAffiliateGroups Build(Register register, LocalDate date, IReadOnlySet<ControlKind>? kinds = null, Func<ControlLink, bool>? alsoFollow = null)
    {
        kinds ??= AffiliateGroups.ControlOnly;
        bool Follows(ControlLink l) => kinds.Contains(l.Kind) || (alsoFollow?.Invoke(l) ?? false);
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in register.Holders.Keys) parent[id] = id;

        string Find(string x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        foreach (var link in register.Links)
        {
            if (!Follows(link) || !link.IsActiveOn(date)) continue;
            if (!parent.ContainsKey(link.FromId) || !parent.ContainsKey(link.ToId)) continue;
            var a = Find(link.FromId);
            var b = Find(link.ToId);
            if (a == b) continue;
            if (string.CompareOrdinal(a, b) < 0) parent[b] = a; else parent[a] = b;
        }

        var controlled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in register.Links)
            if (Follows(link) && link.IsActiveOn(date)) controlled.Add(link.ToId);
        var byRoot = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var id in register.Holders.Keys)
        {
            var root = Find(id);
            if (!byRoot.TryGetValue(root, out var list)) byRoot[root] = list = new();
            list.Add(id);
        }
        var groupOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var members = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var list in byRoot.Values)
        {
            list.Sort(StringComparer.Ordinal);
            var name = list.FirstOrDefault(m => !controlled.Contains(m)) ?? list[0];
            members[name] = list;
            foreach (var m in list) groupOf[m] = name;
        }
        return new ReferenceAffiliateGroups(groupOf, members);
    }

    public string GroupOf(string holderId) => _groupOf.TryGetValue(holderId, out var g) ? g : holderId;

    public IReadOnlyList<string> MembersOf(string groupId) => _members.TryGetValue(groupId, out var m) ? m : [groupId];

    public bool AreAffiliates(string a, string b) => a != b && GroupOf(a) == GroupOf(b);

    public IEnumerable<string> GroupIds => _members.Keys;
}
