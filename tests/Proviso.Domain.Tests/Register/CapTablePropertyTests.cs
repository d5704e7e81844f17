using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Proviso.Domain.Tests.Register;

using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Events;
using Proviso.Domain.Register.Views;

/// <summary>
/// The cap table adds whole numbers over a common denominator instead of fractions; over random registers it must give
/// exactly the table the plain fraction computation (<see cref="CapTableReference"/>) gives: the same lines in the same
/// order, the same shares by class (in the same order), the same exact amounts, percentages, total and notes, on every
/// basis and every grouping. The registers mix ordinary classes with fractional or huge votes per share, preferred
/// series with fractional, huge or missing conversion ratios, holdings near the 64-bit limit, emptied holdings,
/// warrants (some issued after the date, some cancelled) and control links of every kind (some not yet in force, some
/// ended), so both the integer path and its fraction fallback are exercised.
/// </summary>
public class CapTablePropertyTests
{
    private static readonly LocalDate Start = new(2020, 1, 1);
    private static readonly LocalDate AsOf = new(2021, 1, 1);
    private static readonly LocalDate Later = new(2022, 1, 1);
    private static readonly Money Par = Money.Of(0.0001m, "USD");

    private static readonly Fraction[] Votes =
    [
        Fraction.One, Fraction.One, Fraction.Of(10), Fraction.Zero, Fraction.Create(1, 3), Fraction.Create(7, 2),
        Fraction.Create((BigInteger.One << 62) + 1, 3), Fraction.Of(BigInteger.One << 70), Fraction.Create(1, (BigInteger.One << 66) + 1),
        Fraction.Of(long.MaxValue), Fraction.Create(long.MaxValue, 2),
    ];

    private static readonly Fraction?[] Ratios =
    [
        Fraction.One, Fraction.Create(3, 2), Fraction.Create(8, 5), Fraction.Create(1, 7), Fraction.Create(1_000_003, 999_983),
        Fraction.Create(long.MaxValue, 5), Fraction.Create((BigInteger.One << 64) + 1, 3), Fraction.Create(2, (BigInteger.One << 63) + 7),
        Fraction.Of(long.MaxValue - 1), null,
    ];

    private static readonly ControlKind[] LinkKinds = Enum.GetValues<ControlKind>();

    private sealed record ClassSpec(bool Preferred, int Votes, int Ratio, bool OwnVotes, int LaterRatio);

    private sealed record IssueSpec(int Holder, int Class, long Shares, int EmptyTo);

    private sealed record WarrantSpec(int Holder, int Class, long Quantity, bool AfterAsOf, bool Cancelled);

    private sealed record LinkSpec(int From, int To, int Kind, bool AfterAsOf, bool Ended);

    private sealed record Spec(ClassSpec[] Classes, int Holders, IssueSpec[] Issues, WarrantSpec[] Warrants, LinkSpec[] Links)
    {
        public override string ToString() =>
            $"classes [{string.Join("; ", Classes.Select(c => c.ToString()))}], {Holders} holders, issues [{string.Join("; ", Issues.Select(i => i.ToString()))}], " +
            $"warrants [{string.Join("; ", Warrants.Select(w => w.ToString()))}], links [{string.Join("; ", Links.Select(l => l.ToString()))}]";
    }

    private static readonly Gen<long> Shares = Gen.Frequency(
        (6, Gen.Elements(100L, 200L, 300L, 1_000L)),
        (6, from n in Gen.Choose(1, 1_000_000) select (long)n),
        (2, from n in Gen.Choose(1, int.MaxValue) from m in Gen.Choose(1, 1_000) select (long)n * m),
        (2, from n in Gen.Choose(0, 1_000_000) select long.MaxValue / 4 - n),
        (1, from n in Gen.Choose(0, 1_000) select long.MaxValue - n));

    private static readonly Gen<long> HugeShares = Gen.Frequency(
        (1, Gen.Elements(100L, 1_000L)),
        (2, from n in Gen.Choose(0, 1_000) select long.MaxValue / 2 - n),
        (3, from n in Gen.Choose(0, 1_000) select long.MaxValue - n));

