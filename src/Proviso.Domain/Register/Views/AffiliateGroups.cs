using NodaTime;

namespace Proviso.Domain.Register.Views;

/// <summary>
/// Groups of parties that are one another's Affiliates on a date: parties joined by the link kinds an agreement's
/// definition of Affiliate counts (by default Control and Holding Company links: "directly or indirectly, Controls, is
/// Controlled by or is under common Control with"). A party with no such links is a group of one. Used for the
/// aggregation of shares held by Affiliates (ROFR s.6.17).
/// </summary>
public sealed class AffiliateGroups
{
    public static readonly IReadOnlySet<ControlKind> ControlOnly = new HashSet<ControlKind> { ControlKind.Controls, ControlKind.HoldingCompany };

    private readonly Dictionary<string, string> _groupOf;
    private readonly Dictionary<string, List<string>> _members;

    private AffiliateGroups(Dictionary<string, string> groupOf, Dictionary<string, List<string>> members)
    {
        _groupOf = groupOf;
        _members = members;
    }

    /// <summary>Builds the groups from the links in force on <paramref name="date"/> whose kind is in <paramref name="kinds"/> (or that <paramref name="alsoFollow"/> accepts).</summary>
    public static AffiliateGroups Build(Register register, LocalDate date, IReadOnlySet<ControlKind>? kinds = null, Func<ControlLink, bool>? alsoFollow = null)
    {
        kinds ??= ControlOnly;
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
            // The root is the alphabetically first id, so a group's id does not depend on link order.
            if (string.CompareOrdinal(a, b) < 0) parent[b] = a; else parent[a] = b;
        }

        // A group is named after its ultimate controller: the first (by id) member that no other member controls.
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
        return new AffiliateGroups(groupOf, members);
    }

    /// <summary>
    /// The members of the group <paramref name="holderId"/> belongs to, as <see cref="Build"/> would group them (the
    /// same links followed), found from that one holder along the links rather than by grouping the whole register; in
    /// no particular order. A party that is not on the register is a group of one.
    /// </summary>
    internal static List<string> GroupContaining(Register register, LocalDate date, string holderId, Func<ControlLink, bool> follows)
    {
        if (!register.Holders.ContainsKey(holderId)) return [holderId];
        var neighbours = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var link in register.Links)
        {
            if (!follows(link) || !link.IsActiveOn(date)) continue;
            if (!register.Holders.ContainsKey(link.FromId) || !register.Holders.ContainsKey(link.ToId)) continue;
            Neighbours(link.FromId).Add(link.ToId);
            Neighbours(link.ToId).Add(link.FromId);
        }
        var found = new HashSet<string>(StringComparer.Ordinal) { holderId };
        var members = new List<string> { holderId };
        for (var i = 0; i < members.Count; i++)
            if (neighbours.TryGetValue(members[i], out var next))
                foreach (var n in next)
                    if (found.Add(n)) members.Add(n);
        return members;

        List<string> Neighbours(string id)
        {
            if (!neighbours.TryGetValue(id, out var list)) neighbours[id] = list = new List<string>(2);
            return list;
        }
    }

    /// <summary>The group id of a party: the id of the group's ultimate controller.</summary>
    public string GroupOf(string holderId) => _groupOf.TryGetValue(holderId, out var g) ? g : holderId;

    public IReadOnlyList<string> MembersOf(string groupId) => _members.TryGetValue(groupId, out var m) ? m : [groupId];

    public bool AreAffiliates(string a, string b) => a != b && GroupOf(a) == GroupOf(b);

    public IEnumerable<string> GroupIds => _members.Keys;
}
