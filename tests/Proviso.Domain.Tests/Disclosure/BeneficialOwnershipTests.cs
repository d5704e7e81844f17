using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Disclosure;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Events;
using static Proviso.Domain.Tests.Disclosure.DisclosureFixtures;

namespace Proviso.Domain.Tests.Disclosure;

/// <summary>Rule 13d-3: shares held, rights to acquire within sixty days, Affiliates counted once, ADSs at the ratio of the day, Rule 13d-5 groups.</summary>
public class BeneficialOwnershipTests
{
    private static readonly LocalDate AsOf = D(2024, 1, 1);

    private static Proviso.Domain.Register.Register WithWarrant(LocalDate? exercisableFrom, LocalDate? expiresOn = null)
    {
        var events = Events();
        events.Add((100, new InstrumentIssued("w", InstrumentKind.Warrant, "c", "pref", ShareCount.Of(10), exercisableFrom, expiresOn, null) { EffectiveOn = D(2020, 1, 1) }));
        return Replay(events);
    }

    private static OwnershipRow? Row(OwnershipTable t, string id) => t.Rows.SingleOrDefault(r => r.Id == id);

    [Fact]
    public void Warrant_ExercisableOnTheSixtiethDay_IsCountedAndAddedToItsHoldersDenominatorOnly()
    {
        var t = BeneficialOwnership.Compute(WithWarrant(AsOf.PlusDays(60)), AsOf, "ord", OwnershipFacts.None);
        var c = Row(t, "c")!;
        Assert.Equal(Fraction.Of(10), c.Owned);
        Assert.Equal(Fraction.Create(10, 110), c.Percent);
        Assert.Equal(Fraction.Create(5, 100), Row(t, "a")!.Percent);
    }

    [Fact]
    public void Warrant_ExercisableOnTheSixtyFirstDay_IsNotCounted() =>
        Assert.Null(Row(BeneficialOwnership.Compute(WithWarrant(AsOf.PlusDays(61)), AsOf, "ord", OwnershipFacts.None), "c"));

    [Fact]
    public void Warrant_ExpiredTheDayBefore_IsNotCounted() =>
        Assert.Null(Row(BeneficialOwnership.Compute(WithWarrant(null, AsOf.PlusDays(-1)), AsOf, "ord", OwnershipFacts.None), "c"));

    [Fact]
    public void Warrant_ExpiringOnTheDate_IsCounted() =>
        Assert.NotNull(Row(BeneficialOwnership.Compute(WithWarrant(null, AsOf), AsOf, "ord", OwnershipFacts.None), "c"));

    [Fact]
    public void ConvertiblePreferred_CountsAsConvertedForItsHolder()
    {
        var events = Events();
        events.Add((100, new SharesIssued("c", "pref", ShareCount.Of(25), "pref-0001", null) { EffectiveOn = D(2020, 1, 1) }));
        var t = BeneficialOwnership.Compute(Replay(events), AsOf, "ord", OwnershipFacts.None);
        Assert.Equal(Fraction.Create(25, 125), Row(t, "c")!.Percent);
        Assert.Equal(Fraction.Create(95, 100), Row(t, "b")!.Percent);
    }

    [Fact]
    public void ControlledAffiliates_AreOneReportingPersonCountedOnce()
    {
        var events = Events();
        events.Add((100, new ControlLinkRecorded("parent", "a", ControlKind.Controls, null) { EffectiveOn = D(2020, 1, 1) }));
        var t = BeneficialOwnership.Compute(Replay(events), AsOf, "ord", OwnershipFacts.None);
        var parent = Row(t, "parent")!;
        Assert.Equal(["a", "parent"], parent.Members);
        Assert.Equal(Fraction.Of(5), parent.Owned);
        Assert.Null(Row(t, "a"));
    }

    [Fact]
    public void AdsPosition_CountsAtTheRatioInForceOnTheDate()
    {
        var events = Events();
        events.Add((100, new AdsRatioChanged("ord", ShareCount.Of(6), null) { EffectiveOn = D(2023, 3, 15) }));
        var register = Replay(events);
        var facts = new OwnershipFacts([new AdsPositionRecorded("x", "Fund X", "ord", ShareCount.Of(2), "test") { EffectiveOn = D(2022, 1, 1) }], null, []);
        Assert.Equal(Fraction.Of(4), Row(BeneficialOwnership.Compute(register, D(2023, 3, 14), "ord", facts), "x")!.Owned);
        Assert.Equal(Fraction.Of(12), Row(BeneficialOwnership.Compute(register, D(2023, 3, 15), "ord", facts), "x")!.Owned);
    }

    [Fact]
    public void ReportedOutstanding_IsTheDenominatorUnderRule13d1j()
    {
        var facts = new OwnershipFacts([], new ClassOutstandingReported("ord", ShareCount.Of(200), "20-F cover") { EffectiveOn = D(2023, 1, 1) }, []);
        var t = BeneficialOwnership.Compute(Replay(Events()), AsOf, "ord", facts);
        Assert.Equal(ShareCount.Of(200), t.Outstanding);
        Assert.Equal(Fraction.Create(5, 200), Row(t, "a")!.Percent);
    }

    [Fact]
    public void Group_OwnsEveryMembersSharesFromItsFormationDate()
    {
        var group = new ReportingGroup("g", "Group", ["a", "c"], D(2024, 1, 1), new Citation("consortium", "1.05"));
        var events = Events();
        events.Add((100, new SharesIssued("c", "pref", ShareCount.Of(10), "pref-0001", null) { EffectiveOn = D(2020, 1, 1) }));
        var register = Replay(events);
        var facts = new OwnershipFacts([], null, [group]);
        Assert.Null(Row(BeneficialOwnership.Compute(register, D(2023, 12, 31), "ord", facts with { Groups = [] }), "g"));
        var g = Row(BeneficialOwnership.Compute(register, D(2024, 1, 1), "ord", facts), "g")!;
        Assert.Equal(Fraction.Of(15), g.Owned);
        Assert.Equal(Fraction.Create(15, 110), g.Percent);
    }
}