    // Whole weights up to the 64-bit limit and a few holdings near it: amounts past 128 bits (it takes three products of
    // two numbers near 2^63), classes that add up past 64.
    private static readonly int[] HugeVotes = [9, 9, 2];
    private static readonly int[] HugeRatios = [9, 9, 0];

    private static Gen<Spec> Specs => Gen.Frequency((4, SpecsOf(huge: false)), (1, SpecsOf(huge: true)));

    private static Gen<Spec> SpecsOf(bool huge) =>
        from classCount in huge ? Gen.Choose(3, 5) : Gen.Frequency((12, Gen.Choose(1, 5)), (2, Gen.Choose(9, 12)), (1, Gen.Choose(65, 70)))
        from classes in Gen.ArrayOf(
            from preferred in Gen.Elements(false, true)
            from votes in huge ? Gen.Elements(HugeVotes) : Gen.Choose(0, Votes.Length - 1)
            from ratio in huge ? Gen.Elements(HugeRatios) : Gen.Choose(0, Ratios.Length - 1)
            from ownVotes in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
            from laterRatio in huge ? Gen.Constant(-1) : Gen.Choose(-1, Ratios.Length - 2)
            select new ClassSpec(preferred, votes, ratio, ownVotes, laterRatio), classCount)
        from holders in Gen.Choose(1, 25)
        from issueCount in huge ? Gen.Choose(3, 8) : Gen.Choose(0, 40)
        from issues in Gen.ArrayOf(
            from h in Gen.Choose(0, holders - 1)
            from c in Gen.Choose(0, classCount - 1)
            from s in huge ? HugeShares : Shares
            from emptyTo in Gen.Frequency((5, Gen.Constant(-1)), (1, Gen.Choose(0, holders - 1)))
            select new IssueSpec(h, c, s, emptyTo), issueCount)
        from warrantCount in Gen.Choose(0, 5)
        from warrants in Gen.ArrayOf(
            from h in Gen.Choose(0, holders - 1)
            from c in Gen.Choose(0, classCount - 1)
            from q in Shares
            from after in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
            from cancelled in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
            select new WarrantSpec(h, c, q, after, cancelled), warrantCount)
        from linkCount in Gen.Choose(0, 12)
        from links in Gen.ArrayOf(
            from a in Gen.Choose(0, holders - 1)
            from b in Gen.Choose(0, holders - 1)
            from k in Gen.Frequency((4, Gen.Choose(0, 1)), (1, Gen.Choose(0, LinkKinds.Length - 1)))
            from after in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
            from ended in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
            select new LinkSpec(a, b, k, after, ended), linkCount)
        select new Spec(classes, holders, issues, warrants, links);

    private static string ClassId(int i) => $"class-{i:D2}";

    private static string HolderId(int i) => $"h{i:D2}";

