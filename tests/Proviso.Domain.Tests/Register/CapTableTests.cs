namespace Proviso.Domain.Tests.Register;

using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Views;
using static Cmd;

/// <summary>
/// A small register computed by hand:
/// founder 600 Class A (1 vote), chairman 30 Class B (10 votes), Tencent 200 and New Oriental 100 Series P (converting
/// at 3/2, voting as converted), and CVC's warrant over 100 Series P.
/// <code>
///                 outstanding  as-converted  fully diluted  votes
///   founder            600          600           600         600
///   chairman            30           30            30         300
///   tencent            200          300           300         300
///   new-oriental       100          150           150         150
///   cvc                  -            -           150           -
///   total              930         1080          1230        1350
/// </code>
/// </summary>
public class CapTableTests
{
    private static readonly NodaTime.LocalDate On = D(2020, 1, 1);
    private static readonly NodaTime.LocalDate AsOf = D(2021, 1, 1);

    private static Register Small() =>
        new RegisterBuilder()
            .Company(On)
            .Ordinary("class-a", On)
            .Ordinary("class-b", On, votes: 10)
            .Preferred("series-p", "class-a", Fraction.Create(3, 2), On)
            .Holders(On, "founder", "chairman", "tencent", "new-oriental", "cvc")
            .Issue("founder", "class-a", 600, On)
            .Issue("chairman", "class-b", 30, On)
            .Issue("tencent", "series-p", 200, On)
            .Issue("new-oriental", "series-p", 100, On)
            .Warrant("cvc-warrant", "cvc", "series-p", 100, On)
            .Latest;

    private static Fraction F(long n, long d) => Fraction.Create(n, d);

    private static Dictionary<string, (Fraction Amount, Fraction Percentage)> ByKey(CapTable t) =>
        t.Rows.ToDictionary(r => r.Key, r => (r.Amount, r.Percentage));

    [Fact]
    public void Outstanding_AddsSharesOneForOne()
    {
        var t = CapTable.Compute(Small(), AsOf, Basis.Outstanding, GroupBy.Holder);
        Assert.Equal(Fraction.Of(930), t.Total);
        var rows = ByKey(t);
        Assert.Equal(4, rows.Count);
        Assert.Equal((Fraction.Of(600), F(20, 31)), rows["founder"]);
        Assert.Equal((Fraction.Of(30), F(1, 31)), rows["chairman"]);
        Assert.Equal((Fraction.Of(200), F(20, 93)), rows["tencent"]);
        Assert.Equal((Fraction.Of(100), F(10, 93)), rows["new-oriental"]);
        Assert.False(rows.ContainsKey("cvc"));
        Assert.Contains(t.Notes, n => n.Contains("one for one"));
    }

    [Fact]
    public void AsConverted_CountsPreferredAtThreeHalves()
    {
        var t = CapTable.Compute(Small(), AsOf, Basis.AsConverted, GroupBy.Holder);
        Assert.Equal(Fraction.Of(1080), t.Total);
        var rows = ByKey(t);
        Assert.Equal((Fraction.Of(600), F(5, 9)), rows["founder"]);
        Assert.Equal((Fraction.Of(30), F(1, 36)), rows["chairman"]);
        Assert.Equal((Fraction.Of(300), F(5, 18)), rows["tencent"]);
        Assert.Equal((Fraction.Of(150), F(5, 36)), rows["new-oriental"]);
        Assert.False(rows.ContainsKey("cvc"));
    }

    [Fact]
    public void FullyDiluted_AddsTheWarrantAsExercisedAndConverted()
    {
        var t = CapTable.Compute(Small(), AsOf, Basis.FullyDiluted, GroupBy.Holder);
        Assert.Equal(Fraction.Of(1230), t.Total);
        var rows = ByKey(t);
        Assert.Equal((Fraction.Of(600), F(20, 41)), rows["founder"]);
        Assert.Equal((Fraction.Of(30), F(1, 41)), rows["chairman"]);
        Assert.Equal((Fraction.Of(300), F(10, 41)), rows["tencent"]);
        Assert.Equal((Fraction.Of(150), F(5, 41)), rows["new-oriental"]);
        Assert.Equal((Fraction.Of(150), F(5, 41)), rows["cvc"]);
        var cvc = t.Rows.Single(r => r.Key == "cvc");
        Assert.Empty(cvc.SharesByClass);
        Assert.Equal(ShareCount.Of(100), cvc.InstrumentsByClass["series-p"]);
    }

