using System.Buffers;
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
    /// <remarks>
    /// Each line's amount is the sum over classes of its shares times the class's weight on the basis. The weights are
    /// brought to a common denominator, so the amounts are whole numbers of that denominator: added, compared and sorted
    /// as 128-bit integers, and turned into exact fractions once per line at the end (<see cref="WholeAmounts"/>). If a
    /// weight or a sum does not fit, the same amounts are added as fractions instead (<see cref="FractionAmounts"/>); the
    /// table is the same either way. The lines are added up in compact arrays (<see cref="Lines"/>), and each line's
    /// shares by class are a slice of one array shared by the table (<see cref="ClassShares"/>).
    /// </remarks>
    public static CapTable Compute(Register register, LocalDate asOf, Basis basis, GroupBy groupBy, AffiliateGroups? groups = null)
    {
        var notes = new List<string>();
        var classIds = register.Classes.Values.OrderBy(c => c.Kind).ThenBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).ToList();
        var classes = new ClassIndex(classIds);

        // Per-class weight: what one share of the class counts for on this basis.
        var weights = new Fraction[classIds.Count];
        foreach (var cls in register.Classes.Values)
        {
            var ratio = cls.RatioOn(asOf);
            if (cls.Kind == ClassKind.Preferred && ratio is null)
            {
                notes.Add($"{cls.Id}: no conversion ratio in force on {asOf:yyyy-MM-dd}; counted one for one.");
                ratio = Fraction.One;
            }
            weights[classes.Of(cls.Id)] = basis switch
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

        var groupsView = groupBy == GroupBy.Group ? groups ?? AffiliateGroups.BuildForView(register, asOf) : null;
        using var lines = Lines.Tally(register, asOf, basis, groupBy, groupsView, classes, out var outstanding);

        // Scratch arrays with an entry per line are rented, and returned below: new ones on every call would each be
        // fresh memory for the process to map.
        var wholeAmounts = ArrayPool<Int128>.Shared.Rent(lines.Count);
        var labels = ArrayPool<string>.Shared.Rent(lines.Count);
        var members = groupBy == GroupBy.Group ? ArrayPool<IReadOnlyList<string>?>.Shared.Rent(lines.Count) : null;
        int[]? order = null;
        try
        {
            // (A rented array may hold another renter's leftovers: the labels and members are read before written.)
            Array.Clear(labels, 0, lines.Count);
            if (members is not null) Array.Clear(members, 0, lines.Count);
            var amounts = WholeAmounts.TryCompute(lines, weights, wholeAmounts) ?? (IAmounts)new FractionAmounts(lines, weights);
            Label(register, groupBy, groupsView, lines, labels, members);
            (order, var count) = amounts.Order();
            var result = new List<CapTableRow>(count);
            Fraction amount = default, percentage = default;
            for (var k = 0; k < count; k++)
            {
                var i = order[k];
                var key = lines.Key(i);
                // Lines of equal amount are next to each other, and share the same exact values.
                if (k == 0 || !amounts.SameAmount(order[k - 1], i))
                {
                    amount = amounts.Amount(i);
                    percentage = amounts.Percentage(i);
                }
                result.Add(new CapTableRow(key, labels[i], members?[i] ?? (IReadOnlyList<string>)[key], lines.SharesOf(i), lines.Instruments(i), amount, percentage));
            }

            var outstandingByClass = new Dictionary<string, ShareCount>(StringComparer.Ordinal);
            for (var c = 0; c < classIds.Count; c++) outstandingByClass[classIds[c]] = outstanding[c];
            return new CapTable(register.CompanyId ?? "", register.CompanyName ?? "", asOf, basis, groupBy, classIds, result, outstandingByClass, amounts.Total, notes);
        }
        finally
        {
            ArrayPool<Int128>.Shared.Return(wholeAmounts);
            ArrayPool<string>.Shared.Return(labels, clearArray: true);
            if (members is not null) ArrayPool<IReadOnlyList<string>?>.Shared.Return(members, clearArray: true);
            if (order is not null) ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>
    /// The label of each line with shares or instruments (the class's name; the holder's name; the group lead's name,
    /// with "group" after it, for a group of more than one; its key, for a line whose key is not a holder on the
    /// register) and, by group, the members of each group of more than one (any other line's only member is its key),
    /// into <paramref name="labels"/> and <paramref name="members"/> by line (both come cleared). The holder of a
    /// holder's line is read by its ordinal on the register, not found by id.
    /// </summary>
    private static void Label(Register register, GroupBy groupBy, AffiliateGroups? groups, Lines lines, string[] labels, IReadOnlyList<string>?[]? members)
    {
        for (var line = 0; line < lines.HolderLines; line++)
            if (!lines.IsMember(line)) labels[line] = register.HolderAt(lines.RegisterOrdinal(line)).Name;
        if (members is not null)
            for (var g = 0; g < groups!.GroupsOfMany.Count; g++)
            {
                var group = groups.GroupsOfMany[g];
                var line = lines.GroupLine(g);
                if (lines.IsEmpty(line)) continue;
                members[line] = group.Members;
                labels[line] = register.Holders.TryGetValue(group.Id, out var lead) ? $"{lead.Name} group" : group.Id;
            }
        for (var line = lines.HolderLines; line < lines.Count; line++)
        {
            if (labels[line] is not null || lines.IsEmpty(line)) continue;
            // A class; or a holder with instruments but no holdings, by its key.
            var key = lines.Key(line);
            labels[line] = groupBy == GroupBy.Class ? register.Classes[key].Name : register.Holders.TryGetValue(key, out var holder) ? holder.Name : key;
        }
    }

    private static Fraction TargetVotes(Register register, ShareClass cls) =>
        cls.ConvertsInto is { } target && register.Classes.TryGetValue(target, out var t) ? t.VotesPerShare ?? Fraction.One : Fraction.One;
}