    /// <summary>The register the spec describes, built by applying events directly (so holdings can be as large as a holding can be).</summary>
    private static Register Build(Spec spec)
    {
        var events = new List<LedgerEvent>
        {
            new CompanyRegistered("co", "Co Limited", "KY", null, "USD") { EffectiveOn = Start },
        };
        // Preferred series convert into the first ordinary class (or, if there is none, into a class that does not exist).
        var firstOrdinary = Array.FindIndex(spec.Classes, c => !c.Preferred);
        for (var i = 0; i < spec.Classes.Length; i++)
        {
            var c = spec.Classes[i];
            if (!c.Preferred)
            {
                events.Add(new ShareClassCreated(ClassId(i), $"Class {i} Ordinary", ClassKind.Ordinary, Votes[c.Votes], Par, null, null, 0) { EffectiveOn = Start });
                continue;
            }
            var into = firstOrdinary >= 0 ? ClassId(firstOrdinary) : "missing-class";
            events.Add(new ShareClassCreated(ClassId(i), $"Series {i} Preferred", ClassKind.Preferred, c.OwnVotes ? Votes[c.Votes] : null, Par, into, Ratios[c.Ratio], i) { EffectiveOn = Start });
            if (c.LaterRatio >= 0 && Ratios[c.LaterRatio] is { } later)
                events.Add(new ConversionRatioChanged(ClassId(i), later, "adjustment") { EffectiveOn = c.OwnVotes ? Later : AsOf });
        }
        for (var h = 0; h < spec.Holders; h++)
            events.Add(new HolderRegistered(HolderId(h), $"Holder {h}", HolderKind.Entity, "KY", "Asia/Hong_Kong", [], null, null, null) { EffectiveOn = Start });

        // No single holding may pass the 64-bit limit (the register would refuse it); classes and groups may add up past it.
        var held = new Dictionary<(int, int), Int128>();
        bool Fits(int h, int c, long s) => held.GetValueOrDefault((h, c)) + s <= long.MaxValue;
        var certificate = 0;
        foreach (var i in spec.Issues)
        {
            if (!Fits(i.Holder, i.Class, i.Shares)) continue;
            var cert = $"cert-{++certificate}";
            events.Add(new SharesIssued(HolderId(i.Holder), ClassId(i.Class), ShareCount.Of(i.Shares), cert, null) { EffectiveOn = Start });
            held[(i.Holder, i.Class)] = held.GetValueOrDefault((i.Holder, i.Class)) + i.Shares;
            if (i.EmptyTo < 0 || i.EmptyTo == i.Holder || held[(i.Holder, i.Class)] != i.Shares || !Fits(i.EmptyTo, i.Class, i.Shares)) continue;
            // The whole holding moves on: an emptied position stays on the register with no shares.
            events.Add(new SharesTransferred(HolderId(i.Holder), HolderId(i.EmptyTo), ClassId(i.Class), ShareCount.Of(i.Shares),
                [new CertificatePortion(cert, ShareCount.Of(i.Shares))], $"cert-{++certificate}", null, null, null) { EffectiveOn = Start });
            held[(i.Holder, i.Class)] = 0;
            held[(i.EmptyTo, i.Class)] = held.GetValueOrDefault((i.EmptyTo, i.Class)) + i.Shares;
        }
        for (var w = 0; w < spec.Warrants.Length; w++)
        {
            var x = spec.Warrants[w];
            events.Add(new InstrumentIssued($"warrant-{w}", InstrumentKind.Warrant, HolderId(x.Holder), ClassId(x.Class), ShareCount.Of(x.Quantity), null, null, null)
                { EffectiveOn = x.AfterAsOf ? Later : Start });
            if (x.Cancelled)
                events.Add(new InstrumentCancelled($"warrant-{w}", ShareCount.Of(x.Quantity), "lapsed") { EffectiveOn = x.AfterAsOf ? Later : Start });
        }
        foreach (var l in spec.Links)
        {
            if (l.From == l.To) continue;
            var kind = LinkKinds[l.Kind];
            events.Add(new ControlLinkRecorded(HolderId(l.From), HolderId(l.To), kind, null) { EffectiveOn = l.AfterAsOf ? Later : Start });
            if (l.Ended && !l.AfterAsOf)
                events.Add(new ControlLinkEnded(HolderId(l.From), HolderId(l.To), kind) { EffectiveOn = Start.PlusDays(10) });
        }

        var register = new Register();
        foreach (var e in events.OrderBy(e => e.EffectiveOn)) register.Apply(e);
        return register;
    }

    private static readonly Basis[] Bases = Enum.GetValues<Basis>();
    private static readonly GroupBy[] Groupings = Enum.GetValues<GroupBy>();