    [Fact]
    public void FullyDiluted_BeforeTheWarrantIsIssued_LeavesItOut()
    {
        var t = CapTable.Compute(Small(), On.PlusDays(-1), Basis.FullyDiluted, GroupBy.Holder);
        Assert.DoesNotContain(t.Rows, r => r.Key == "cvc");
    }

    [Fact]
    public void Voting_OrdinaryByVotesPerSharePreferredAsConverted()
    {
        var t = CapTable.Compute(Small(), AsOf, Basis.Voting, GroupBy.Holder);
        Assert.Equal(Fraction.Of(1350), t.Total);
        var rows = ByKey(t);
        Assert.Equal((Fraction.Of(600), F(4, 9)), rows["founder"]);
        Assert.Equal((Fraction.Of(300), F(2, 9)), rows["chairman"]);
        Assert.Equal((Fraction.Of(300), F(2, 9)), rows["tencent"]);
        Assert.Equal((Fraction.Of(150), F(1, 9)), rows["new-oriental"]);
        Assert.False(rows.ContainsKey("cvc"));
        Assert.Contains(t.Notes, n => n.Contains("s.1.3(xii)"));
    }

    [Fact]
    public void Voting_RowsOrderedByAmountThenKey()
    {
        var t = CapTable.Compute(Small(), AsOf, Basis.Voting, GroupBy.Holder);
        Assert.Equal(["founder", "chairman", "tencent", "new-oriental"], t.Rows.Select(r => r.Key));
    }

    [Theory]
    [InlineData(Basis.Outstanding)]
    [InlineData(Basis.AsConverted)]
    [InlineData(Basis.FullyDiluted)]
    [InlineData(Basis.Voting)]
    public void Percentages_OnEveryBasisAndGrouping_SumToExactlyOne(Basis basis)
    {
        foreach (var groupBy in new[] { GroupBy.Holder, GroupBy.Group, GroupBy.Class })
        {
            var t = CapTable.Compute(Small(), AsOf, basis, groupBy);
            Assert.Equal(Fraction.One, Fraction.Sum(t.Rows.Select(r => r.Percentage)));
            Assert.Equal(t.Total, Fraction.Sum(t.Rows.Select(r => r.Amount)));
        }
    }

    [Fact]
    public void GroupByClass_AsConverted_AggregatesEachClass()
    {
        var t = CapTable.Compute(Small(), AsOf, Basis.AsConverted, GroupBy.Class);
        var rows = ByKey(t);
        Assert.Equal((Fraction.Of(600), F(5, 9)), rows["class-a"]);
        Assert.Equal((Fraction.Of(30), F(1, 36)), rows["class-b"]);
        Assert.Equal((Fraction.Of(450), F(5, 12)), rows["series-p"]);
        Assert.Equal("Series P Preferred Shares", t.Rows.Single(r => r.Key == "series-p").Label);
        Assert.Equal(ShareCount.Of(300), t.Rows.Single(r => r.Key == "series-p").SharesByClass["series-p"]);
    }

    [Fact]
    public void ClassIdsAndOutstanding_OrdinaryFirstThenPreferred()
    {
        var t = CapTable.Compute(Small(), AsOf, Basis.Outstanding, GroupBy.Holder);
        Assert.Equal(["class-a", "class-b", "series-p"], t.ClassIds);
        Assert.Equal(ShareCount.Of(600), t.OutstandingByClass["class-a"]);
        Assert.Equal(ShareCount.Of(30), t.OutstandingByClass["class-b"]);
        Assert.Equal(ShareCount.Of(300), t.OutstandingByClass["series-p"]);
        Assert.Equal("cloopen", t.CompanyId);
        Assert.Equal("Cloopen Group Holding Limited", t.CompanyName);
    }

    [Fact]
    public void EmptyRegister_HasZeroTotalAndNoRows()
    {
        var r = new RegisterBuilder().Company(On).Ordinary("class-a", On).Latest;
        var t = CapTable.Compute(r, AsOf, Basis.Voting, GroupBy.Holder);
        Assert.Equal(Fraction.Zero, t.Total);
        Assert.Empty(t.Rows);
    }

