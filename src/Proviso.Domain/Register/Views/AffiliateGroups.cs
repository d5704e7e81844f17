using System.Runtime.InteropServices;
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

    // Only the parties at the ends of the links followed are known here, by ordinal (in the order the links name them):
    // a party not among them, or in a group of one, is a group of one, named after itself. Building is proportional to
    // the links, not to the holders (a register of 100,000 holders has a few thousand links), and keeps one dictionary,
    // from a party's id to its ordinal; everything else is arrays by ordinal or by group.
    private readonly Dictionary<string, int> _ordinals;
    private readonly int[] _groupOfOrdinal;
    private readonly Group[] _groups;
    private readonly string[]? _holderIds;

    /// <summary>A group of more than one party: its id (its ultimate controller's) and its members in order.</summary>
    internal readonly record struct Group(string Id, string[] Members);

    private AffiliateGroups(Dictionary<string, int> ordinals, int[] groupOfOrdinal, Group[] groups, string[]? holderIds)
    {
        _ordinals = ordinals;
        _groupOfOrdinal = groupOfOrdinal;
        _groups = groups;
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

        // Union-find over the parties on the register at the ends of the links followed. Each id is looked up once per
        // link end; an id not on the register is remembered as such (ordinal -1), so it is not looked up again.
        var ordinals = new Dictionary<string, int>(register.Links.Count, StringComparer.Ordinal);
        var ids = new List<string>(register.Links.Count);
        var parent = new List<int>(register.Links.Count);
        var controlled = new List<bool>(register.Links.Count);

        int OrdinalOf(string id)
        {
            ref var ordinal = ref CollectionsMarshal.GetValueRefOrAddDefault(ordinals, id, out var known);
            if (known) return ordinal;
            if (!register.Holders.ContainsKey(id)) return ordinal = -1;
            ordinal = ids.Count;
            ids.Add(id);
            parent.Add(ordinal);
            controlled.Add(false);
            return ordinal;
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
            if (!(kinds.Contains(link.Kind) || (alsoFollow?.Invoke(link) ?? false)) || !link.IsActiveOn(date)) continue;
            var a = OrdinalOf(link.FromId);
            var b = OrdinalOf(link.ToId);
            // Controlled even by a party that is not on the register: such a member does not name its group.
            if (b >= 0) controlled[b] = true;
            if (a < 0 || b < 0) continue;
            a = Find(a);
            b = Find(b);
            if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
        }

        // The groups of more than one party, numbered in the order of their roots, and each party's group (or -1).
        var size = new int[ids.Count];
        for (var i = 0; i < ids.Count; i++) size[Find(i)]++;
        var groupOfRoot = new int[ids.Count];
        var groupCount = 0;
        for (var i = 0; i < ids.Count; i++) groupOfRoot[i] = size[i] > 1 ? groupCount++ : -1;
        var groupOfOrdinal = new int[ids.Count];
        var members = new string[groupCount][];
        var memberOrdinals = new int[groupCount][];
        var filled = new int[groupCount];
        for (var i = 0; i < ids.Count; i++)
        {
            var root = Find(i);
            var g = groupOfOrdinal[i] = groupOfRoot[root];
            if (g < 0) continue;
            (members[g] ??= new string[size[root]])[filled[g]] = ids[i];
            (memberOrdinals[g] ??= new int[size[root]])[filled[g]++] = i;
        }

        // A group is named after its ultimate controller: the first (by id) member that no other member controls.
        var groups = new Group[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            var list = members[g];
            var ordinalsOfList = memberOrdinals[g];
            Array.Sort(list, ordinalsOfList, StringComparer.Ordinal);
            var name = list[0];
            for (var m = 0; m < list.Length; m++)
            {
                if (controlled[ordinalsOfList[m]]) continue;
                name = list[m];
                break;
            }
            groups[g] = new Group(name, list);
        }
        return new AffiliateGroups(ordinals, groupOfOrdinal, groups, keepHolderIds ? register.Holders.Keys.ToArray() : null);
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
    public string GroupOf(string holderId) => GroupIndexOf(holderId) is >= 0 and var g ? _groups[g].Id : holderId;

    public IReadOnlyList<string> MembersOf(string groupId) =>
        GroupIndexOf(groupId) is >= 0 and var g && _groups[g].Id == groupId ? _groups[g].Members : [groupId];

    public bool AreAffiliates(string a, string b) => a != b && GroupOf(a) == GroupOf(b);

    /// <summary>The groups of more than one party, each with its members in order.</summary>
    internal IReadOnlyList<Group> GroupsOfMany => _groups;

    /// <summary>Every group's id, one per group of the parties on the register when the groups were built, in register order of each group's first member.</summary>
    public IEnumerable<string> GroupIds
    {
        get
        {
            var holderIds = _holderIds ?? throw new InvalidOperationException("These groups were built for a view, without the register's holder ids.");
            var seen = new bool[_groups.Length];
            foreach (var id in holderIds)
            {
                var g = GroupIndexOf(id);
                if (g < 0) yield return id;
                else if (!seen[g])
                {
                    seen[g] = true;
                    yield return _groups[g].Id;
                }
            }
        }
    }

    /// <summary>The group of more than one party a party is in (its index in <see cref="GroupsOfMany"/>), or -1.</summary>
    internal int GroupIndexOf(string id) => _ordinals.TryGetValue(id, out var ordinal) && ordinal >= 0 ? _groupOfOrdinal[ordinal] : -1;
}