    [Fact]
    public void Compute_AnyRegisterOnEveryBasisAndGrouping_EqualsThePlainFractionComputation()
    {
        int integerPath = 0, largeWeights = 0, largeSums = 0, overflow = 0, fractional = 0, groupsOfMany = 0, manyClasses = 0, over64Classes = 0;
        var config = Config.QuickThrowOnFailure.WithMaxTest(400);
        Check.One(config, Prop.ForAll(Arb.From(Specs), spec =>
        {
            var register = Build(spec);
            if (spec.Classes.Length > 8) manyClasses++;
            if (spec.Classes.Length > 64) over64Classes++;
            foreach (var basis in Bases)
                foreach (var groupBy in Groupings)
                {
                    var (expected, expectedError) = Run(() => CapTableReference.Compute(register, AsOf, basis, groupBy));
                    var (actual, actualError) = Run(() => CapTable.Compute(register, AsOf, basis, groupBy));
                    if (expectedError is not null || actualError is not null)
                    {
                        if (expectedError?.GetType() != actualError?.GetType())
                            throw new InvalidOperationException($"{basis}/{groupBy}: reference {Describe(expectedError)}, fast {Describe(actualError)}; {spec}");
                        overflow++;
                        continue;
                    }
                    AssertSameTable(expected!, actual!, $"{basis}/{groupBy}: {spec}");
                    switch (NeedsFractions(register, expected!))
                    {
                        case Fallback.None: integerPath++; break;
                        case Fallback.Weights: largeWeights++; break;
                        case Fallback.Sums: largeSums++; break;
                    }
                    if (expected!.Rows.Any(r => !r.Amount.IsInteger)) fractional++;
                    if (expected.Rows.Any(r => r.Members.Count > 1)) groupsOfMany++;
                }
            return true;
        }));
        Assert.True(integerPath > 0, "the generator should produce tables the integer path computes");
        Assert.True(largeWeights > 0, "the generator should produce weights too large for the integer path");
        Assert.True(largeSums > 0, "the generator should produce amounts past 128 bits over the common denominator");
        Assert.True(overflow > 0, "the generator should produce share sums past the 64-bit limit");
        Assert.True(fractional > 0, "the generator should produce fractional amounts");
        Assert.True(groupsOfMany > 0, "the generator should produce affiliate groups of more than one holder");
        Assert.True(manyClasses > 0, "the generator should produce registers with more than eight classes");
        Assert.True(over64Classes > 0, "the generator should produce registers with more than sixty-four classes");
    }

    [Fact]
    public void AffiliateGroups_AnyLinks_EqualThePlainUnionOfEveryHolder()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(300);
        Check.One(config, Prop.ForAll(Arb.From(Specs), spec =>
        {
            var register = Build(spec);
            foreach (var date in new[] { Start, Start.PlusDays(10), AsOf, Later })
            {
                Same(ReferenceAffiliateGroups.Build(register, date), AffiliateGroups.Build(register, date), date, spec);
                var kinds = new HashSet<ControlKind> { ControlKind.LimitedPartner, ControlKind.Controls };
                Same(ReferenceAffiliateGroups.Build(register, date, kinds), AffiliateGroups.Build(register, date, kinds), date, spec);
                Func<ControlLink, bool> also = l => l.Kind == ControlKind.FundManager && string.CompareOrdinal(l.FromId, "h10") < 0;
                Same(ReferenceAffiliateGroups.Build(register, date, null, also), AffiliateGroups.Build(register, date, null, also), date, spec);
            }
            return true;
        }));

