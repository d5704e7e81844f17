using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register.Views;

/// <summary>
/// What the rows of one computed cap table read (<see cref="CapTableRow"/>), by line: keys, labels, shares and
/// instruments, the members of its groups of more than one, and the exact amount and percentage of each run of lines
/// of equal amount, in table order. Read-only once the table is built.
/// </summary>
/// <param name="lines">The table's lines, added up.</param>
/// <param name="labels">The labels of the lines after the holders' (see <see cref="Lines.HolderLines"/>), by line less that.</param>
/// <param name="groups">By group, the groups; else null.</param>
/// <param name="values">The exact values of each run.</param>
internal sealed class TableLines(Lines lines, string?[] labels, AffiliateGroups? groups, RunValues values)
{
    // The holders' names, by holder line: the holding index's list, kept with the index (read once per version of the register).
    private readonly string[] _holderNames = lines.Names;

    public string KeyOf(int line) => lines.Key(line);

    public string LabelOf(int line) => line < lines.HolderLines ? _holderNames[line] : labels[line - lines.HolderLines]!;

    /// <summary>The members of a group line (in the group's order); null for any other line (its only member is its key).</summary>
    public IReadOnlyList<string>? MembersOf(int line) =>
        groups is not null && lines.GroupOfLine(line) is >= 0 and var g ? groups.GroupsOfMany[g].Members : null;

    public ClassShares SharesOf(int line) => lines.SharesOnTable(line);

    public ClassShares InstrumentsOf(int line) => lines.Instruments(line);

    public Fraction AmountOf(int run) => values.Amount(run);

    public Fraction PercentageOf(int run) => values.Percentage(run);
}