    [Fact]
    public void SeriesF_TencentMajority_IsExactlyHalfOfCloopenSeriesFHoldersButNotMore()
    {
        // Tencent 11,799,686 of Tencent + 5,899,843 + 5,899,843: exactly one half, which is not "more than fifty percent".
        var b = new RegisterBuilder().Company(On).Ordinary("class-a", On).Preferred("series-f", "class-a", Fraction.One, On)
            .Holders(On, "tencent", "x", "y")
            .Issue("tencent", "series-f", 11_799_686, On).Issue("x", "series-f", 5_899_843, On).Issue("y", "series-f", 5_899_843, On);
        var t = CapTable.Compute(b.Latest, AsOf, Basis.Outstanding, GroupBy.Holder);
        var tencent = t.Rows.Single(r => r.Key == "tencent").Percentage;
        Assert.Equal(Fraction.Half, tencent);
        Assert.False(tencent > Fraction.Half);
        b.Do(Transfer("x", "tencent", "series-f", 1, AsOf));
        var after = CapTable.Compute(b.Latest, AsOf, Basis.Outstanding, GroupBy.Holder).Rows.Single(r => r.Key == "tencent").Percentage;
        Assert.True(after > Fraction.Half);
    }
}

/// <summary>Affiliates (ROFR s.6.17): parties joined by control links form one group, named after its ultimate controller.</summary>
public class AffiliateGroupTests
{
    private static readonly NodaTime.LocalDate On = D(2020, 1, 1);
    private static readonly NodaTime.LocalDate LinkEnds = D(2022, 1, 1);

    // "tencent-holdings" controls "huang-river" and "tencent"; the group's alphabetically first member ("huang-river")
    // is controlled, so the name must come from control, not from sorting.
    private static RegisterBuilder Group() =>
        new RegisterBuilder()
            .Company(On)
            .Ordinary("class-a", On)
            .Holders(On, "tencent-holdings", "huang-river", "tencent", "founder")
            .Issue("huang-river", "class-a", 300, On)
            .Issue("tencent", "class-a", 200, On)
            .Issue("founder", "class-a", 500, On)
            .Link("tencent-holdings", "huang-river", On)
            .Link("tencent-holdings", "tencent", On);

    [Fact]
    public void Build_ControlledParties_AreOneGroupNamedAfterTheUltimateController()
    {
        var g = AffiliateGroups.Build(Group().Latest, D(2021, 1, 1));
        Assert.Equal("tencent-holdings", g.GroupOf("huang-river"));
        Assert.Equal("tencent-holdings", g.GroupOf("tencent"));
        Assert.Equal("tencent-holdings", g.GroupOf("tencent-holdings"));
        Assert.Equal(["huang-river", "tencent", "tencent-holdings"], g.MembersOf("tencent-holdings"));
        Assert.True(g.AreAffiliates("huang-river", "tencent"));
        Assert.False(g.AreAffiliates("tencent", "tencent"));
        Assert.False(g.AreAffiliates("tencent", "founder"));
        Assert.Equal("founder", g.GroupOf("founder"));
        Assert.Equal(["founder"], g.MembersOf("founder"));
    }

    [Fact]
    public void Build_ChainOfControl_NamedAfterTheTop()
    {
        var b = Group().Holder("a-sub", On);
        b.Link("huang-river", "a-sub", On);
        var g = AffiliateGroups.Build(b.Latest, D(2021, 1, 1));
        Assert.Equal("tencent-holdings", g.GroupOf("a-sub"));
    }

    [Fact]
    public void Build_HoldingCompanyLink_Groups_ButLimitedPartnerDoesNotByDefault()
    {
        var b = Group().Holders(On, "principal", "holdco", "lp", "fund");
        b.Link("principal", "holdco", On, ControlKind.HoldingCompany);
        b.Link("lp", "fund", On, ControlKind.LimitedPartner);
        var g = AffiliateGroups.Build(b.Latest, D(2021, 1, 1));
        Assert.True(g.AreAffiliates("principal", "holdco"));
        Assert.Equal("principal", g.GroupOf("holdco"));
        Assert.False(g.AreAffiliates("lp", "fund"));
        var withLps = AffiliateGroups.Build(b.Latest, D(2021, 1, 1), new HashSet<ControlKind> { ControlKind.LimitedPartner });
        Assert.True(withLps.AreAffiliates("lp", "fund"));
        Assert.False(withLps.AreAffiliates("principal", "holdco"));
    }

    [Fact]
    public void Build_TheDayBeforeTheLinkBegins_NotGrouped()
    {
        var b = new RegisterBuilder().Company(On).Holders(On, "parent", "child");
        b.Link("parent", "child", D(2021, 1, 1));
        Assert.False(AffiliateGroups.Build(b.Latest, D(2020, 12, 31)).AreAffiliates("parent", "child"));
        Assert.True(AffiliateGroups.Build(b.Latest, D(2021, 1, 1)).AreAffiliates("parent", "child"));
    }

