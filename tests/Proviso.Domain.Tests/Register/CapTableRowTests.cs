namespace Proviso.Domain.Tests.Register;

using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Views;
using static Cmd;

/// <summary>
/// The rows of a computed cap table are values that read their table by line (keys, labels, shares, exact amounts in
/// lowest terms), and ties of amount are put in ordinal key order from each holder's id prefix, kept with the register's
/// holding index: rows must read exactly what the plain computation (<see cref="CapTableReference"/>) gives, for ids of
/// every shape, and keep reading it after the register changes.
/// </summary>
public class CapTableRowTests
{
    private static readonly NodaTime.LocalDate On = D(2020, 1, 1);
    private static readonly NodaTime.LocalDate AsOf = D(2021, 1, 1);

    private static readonly Basis[] Bases = Enum.GetValues<Basis>();
    private static readonly GroupBy[] Groupings = [GroupBy.Holder, GroupBy.Group, GroupBy.Class];

    // Ids whose ordinal order is not their order in any culture, nor their order by length: upper case before lower,
    // accented letters and composed against decomposed forms, a character outside the basic plane (two UTF-16 units),
    // digits compared as text, and ids that agree in their first eight units (h-0000001 to h-00000010) or in all of a
    // shorter one's (h-0000000 against h-00000001).
    private static readonly string[] Ids =
    [
        "a", "B", "b", "A", "é", "e\u0301", "E", "ß", "ss", "z", "Z", "ä", "a\u0308", "ı", "İ", "i", "I", "\U0001D49C", "\uFF21",
        "h1", "h10", "h2", "h-0000000", "h-00000001", "h-00000002", "h-000000010", "h-0000001", "holder-0000000001", "holder-000000000",
    ];

    /// <summary>
    /// Every id above holds the same amount, their first holdings made in reverse ordinal order (so that the holding
    /// index lists them against key order), with a few other holders of other amounts, a group whose line ties with
    /// them, and on a fully diluted basis a holder with instruments only whose line ties too.
    /// </summary>
    private static RegisterBuilder Tied()
    {
        var b = new RegisterBuilder().Company(On).Ordinary("class-a", On).Preferred("series-p", "class-a", Fraction.Create(3, 2), On)
            .Holders(On, Ids).Holders(On, "big", "small", "lead", "member", "warrants-only");
        foreach (var id in Ids.OrderByDescending(x => x, StringComparer.Ordinal)) b.Issue(id, "class-a", 300, On);
        return b.Issue("big", "series-p", 1_000, On).Issue("small", "class-a", 7, On)
            .Issue("lead", "class-a", 100, On).Issue("member", "class-a", 200, On).Link("lead", "member", On)
            .Warrant("w", "warrants-only", "class-a", 300, On);
    }

    [Fact]
    public void Compute_TiedAmountsWithIdsOfEveryShape_PutsTiesInOrdinalKeyOrderAsTheReferenceDoes()
    {
        var register = Tied().Latest;
        foreach (var basis in Bases)
            foreach (var groupBy in Groupings)
                CapTablePropertyTests.AssertSameTable(CapTableReference.Compute(register, AsOf, basis, groupBy), CapTable.Compute(register, AsOf, basis, groupBy),
                    $"{basis}/{groupBy}");

        var table = CapTable.Compute(register, AsOf, Basis.FullyDiluted, GroupBy.Group);
        var tied = table.Rows.Where(r => r.Amount == Fraction.Of(300)).Select(r => r.Key).ToList();
        Assert.Equal(Ids.Length + 2, tied.Count);
        Assert.Equal(tied.OrderBy(k => k, StringComparer.Ordinal), tied);
        Assert.Contains("lead", tied);
        Assert.Contains("warrants-only", tied);
        Assert.True(tied.IndexOf("B") < tied.IndexOf("a") && tied.IndexOf("z") < tied.IndexOf("é") && tied.IndexOf("h-0000000") < tied.IndexOf("h-00000001"));
    }

    [Fact]
    public void Compute_RowsOfEqualAmount_ReadTheSameExactValuesInLowestTerms()
    {
        var table = CapTable.Compute(Tied().Latest, AsOf, Basis.AsConverted, GroupBy.Holder);
        var tied = table.Rows.Where(r => r.Amount == Fraction.Of(300)).ToList();
        Assert.All(tied, r => Assert.Equal(tied[0].Percentage, r.Percentage));
        var big = table.Rows[0];
        Assert.Equal("big", big.Key);
        Assert.Equal(Fraction.Of(1_500), big.Amount);
        Assert.Equal(Fraction.Create(1_500, 1_500 + 300 * Ids.Length + 100 + 200 + 7), big.Percentage);
        Assert.Equal(Fraction.One, Fraction.Sum(table.Rows.Select(r => r.Percentage)));
    }

    [Fact]
    public void Compute_AfterTheRegisterChanges_TheEarlierTableReadsAsBeforeAndTheNextFollowsTheChange()
    {
        var b = Tied();
        var before = CapTable.Compute(b.Latest, AsOf, Basis.Outstanding, GroupBy.Group);
        var snapshot = before.Rows.Select(r => (r.Key, r.Label, string.Join(",", r.Members), string.Join(",", r.SharesByClass), r.Amount, r.Percentage)).ToList();

        // A new holder whose id sorts first among the tied ones, and more shares for one of them.
        b.Holder("0-first", On).Issue("0-first", "class-a", 300, On).Issue("z", "class-a", 1, On);
        var after = CapTable.Compute(b.Latest, AsOf, Basis.Outstanding, GroupBy.Group);

        Assert.Equal(snapshot, before.Rows.Select(r => (r.Key, r.Label, string.Join(",", r.Members), string.Join(",", r.SharesByClass), r.Amount, r.Percentage)));
        CapTablePropertyTests.AssertSameTable(CapTableReference.Compute(b.Latest, AsOf, Basis.Outstanding, GroupBy.Group), after, "after");
        Assert.Equal("0-first", after.Rows.First(r => r.Amount == Fraction.Of(300)).Key);
        Assert.Equal(b.Latest.Holders["0-first"].Name, after.Rows.Single(r => r.Key == "0-first").Label);
        Assert.Equal(b.Latest.Holders["z"].Name, after.Rows.Single(r => r.Key == "z").Label);
    }

    [Fact]
    public void CapTableRow_MadeWithItsConstructor_ReadsTheValuesGiven()
    {
        var shares = new Dictionary<string, ShareCount>(StringComparer.Ordinal) { ["class-a"] = ShareCount.Of(3) };
        var instruments = new Dictionary<string, ShareCount>(StringComparer.Ordinal);
        var row = new CapTableRow("k", "Label", ["k", "m"], shares, instruments, Fraction.Of(3), Fraction.Create(1, 4));
        Assert.Equal("k", row.Key);
        Assert.Equal("Label", row.Label);
        Assert.Equal(["k", "m"], row.Members);
        Assert.Same(shares, row.SharesByClass);
        Assert.Same(instruments, row.InstrumentsByClass);
        Assert.Equal(Fraction.Of(3), row.Amount);
        Assert.Equal(Fraction.Create(1, 4), row.Percentage);
    }

    [Fact]
    public void CapTableRow_Default_ReadsAsAnEmptyRow()
    {
        var row = default(CapTableRow);
        Assert.Equal("", row.Key);
        Assert.Equal("", row.Label);
        Assert.Empty(row.Members);
        Assert.Empty(row.SharesByClass);
        Assert.Empty(row.InstrumentsByClass);
        Assert.Equal(Fraction.Zero, row.Amount);
        Assert.Equal(Fraction.Zero, row.Percentage);
    }
}
