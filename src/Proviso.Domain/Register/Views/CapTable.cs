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

/// <summary>
/// One line of a cap table: who (or which class), shares by class, instruments, the basis amount and its exact share of
/// the total.
/// </summary>
/// <remarks>
/// A value of two words, not an object per line: a computed table's rows are one array of (table, line, run), and each
/// row reads its key, label, members, shares and instruments from what its table keeps by line (<see cref="TableLines"/>)
/// when asked, and its amount and percentage from the exact values, in lowest terms, that the table computed once for
/// each distinct amount. A row made with the public constructor holds the values it was given.
/// </remarks>
public readonly struct CapTableRow
{
    // A computed table's lines (TableLines), or the values given to the public constructor (Given).
    private readonly object? _source;
    private readonly int _line;
    private readonly int _run;

    public CapTableRow(string key, string label, IReadOnlyList<string> members, IReadOnlyDictionary<string, ShareCount> sharesByClass,
        IReadOnlyDictionary<string, ShareCount> instrumentsByClass, Fraction amount, Fraction percentage) =>
        _source = new Given(key, label, members, sharesByClass, instrumentsByClass, amount, percentage);

    /// <summary>Line <paramref name="line"/> of a computed table, whose amount is its <paramref name="run"/>-th distinct amount.</summary>
    internal CapTableRow(TableLines lines, int line, int run)
    {
        _source = lines;
        _line = line;
        _run = run;
    }

    /// <summary>The holder's id, the group's id (its lead's) or the class's id.</summary>
    public string Key => _source switch
    {
        TableLines t => t.KeyOf(_line),
        Given g => g.Key,
        _ => "",
    };

    public string Label => _source switch
    {
        TableLines t => t.LabelOf(_line),
        Given g => g.Label,
        _ => "",
    };

    /// <summary>The holders on the line: a group's members; otherwise the key alone.</summary>
    public IReadOnlyList<string> Members => _source switch
    {
        TableLines t => t.MembersOf(_line) ?? [Key],
        Given g => g.Members,
        _ => [],
    };

    public IReadOnlyDictionary<string, ShareCount> SharesByClass => _source switch
    {
        TableLines t => t.SharesOf(_line),
        Given g => g.SharesByClass,
        _ => ClassShares.Empty,
    };

    public IReadOnlyDictionary<string, ShareCount> InstrumentsByClass => _source switch
    {
        TableLines t => t.InstrumentsOf(_line),
        Given g => g.InstrumentsByClass,
        _ => ClassShares.Empty,
    };

    /// <summary>The line's amount on the basis, exactly.</summary>
    public Fraction Amount => _source switch
    {
        TableLines t => t.AmountOf(_run),
        Given g => g.Amount,
        _ => Fraction.Zero,
    };

    /// <summary>The line's exact share of the total.</summary>
    public Fraction Percentage => _source switch
    {
        TableLines t => t.PercentageOf(_run),
        Given g => g.Percentage,
        _ => Fraction.Zero,
    };

    private sealed record Given(string Key, string Label, IReadOnlyList<string> Members, IReadOnlyDictionary<string, ShareCount> SharesByClass,
        IReadOnlyDictionary<string, ShareCount> InstrumentsByClass, Fraction Amount, Fraction Percentage);
}

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
    /// as 128-bit integers, and reduced to lowest terms once per run of equal amounts at the end, in machine integers
    /// (<see cref="WholeAmounts"/>; a row makes its <see cref="Fraction"/>s from those terms when read). If a weight or a
    /// sum does not fit, the same amounts are added as fractions instead (<see cref="FractionAmounts"/>); the table is
    /// the same either way. The lines are added up in compact arrays (<see cref="Lines"/>), each line's shares by class
    /// are a slice of one array shared by the table (<see cref="ClassShares"/>), and the rows are one array of values
    /// that read all this by line (<see cref="CapTableRow"/>, <see cref="TableLines"/>).
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
        int[]? order = null, runOf = null;
        try
        {
            var amounts = WholeAmounts.TryCompute(lines, weights, wholeAmounts) ?? (IAmounts)new FractionAmounts(lines, weights);
            var labels = Label(register, groupBy, groupsView, lines);
            (order, var count) = amounts.Order();

            // Lines of equal amount are next to each other, and share the same exact values: one pair per run of them.
            runOf = ArrayPool<int>.Shared.Rent(count);
            var table = new TableLines(lines, labels, groupsView, amounts.Runs(order.AsSpan(0, count), runOf.AsSpan(0, count)));
            var rows = new CapTableRow[count];
            for (var k = 0; k < count; k++) rows[k] = new CapTableRow(table, order[k], runOf[k]);

            var outstandingByClass = new Dictionary<string, ShareCount>(StringComparer.Ordinal);
            for (var c = 0; c < classIds.Count; c++) outstandingByClass[classIds[c]] = outstanding[c];
            return new CapTable(register.CompanyId ?? "", register.CompanyName ?? "", asOf, basis, groupBy, classIds, rows, outstandingByClass, amounts.Total, notes);
        }
        finally
        {
            ArrayPool<Int128>.Shared.Return(wholeAmounts);
            if (order is not null) ArrayPool<int>.Shared.Return(order);
            if (runOf is not null) ArrayPool<int>.Shared.Return(runOf);
        }
    }

    /// <summary>
    /// The label of each line with shares or instruments (the class's name; the holder's name; the group lead's name,
    /// with "group" after it, for a group of more than one; its key, for a line whose key is not a holder on the
    /// register). The holder lines' labels are their holders' names, read from the holding index's list of them
    /// (<see cref="HoldingIndex.HolderNames"/>) when a row asks; this gives the labels of the lines after them, by line
    /// less <see cref="Lines.HolderLines"/> (null for an empty line).
    /// </summary>
    private static string?[] Label(Register register, GroupBy groupBy, AffiliateGroups? groups, Lines lines)
    {
        var labels = new string?[lines.Count - lines.HolderLines];
        if (groups is not null)
            for (var g = 0; g < groups.GroupsOfMany.Count; g++)
            {
                var group = groups.GroupsOfMany[g];
                var line = lines.GroupLine(g);
                if (lines.IsEmpty(line)) continue;
                labels[line - lines.HolderLines] = register.Holders.TryGetValue(group.Id, out var lead) ? $"{lead.Name} group" : group.Id;
            }
        for (var line = lines.HolderLines; line < lines.Count; line++)
        {
            if (labels[line - lines.HolderLines] is not null || lines.IsEmpty(line)) continue;
            // A class; or a holder with instruments but no holdings, by its key.
            var key = lines.Key(line);
            labels[line - lines.HolderLines] = groupBy == GroupBy.Class ? register.Classes[key].Name : register.Holders.TryGetValue(key, out var holder) ? holder.Name : key;
        }
        return labels;
    }

    private static Fraction TargetVotes(Register register, ShareClass cls) =>
        cls.ConvertsInto is { } target && register.Classes.TryGetValue(target, out var t) ? t.VotesPerShare ?? Fraction.One : Fraction.One;
}
