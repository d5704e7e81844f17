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
        var (lines, outstanding) = Lines.Tally(register, asOf, basis, groupBy, groupsView, classes, weights);

        var amounts = WholeAmounts.TryCompute(lines, weights) is { } whole ? (IAmounts)whole : new FractionAmounts(lines, weights);
        var order = amounts.Order();

        var (labels, groupMembers) = LabelsAndMembers(register, groupBy, groupsView, lines);
        var (sharesArena, sharesEnds) = lines.Slices(instrument: false, classes);
        var (instrumentsArena, instrumentsEnds) = lines.Slices(instrument: true, classes);
        var result = new List<CapTableRow>(order.Length);
        foreach (var i in order)
        {
            var key = lines.Key(i);
            var members = groupMembers?[i] ?? (IReadOnlyList<string>)[key];
            result.Add(new CapTableRow(key, labels[i], members, Lines.Slice(sharesArena, sharesEnds, i), Lines.Slice(instrumentsArena, instrumentsEnds, i),
                amounts.Amount(i), amounts.Percentage(i)));
        }

        var outstandingByClass = new Dictionary<string, ShareCount>(StringComparer.Ordinal);
        for (var c = 0; c < classIds.Count; c++) outstandingByClass[classIds[c]] = outstanding[c];

        return new CapTable(register.CompanyId ?? "", register.CompanyName ?? "", asOf, basis, groupBy, classIds, result, outstandingByClass, amounts.Total, notes);
    }

    /// <summary>
    /// Each line's label (the class's name; the holder's name; the group lead's name, with "group" after it for a group
    /// of more than one) and, by group, the members of the groups of more than one (any other line's only member is its
    /// key).
    /// </summary>
    private static (string[] Labels, IReadOnlyList<string>?[]? Members) LabelsAndMembers(Register register, GroupBy groupBy, AffiliateGroups? groups, Lines lines)
    {
        var labels = new string[lines.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            var key = lines.Key(i);
            if (groupBy == GroupBy.Class) labels[i] = register.Classes[key].Name;
            else labels[i] = register.Holders.TryGetValue(key, out var holder) ? holder.Name : key;
        }
        if (groupBy != GroupBy.Group) return (labels, null);

        var members = new IReadOnlyList<string>?[lines.Count];
        foreach (var (id, list) in groups!.GroupsOfMany)
        {
            var line = lines.FindKeyed(id);
            if (line < 0) continue;
            members[line] = list;
            if (register.Holders.TryGetValue(id, out var lead)) labels[line] = $"{lead.Name} group";
        }
        return (labels, members);
    }

    private static Fraction TargetVotes(Register register, ShareClass cls) =>
        cls.ConvertsInto is { } target && register.Classes.TryGetValue(target, out var t) ? t.VotesPerShare ?? Fraction.One : Fraction.One;
}
