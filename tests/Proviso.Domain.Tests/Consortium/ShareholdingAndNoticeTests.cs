using NodaTime;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Tests.Register;
using Proviso.Domain.Time;
using static Proviso.Domain.Tests.ConsortiumRules.ConsortiumFixture;

namespace Proviso.Domain.Tests.ConsortiumRules;

public class ShareholdingAndNoticeTests
{
    private static readonly LocalDate Start2020 = Cmd.D(2020, 1, 1);

    /// <summary>CEO (individual) holds through cloopen-co; the sponsor's GP controls a vehicle that holds preferred; an outsider holds the rest.</summary>
    private static RegisterBuilder Register()
    {
        var b = new RegisterBuilder().Company(Start2020).Ordinary("class-a", Start2020).Preferred("series-b", "class-a", Fraction.Create(3, 2), Start2020)
            .Holders(Start2020, "ceo", "cloopen-co", "trustbridge-vii", "tb-vehicle", "outsider");
        b.Link("ceo", "cloopen-co", Start2020, ControlKind.HoldingCompany).Link("trustbridge-vii", "tb-vehicle", Start2020);
        b.Issue("cloopen-co", "class-a", 60_000_000, Start2020).Issue("ceo", "class-a", 1_000_000, Start2020)
            .Issue("tb-vehicle", "series-b", 2_000_000, Start2020).Issue("outsider", "class-a", 36_000_000, Start2020);
        return b;
    }

    [Fact]
    public void Shareholding_MembersWithControlledAffiliates_CountsControlledHoldersButNotControllers()
    {
        var h = ConsortiumShareholding.Of(Start(), Register().Latest, Cmd.D(2026, 1, 1));
        var ceo = h.Members.Single(m => m.MemberId == Ceo);
        Assert.Equal(Fraction.Of(60_000_000), ceo.CompanyShares); // the CEO himself controls cloopen-co, not the reverse
        var sponsor = h.Members.Single(m => m.MemberId == Sponsor);
        Assert.Equal(["trustbridge-vii", "tb-vehicle"], sponsor.CountedHolders);
        Assert.Equal(Fraction.Of(3_000_000), sponsor.CompanyShares); // 2,000,000 Series B at 3/2
        Assert.Equal(Fraction.Of(63_000_000), h.CombinedShares);
        Assert.Equal(Fraction.Of(100_000_000), h.Outstanding);
        Assert.Equal("63.0000%", h.Percent);
    }

    [Fact]
    public void Shareholding_TwoMembersControllingTheSameHolder_CountsItOnce()
    {
        var b = Register();
        b.Link("cloopen-co", "tb-vehicle", Start2020);
        var h = ConsortiumShareholding.Combined(b.Latest, ["cloopen-co", "trustbridge-vii"], Cmd.D(2026, 1, 1));
        Assert.Equal(Fraction.Of(63_000_000), h.CombinedShares);
        Assert.Equal(Fraction.Of(63_000_000), h.Members[0].CompanyShares);
        Assert.Single(h.Interpretations);
    }

    [Fact]
    public void Shareholding_MemberNotOnTheRegister_HoldsNothingOfRecord()
    {
        var b = new RegisterBuilder().Company(Start2020).Ordinary("class-a", Start2020).Holders(Start2020, "cloopen-co");
        b.Issue("cloopen-co", "class-a", 10, Start2020);
        var h = ConsortiumShareholding.Of(Start(), b.Latest, Cmd.D(2026, 1, 1));
        Assert.Equal(Fraction.Zero, h.Members.Single(m => m.MemberId == Sponsor).CompanyShares);
        Assert.Equal("100.0000%", h.Percent);
    }

    [Fact]
    public void Notice_CopyNotAConditionOfEffectiveness_EffectiveOnMainReceiptAlone()
    {
        var sent = Instant.FromUtc(2026, 3, 2, 8, 0); // 16:00 in Hong Kong, a Monday
        var effect = NoticeReceipt.Decide(Start(), Sponsor, new NoticeDispatch(NoticeChannel.Email, sent), null);
        Assert.Equal(new LocalDate(2026, 3, 2), effect.EffectiveOn);
        Assert.Contains("shall not constitute notice", effect.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Notice_CopySentLater_DoesNotDelayTheNotice()
    {
        var sent = Instant.FromUtc(2026, 3, 2, 8, 0);
        var effect = NoticeReceipt.Decide(Start(), Sponsor, new NoticeDispatch(NoticeChannel.Email, sent), new NoticeDispatch(NoticeChannel.Email, sent + Duration.FromDays(3)));
        Assert.Equal(new LocalDate(2026, 3, 2), effect.EffectiveOn);
        Assert.Equal(new LocalDate(2026, 3, 5), effect.Copy!.Date);
    }

    [Fact]
    public void Notice_WhereTheCopyIsACondition_TheLaterReceiptDecides()
    {
        var sent = Instant.FromUtc(2026, 3, 2, 8, 0);
        var effect = NoticeReceipt.Decide(Start(copyIsCondition: true), Sponsor, new NoticeDispatch(NoticeChannel.Email, sent), new NoticeDispatch(NoticeChannel.Email, sent + Duration.FromDays(3)));
        Assert.Equal(new LocalDate(2026, 3, 5), effect.EffectiveOn);
    }

    [Fact]
    public void Notice_ReceivedAt1659_CountsThatDay()
    {
        var effect = NoticeReceipt.Decide(Start(), Sponsor, new NoticeDispatch(NoticeChannel.Email, Hk(2026, 3, 2, 16, 59)), null);
        Assert.Equal(new LocalDate(2026, 3, 2), effect.EffectiveOn);
    }

    [Fact]
    public void Notice_ReceivedAt1700_CountsTheNextBusinessDay()
    {
        var effect = NoticeReceipt.Decide(Start(), Sponsor, new NoticeDispatch(NoticeChannel.Email, Hk(2026, 3, 2, 17, 0)), null);
        Assert.Equal(new LocalDate(2026, 3, 3), effect.EffectiveOn);
    }
}
