using NodaTime;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register.Views;

/// <summary>How shares are counted in a view.</summary>
public enum Basis
{
    /// <summary>Issued and outstanding shares, each class in its own shares.</summary>
    Outstanding,
    /// <summary>Ordinary shares plus preferred shares converted at the ratio in force.</summary>
    AsConverted,
    /// <summary>As converted, plus every outstanding warrant and option as if exercised (and converted).</summary>
    FullyDiluted,
    /// <summary>Votes: ordinary shares times votes per share; preferred as converted unless the series states its votes.</summary>
    Voting,
}

public enum GroupBy
{
    Holder,
    /// <summary>By affiliate group: Affiliates' shares aggregated (ROFR s.6.17).</summary>
    Group,
    Class,
}

/// <summary>One line of a cap table: who (or which class), shares by class, instruments, the basis amount and its exact share of the total.</summary>
public sealed record CapTableRow(
    string Key,
    string Label,
    IReadOnlyList<string> Members,
    IReadOnlyDictionary<string, ShareCount> SharesByClass,
    IReadOnlyDictionary<string, ShareCount> InstrumentsByClass,
    Fraction Amount,
    Fraction Percentage);

/// <summary>A cap table at a date, on a basis, grouped a way, with exact percentages that sum to exactly one.</summary>
public sealed record CapTable(
    string CompanyId,
    string CompanyName,
    LocalDate AsOf,
    Basis Basis,
    GroupBy GroupBy,
    IReadOnlyList<string> ClassIds,
    IReadOnlyList<CapTableRow> Rows,
    IReadOnlyDictionary<string, ShareCount> OutstandingByClass,
    Fraction Total,
    IReadOnlyList<string> Notes)
{
    /// <summary>
    /// Computes the cap table of <paramref name="register"/> (already the register as of <paramref name="asOf"/>).
    /// One pass over the holdings and instruments; percentages are exact fractions of the total on the basis.
    /// </summary>
    public static CapTable Compute(Register register, LocalDate asOf, Basis basis, GroupBy groupBy, AffiliateGroups? groups = null)
    {
        var notes = new List<string>();
        var classIds = register.Classes.Values.OrderBy(c => c.Kind).ThenBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).ToList();

        // Per-class weight: what one share of the class counts for on this basis.
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

        var groupsView = groupBy == GroupBy.Group ? groups ?? AffiliateGroups.Build(register, asOf) : null;
        var rows = new Dictionary<string, (Dictionary<string, ShareCount> Shares, Dictionary<string, ShareCount> Instruments, Fraction Amount)>(StringComparer.Ordinal);
        var outstanding = new Dictionary<string, ShareCount>(StringComparer.Ordinal);
        foreach (var id in classIds) outstanding[id] = ShareCount.Zero;

        string KeyFor(string holderId, string classId) => groupBy switch
        {
            GroupBy.Holder => holderId,
            GroupBy.Group => groupsView!.GroupOf(holderId),
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
                GroupBy.Group => register.Holders.ContainsKey(key) ? GroupLabel(register, groupsView!, key) : key,
                _ => register.Holders.TryGetValue(key, out var hh) ? hh.Name : key,
            };
            var members = groupBy == GroupBy.Group ? groupsView!.MembersOf(key) : (IReadOnlyList<string>)[key];
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

    private static string GroupLabel(Register register, AffiliateGroups groups, string groupId)
    {
        var name = register.Holders[groupId].Name;
        return groups.MembersOf(groupId).Count == 1 ? name : $"{name} group";
    }
}