        static void Same(ReferenceAffiliateGroups expected, AffiliateGroups actual, LocalDate date, Spec spec)
        {
            var where = $"on {date:yyyy-MM-dd}: {spec}";
            Assert.True(expected.GroupIds.SequenceEqual(actual.GroupIds), $"group ids differ {where}");
            var ids = Enumerable.Range(0, 26).Select(HolderId).Append("not-a-holder").ToList();
            foreach (var id in ids)
            {
                Assert.True(expected.GroupOf(id) == actual.GroupOf(id), $"group of {id} differs {where}");
                Assert.True(expected.MembersOf(id).SequenceEqual(actual.MembersOf(id)), $"members of {id} differ {where}");
                foreach (var other in ids)
                    Assert.True(expected.AreAffiliates(id, other) == actual.AreAffiliates(id, other), $"{id} and {other} differ {where}");
            }
        }
    }

    [Fact]
    public void SharesByClass_ReadsLikeADictionary()
    {
        var register = Build(new Spec(
            [new ClassSpec(false, 0, 0, false, -1), new ClassSpec(true, 0, 1, false, -1), new ClassSpec(false, 2, 0, false, -1)], 2,
            [new IssueSpec(0, 2, 5, -1), new IssueSpec(0, 0, 7, -1), new IssueSpec(1, 1, 9, -1)],
            [new WarrantSpec(0, 1, 11, false, false)], []));
        var table = CapTable.Compute(register, AsOf, Basis.FullyDiluted, GroupBy.Holder);
        var reference = CapTableReference.Compute(register, AsOf, Basis.FullyDiluted, GroupBy.Holder);
        AssertSameTable(reference, table, "small");
        var row = table.Rows.Single(r => r.Key == "h00");
        var shares = row.SharesByClass;
        Assert.Equal(2, shares.Count);
        Assert.Equal([ClassId(2), ClassId(0)], shares.Keys);
        Assert.Equal([ShareCount.Of(5), ShareCount.Of(7)], shares.Values);
        Assert.Equal(ShareCount.Of(7), shares[ClassId(0)]);
        Assert.True(shares.ContainsKey(ClassId(2)));
        Assert.False(shares.ContainsKey(ClassId(1)));
        Assert.False(shares.TryGetValue(ClassId(0).ToUpperInvariant(), out var none));
        Assert.Equal(default, none);
        Assert.Throws<KeyNotFoundException>(() => shares[ClassId(1)]);
        Assert.Throws<ArgumentNullException>(() => shares.ContainsKey(null!));
        Assert.Equal(ShareCount.Of(11), Assert.Single(row.InstrumentsByClass).Value);
        var empty = table.Rows.Single(r => r.Key == "h01").InstrumentsByClass;
        Assert.Empty(empty);
        Assert.Empty(empty.Keys);
        Assert.False(empty.TryGetValue(ClassId(0), out _));
        Assert.Throws<KeyNotFoundException>(() => empty[ClassId(0)]);
    }

    [Fact]
    public void Compute_HolderRegisteredLongBeforeItsFirstHolding_IsLabelledAndOrderedAsTheReferenceDoes()
    {
        // Holders are registered h00 to h39, but h00 and h05 get their first shares only after every other holder (their
        // lines come dozens of lines after where the register lists them), h39 never does, and several amounts tie, so
        // that a line's holder is not the register's holder of the same ordinal, and ties are put in key order.
        var issues = Enumerable.Range(1, 38).Where(h => h != 5)
            .Select(h => new IssueSpec(h, h % 2, h % 3 == 0 ? 300 : 100L * h, -1))
            .Concat([new IssueSpec(5, 1, 300, -1), new IssueSpec(0, 0, 300, -1), new IssueSpec(0, 1, 100, -1)])
            .ToArray();
        var register = Build(new Spec([new ClassSpec(false, 0, 0, false, -1), new ClassSpec(true, 0, 1, false, -1)], 40, issues, [], []));
        foreach (var basis in Bases)
            foreach (var groupBy in Groupings)
                AssertSameTable(CapTableReference.Compute(register, AsOf, basis, groupBy), CapTable.Compute(register, AsOf, basis, groupBy), $"{basis}/{groupBy}");
        var table = CapTable.Compute(register, AsOf, Basis.Outstanding, GroupBy.Holder);
        Assert.Equal("Holder 0", table.Rows.Single(r => r.Key == "h00").Label);
        Assert.DoesNotContain(table.Rows, r => r.Key == "h39");
    }

    [Fact]
    public void Compute_ByGroup_MembersHoldingsInterleaved_GroupLineHasItsClassesInRegisterOrder()
    {
        // h01 controls h00. The register meets the group's class 2 first (h00's), then class 1 (h01's, transferred to it
        // by h02, whose emptied position stays on the register and is left out of its holding index), then class 0
        // (h01's); h00's class 1 and h01's class 2 come after, and add to those classes.
        var register = Build(new Spec(
            [new ClassSpec(false, 0, 0, false, -1), new ClassSpec(false, 0, 0, false, -1), new ClassSpec(true, 0, 1, false, -1)], 3,
            [new IssueSpec(0, 2, 10, -1), new IssueSpec(2, 1, 7, 1), new IssueSpec(1, 0, 20, -1), new IssueSpec(0, 1, 30, -1), new IssueSpec(1, 2, 40, -1)],
            [], [new LinkSpec(1, 0, 0, false, false)]));
        foreach (var basis in Bases)
            AssertSameTable(CapTableReference.Compute(register, AsOf, basis, GroupBy.Group), CapTable.Compute(register, AsOf, basis, GroupBy.Group), $"{basis}");
        var group = Assert.Single(CapTable.Compute(register, AsOf, Basis.Outstanding, GroupBy.Group).Rows, r => r.Members.Count > 1);
        Assert.Equal(["h00", "h01"], group.Members);
        Assert.Equal([ClassId(2), ClassId(1), ClassId(0)], group.SharesByClass.Keys);
        Assert.Equal([ShareCount.Of(50), ShareCount.Of(37), ShareCount.Of(20)], group.SharesByClass.Values);
    }

    private static (CapTable? Table, Exception? Error) Run(Func<CapTable> compute)
    {
        try
        {
            return (compute(), null);
        }
        catch (OverflowException e)
        {
            return (null, e);
        }
    }

    private static string Describe(Exception? e) => e is null ? "a table" : e.GetType().Name;

    private enum Fallback { None, Weights, Sums }

    /// <summary>Whether the integer path cannot hold this table: the common denominator or a weight over it past 64 bits, or a sum past 128 bits.</summary>
    private static Fallback NeedsFractions(Register register, CapTable table)
    {
        var used = table.Rows.SelectMany(r => r.SharesByClass.Keys.Concat(r.InstrumentsByClass.Keys)).ToHashSet();
        var weights = used.Select(c => Weight(register, c, table.Basis)).ToList();
        var d = weights.Aggregate(BigInteger.One, (acc, w) => acc / BigInteger.GreatestCommonDivisor(acc, w.Denominator) * w.Denominator);
        if (d > long.MaxValue || weights.Any(w => BigInteger.Abs(w.Numerator * (d / w.Denominator)) > long.MaxValue)) return Fallback.Weights;
        var past128Bits = table.Rows.Any(r => BigInteger.Abs(r.Amount.Numerator * (d / r.Amount.Denominator)) > (BigInteger)Int128.MaxValue)
            || BigInteger.Abs(table.Total.Numerator * (d / table.Total.Denominator)) > (BigInteger)Int128.MaxValue;
        return past128Bits ? Fallback.Sums : Fallback.None;
    }

    private static Fraction Weight(Register register, string classId, Basis basis)
    {
        var cls = register.Classes[classId];
        var ratio = cls.RatioOn(AsOf) ?? Fraction.One;
        return basis switch
        {
            Basis.Outstanding => Fraction.One,
            Basis.AsConverted or Basis.FullyDiluted => ratio,
            _ => cls.VotesPerShare ?? ratio * (cls.ConvertsInto is { } t && register.Classes.TryGetValue(t, out var target) ? target.VotesPerShare ?? Fraction.One : Fraction.One),
        };
    }

    /// <summary>Asserts two tables are the same in every value and every order a reader or a JSON writer would see.</summary>
    internal static void AssertSameTable(CapTable expected, CapTable actual, string where)
    {
        void Check(bool same, string what)
        {
            if (!same) throw new InvalidOperationException($"{what} differs ({where})");
        }

        Check(expected.CompanyId == actual.CompanyId && expected.CompanyName == actual.CompanyName, "company");
        Check(expected.AsOf == actual.AsOf && expected.Basis == actual.Basis && expected.GroupBy == actual.GroupBy, "date, basis or grouping");
        Check(expected.ClassIds.SequenceEqual(actual.ClassIds), "class ids");
        Check(expected.OutstandingByClass.SequenceEqual(actual.OutstandingByClass), "outstanding by class");
        Check(expected.Total == actual.Total, $"total ({expected.Total} against {actual.Total})");
        Check(expected.Notes.SequenceEqual(actual.Notes), "notes");
        Check(expected.Rows.Count == actual.Rows.Count, $"row count ({expected.Rows.Count} against {actual.Rows.Count})");
        for (var i = 0; i < expected.Rows.Count; i++)
        {
            var e = expected.Rows[i];
            var a = actual.Rows[i];
            Check(e.Key == a.Key, $"row {i} key ({e.Key} against {a.Key})");
            Check(e.Label == a.Label, $"row {e.Key} label");
            Check(e.Members.SequenceEqual(a.Members), $"row {e.Key} members");
            Check(e.SharesByClass.SequenceEqual(a.SharesByClass), $"row {e.Key} shares by class");
            Check(e.InstrumentsByClass.SequenceEqual(a.InstrumentsByClass), $"row {e.Key} instruments by class");
            Check(e.Amount == a.Amount, $"row {e.Key} amount ({e.Amount} against {a.Amount})");
            Check(e.Percentage == a.Percentage, $"row {e.Key} percentage ({e.Percentage} against {a.Percentage})");
        }
    }
}
