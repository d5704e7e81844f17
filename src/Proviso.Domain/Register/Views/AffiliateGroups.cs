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

    // Only the groups of more than one party are stored: a party in neither map is a group of one, named after itself.
    // Building is proportional to the links, not to the holders (a register of 100,000 holders has a few thousand links).
    private readonly Dictionary<string, string> _groupOf;
    private readonly Dictionary<string, List<string>> _members;
    private readonly string[]? _holderIds;

    private AffiliateGroups(Dictionary<string, string> groupOf, Dictionary<string, List<string>> members, string[]? holderIds)
    {
        _groupOf = groupOf;
        _members = members;
        _holderIds = holderIds;
    }

    /// <summary>Builds the groups from the links in force on <paramref name="date"/> whose kind is in <paramref name="kinds"/> (or that <paramref name="alsoFollow"/> accepts).</summary>
    public static AffiliateGroups Build(Register register, LocalDate date, IReadOnlySet<ControlKind>? kinds = null, Func<ControlLink, bool>? alsoFollow = null) =>
        Build(register, date, kinds, alsoFollow, keepHolderIds: true);

    /// <summary>
    /// The groups by control (as <see cref="Build(Register, LocalDate, IReadOnlySet{ControlKind}?, Func{ControlLink, bool}?)"/>)
    /// for a view that only asks for <see cref="GroupOf"/>, <see cref="MembersOf"/> and <see cref="GroupsOfMany"/>:
    /// without the copy of the register's holder ids that <see cref="GroupIds"/> needs.
    /// </summary>
    internal static AffiliateGroups BuildForView(Register register, LocalDate date) => Build(register, date, null, null, keepHolderIds: false);

    private static AffiliateGroups Build(Register register, LocalDate date, IReadOnlySet<ControlKind>? kinds, Func<ControlLink, bool>? alsoFollow, bool keepHolderIds)
    {
        kinds ??= ControlOnly;
        bool Follows(ControlLink l) => kinds.Contains(l.Kind) || (alsoFollow?.Invoke(l) ?? false);

        // Union-find over the parties at the ends of the links followed (both ends on the register), by index.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new List<string>();
        var parent = new List<int>();
        var controlled = new HashSet<string>(StringComparer.Ordinal);

        int IndexOf(string id)
        {
            if (!index.TryGetValue(id, out var i))
            {
                index[id] = i = ids.Count;
                ids.Add(id);
                parent.Add(i);
            }
            return i;
        }

        int Find(int x)
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
            controlled.Add(link.ToId);
            if (!register.Holders.ContainsKey(link.FromId) || !register.Holders.ContainsKey(link.ToId)) continue;
            var a = Find(IndexOf(link.FromId));
            var b = Find(IndexOf(link.ToId));
            if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
        }

        // A group is named after its ultimate controller: the first (by id) member that no other member controls.
        var byRoot = new Dictionary<int, List<string>>();
        for (var i = 0; i < ids.Count; i++)
        {
            var root = Find(i);
            if (!byRoot.TryGetValue(root, out var list)) byRoot[root] = list = new List<string>(2);
            list.Add(ids[i]);
        }
        var groupOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var members = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var list in byRoot.Values)
        {
            if (list.Count < 2) continue;
            list.Sort(StringComparer.Ordinal);
            var name = list.FirstOrDefault(m => !controlled.Contains(m)) ?? list[0];
            members[name] = list;
            foreach (var m in list) groupOf[m] = name;
        }
        return new AffiliateGroups(groupOf, members, keepHolderIds ? register.Holders.Keys.ToArray() : null);
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

    /// <summary>The groups of more than one party, by group id, each with its members in order.</summary>
    internal IReadOnlyDictionary<string, List<string>> GroupsOfMany => _members;

    /// <summary>Every group's id, one per group of the parties on the register when the groups were built, in register order of each group's first member.</summary>
    public IEnumerable<string> GroupIds
    {
        get
        {
            var holderIds = _holderIds ?? throw new InvalidOperationException("These groups were built for a view, without the register's holder ids.");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in holderIds)
            {
                if (!_groupOf.TryGetValue(id, out var group)) yield return id;
                else if (seen.Add(group)) yield return group;
            }
        }
    }
}