    [Fact]
    public void Build_TheDayBeforeALinkEnds_StillGrouped()
    {
        var b = Group();
        b.Do(EndLink("tencent-holdings", "huang-river", LinkEnds));
        Assert.True(AffiliateGroups.Build(b.Latest, LinkEnds.PlusDays(-1)).AreAffiliates("huang-river", "tencent"));
    }

    [Fact]
    public void Build_OnTheDayALinkEnds_NoLongerGrouped()
    {
        var b = Group();
        b.Do(EndLink("tencent-holdings", "huang-river", LinkEnds));
        var g = AffiliateGroups.Build(b.Latest, LinkEnds);
        Assert.False(g.AreAffiliates("huang-river", "tencent"));
        Assert.Equal("huang-river", g.GroupOf("huang-river"));
        Assert.Equal(["tencent", "tencent-holdings"], g.MembersOf("tencent-holdings"));
        var link = b.Latest.Links.Single(l => l.ToId == "huang-river");
        Assert.Equal(LinkEnds, link.Until);
        Assert.True(link.IsActiveOn(LinkEnds.PlusDays(-1)));
        Assert.False(link.IsActiveOn(LinkEnds));
    }

    [Fact]
    public void CapTable_GroupByGroup_AggregatesAffiliatesUnderTheController()
    {
        var t = CapTable.Compute(Group().Latest, D(2021, 1, 1), Basis.Outstanding, GroupBy.Group);
        Assert.Equal(["founder", "tencent-holdings"], t.Rows.Select(r => r.Key));
        var tencent = t.Rows.Single(r => r.Key == "tencent-holdings");
        Assert.Equal(Fraction.Of(500), tencent.Amount);
        Assert.Equal(Fraction.Half, tencent.Percentage);
        Assert.Equal(ShareCount.Of(500), tencent.SharesByClass["class-a"]);
        Assert.Equal(["huang-river", "tencent", "tencent-holdings"], tencent.Members);
        Assert.Equal("Tencent Holdings group", tencent.Label);
        var founder = t.Rows.Single(r => r.Key == "founder");
        Assert.Equal("Founder", founder.Label);
        Assert.Equal(["founder"], founder.Members);
    }

    [Fact]
    public void CapTable_GroupByGroupAfterTheLinkEnds_SeparatesTheFormerAffiliate()
    {
        var b = Group();
        b.Do(EndLink("tencent-holdings", "huang-river", LinkEnds));
        var t = CapTable.Compute(b.Timeline.AsOf(LinkEnds), LinkEnds, Basis.Outstanding, GroupBy.Group);
        var rows = t.Rows.ToDictionary(r => r.Key, r => r.Amount);
        Assert.Equal(Fraction.Of(200), rows["tencent-holdings"]);
        Assert.Equal(Fraction.Of(300), rows["huang-river"]);
        Assert.Equal(Fraction.Of(500), rows["founder"]);
    }

    [Fact]
    public void RecordControlLink_ToItself_RefusedSelfLink()
    {
        Group().Refused(Link("tencent", "tencent", D(2021, 1, 1)), "register.self-link");
    }

    [Fact]
    public void RecordControlLink_SameLinkWhileActive_RefusedDuplicateLink()
    {
        Group().Refused(Link("tencent-holdings", "tencent", D(2021, 1, 1)), "register.duplicate-link");
    }

    [Fact]
    public void RecordControlLink_AgainOnTheDayTheOldOneEnded_Accepted()
    {
        var b = Group();
        b.Do(EndLink("tencent-holdings", "tencent", LinkEnds));
        b.Do(Link("tencent-holdings", "tencent", LinkEnds));
        Assert.True(AffiliateGroups.Build(b.Latest, LinkEnds).AreAffiliates("tencent", "huang-river"));
    }

    [Fact]
    public void RecordControlLink_UnknownParty_RefusedUnknownHolder()
    {
        Group().Refused(Link("tencent-holdings", "nobody", D(2021, 1, 1)), "register.unknown-holder");
    }

    [Fact]
    public void EndControlLink_NoSuchLink_RefusedUnknownLink()
    {
        Group().Refused(EndLink("founder", "tencent", D(2021, 1, 1)), "register.unknown-link");
    }

    [Fact]
    public void EndControlLink_AlreadyEnded_RefusedUnknownLink()
    {
        var b = Group();
        b.Do(EndLink("tencent-holdings", "tencent", LinkEnds));
        b.Refused(EndLink("tencent-holdings", "tencent", LinkEnds.PlusDays(1)), "register.unknown-link");
    }
}
