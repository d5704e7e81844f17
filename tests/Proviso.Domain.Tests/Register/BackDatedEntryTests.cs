namespace Proviso.Domain.Tests.Register;

using Proviso.Domain.Quantities;
using Proviso.Domain.Register.Events;
using static Cmd;
using static CloopenFixture;

/// <summary>Entries recorded late but effective earlier: they slot into effective order, and must not break what follows.</summary>
public class BackDatedEntryTests
{
    private static readonly NodaTime.LocalDate June = D(2021, 6, 1);
    private static readonly NodaTime.LocalDate March = D(2021, 3, 1);

    [Fact]
    public void Issue_DatedTheDayBeforeItsClassExists_RefusedBeforeClass()
    {
        var r = Build().Refused(Issue("cloopen-co", "series-f", 1, Closing.PlusDays(-1)), "register.before-class");
        Assert.Contains("2020-11-13", r.Message);
    }

    [Fact]
    public void Issue_DatedTheDayItsClassIsCreated_Accepted()
    {
        var b = Build();
        b.Do(Issue("cloopen-co", "series-f", 1, Closing));
        Assert.Equal(ShareCount.Of(1), b.Latest.SharesOf("cloopen-co", "series-f"));
    }

    [Fact]
    public void Issue_DatedTheDayBeforeItsHolderIsRegistered_RefusedBeforeHolder()
    {
        Build().Refused(Issue("tencent", "class-a", 1, Closing.PlusDays(-1)), "register.before-holder");
    }

    [Fact]
    public void Issue_DatedTheDayItsHolderIsRegistered_Accepted()
    {
        var b = Build();
        b.Do(Issue("tencent", "class-a", 1, Closing));
        Assert.Equal(ShareCount.Of(1), b.Latest.SharesOf("tencent", "class-a"));
    }

    [Fact]
    public void Transfer_BackDatedSoThatALaterTransferLacksShares_RefusedBreaksLaterEntries()
    {
        var b = Build();
        b.Do(Transfer("new-oriental", "pac", "series-f", 7_000_000, June));
        // On 2021-03-01 New Oriental held 7,635,090, enough for 1,000,000 — but then only 6,635,090 would be left for June.
        var r = b.Refused(Transfer("new-oriental", "tencent", "series-f", 1_000_000, March), "register.breaks-later-entries");
        Assert.Contains("2021-03-01", r.Message);
    }

    /// <summary>
    /// The other side of the boundary: back-dated, New Oriental transfers 635,090 and still holds exactly the 7,000,000
    /// it transferred in June. Nothing later becomes impossible, so the entry should be accepted.
    /// </summary>
    [Fact]
    public void Transfer_BackDatedLeavingExactlyEnoughForALaterTransfer_Accepted()
    {
        var b = Build();
        b.Do(Transfer("new-oriental", "pac", "series-f", 7_000_000, June));
        b.Do(Transfer("new-oriental", "tencent", "series-f", 635_090, March));
        Assert.Equal(ShareCount.Zero, b.Latest.SharesOf("new-oriental", "series-f"));
        Assert.Equal(ShareCount.Of(Tencent + 635_090), b.Latest.SharesOf("tencent", "series-f"));
    }

    [Fact]
    public void Transfer_BackDatedByAnotherHolder_AcceptedAndVisibleFromItsDate()
    {
        var b = Build();
        b.Do(Transfer("new-oriental", "pac", "series-f", 7_000_000, June));
        var e = b.Do<SharesTransferred>(Transfer("pac", "tencent", "series-f", 1_000_000, March));
        Assert.Equal("series-f-0003", Assert.Single(e.SourceCertificates).CertificateId);
        Assert.Equal("series-f-0006", e.NewCertificateId);        // after the June transfer's 0004 and 0005
        Assert.Equal("series-f-0007", e.BalanceCertificateId);

        Assert.Equal(ShareCount.Of(Pac - 1_000_000 + 7_000_000), b.Latest.SharesOf("pac", "series-f"));
        Assert.Equal(ShareCount.Of(Tencent + 1_000_000), b.Latest.SharesOf("tencent", "series-f"));
        Assert.Equal(ShareCount.Of(Tencent + 1_000_000), b.Timeline.AsOf(March).SharesOf("tencent", "series-f"));
        Assert.Equal(ShareCount.Of(Tencent), b.Timeline.AsOf(March.PlusDays(-1)).SharesOf("tencent", "series-f"));
        Assert.Equal(ShareCount.Of(Pac - 1_000_000), b.Timeline.AsOf(June.PlusDays(-1)).SharesOf("pac", "series-f"));
    }

    [Fact]
    public void Timeline_BackDatedEvent_IsPlacedInEffectiveOrderAfterEarlierSequences()
    {
        var b = Build();
        b.Do(Transfer("new-oriental", "pac", "series-f", 7_000_000, June));
        b.Do(Transfer("pac", "tencent", "series-f", 1_000_000, March));
        var events = b.Timeline.Events;
        var dates = events.Select(x => x.Event.EffectiveOn).ToList();
        Assert.Equal(dates.Order().ToList(), dates);
        var marchIndex = events.ToList().FindIndex(x => x.Event.EffectiveOn == March);
        Assert.Equal(events.Count - 2, marchIndex);
        Assert.Equal(b.Timeline.LastSequence, events[marchIndex].Sequence);
    }

    /// <summary>
    /// A split does not commute with an issue: shares issued (back-dated) before a 2:1 split are subdivided by it, so
    /// the latest register shows twice the number issued.
    /// </summary>
    [Fact]
    public void Issue_BackDatedBeforeALaterSplit_IsMultipliedByTheSplitInLatest()
    {
        var b = Build();
        b.Do(Split("class-a", Fraction.Of(2), June));
        b.Do(Issue("tencent", "class-a", 1_000, March));
        Assert.Equal(ShareCount.Of(1_000), b.Timeline.AsOf(June.PlusDays(-1)).SharesOf("tencent", "class-a"));
        Assert.Equal(ShareCount.Of(2_000), b.Latest.SharesOf("tencent", "class-a"));
        Assert.Equal(ShareCount.Of(2 * Founders + 2_000), b.Latest.Outstanding("class-a"));
    }

    [Fact]
    public void Issue_AfterASplit_IsNotMultiplied()
    {
        var b = Build();
        b.Do(Split("class-a", Fraction.Of(2), March));
        b.Do(Issue("tencent", "class-a", 1_000, June));
        Assert.Equal(ShareCount.Of(1_000), b.Latest.SharesOf("tencent", "class-a"));
    }

    [Fact]
    public void AsOf_IncludesEventsEffectiveOnThatDate()
    {
        var b = Build();
        b.Do(Issue("pac", "series-f", 1, June));
        Assert.Equal(ShareCount.Of(Pac + 1), b.Timeline.AsOf(June).SharesOf("pac", "series-f"));
        Assert.Equal(ShareCount.Of(Pac), b.Timeline.AsOf(June.PlusDays(-1)).SharesOf("pac", "series-f"));
        Assert.Empty(b.Timeline.AsOf(Incorporated.PlusDays(-1)).Holders);
    }

    /// <summary>"The register as of the end of a date" is a fact about that date; recording a later event must not change it.</summary>
    [Fact]
    public void AsOf_RegisterTakenBeforeALaterEvent_DoesNotChangeWhenItIsRecorded()
    {
        var b = Build();
        var asOfClosing = b.Timeline.AsOf(Closing);
        b.Do(Issue("pac", "series-f", 1, June));
        Assert.Equal(ShareCount.Of(Pac), asOfClosing.SharesOf("pac", "series-f"));
    }

    [Fact]
    public void Add_SequenceNotIncreasing_Throws()
    {
        var b = Build();
        var e = b.Recorded[^1].Event;
        Assert.Throws<ArgumentException>(() => b.Timeline.Add(b.Timeline.LastSequence, e));
    }

    [Fact]
    public void CheckInsertion_EventsThatReplayCleanly_ReturnsNull()
    {
        var b = Build();
        Assert.Null(b.Timeline.CheckInsertion([new SharesIssued("pac", "series-f", ShareCount.Of(1), "series-f-0099", null) { EffectiveOn = March }]));
        Assert.NotNull(b.Timeline.CheckInsertion([new SharesIssued("pac", "series-f", ShareCount.Of(1), "series-f-0001", null) { EffectiveOn = March }]));
    }

    [Fact]
    public void Clone_IsIndependentOfTheOriginal()
    {
        var b = Build();
        var clone = b.Latest.Clone();
        Assert.Equal(b.Latest.Fingerprint(), clone.Fingerprint());
        clone.Apply(new SharesIssued("pac", "series-f", ShareCount.Of(1), "series-f-0099", null) { EffectiveOn = June });
        Assert.Equal(ShareCount.Of(Pac), b.Latest.SharesOf("pac", "series-f"));
        Assert.NotEqual(b.Latest.Fingerprint(), clone.Fingerprint());
    }

    [Fact]
    public void Apply_EventThatCannotApply_ThrowsRegisterInvariantException()
    {
        var r = Build().Latest.Clone();
        Assert.Throws<Proviso.Domain.Register.RegisterInvariantException>(() =>
            r.Apply(new SharesIssued("nobody", "series-f", ShareCount.Of(1), "series-f-0099", null) { EffectiveOn = June }));
    }
}

/// <summary>Share counts are checked 64-bit: a command that would take any holding, class or instrument past 9,223,372,036,854,775,807 is refused, never recorded.</summary>
public class OverflowTests
{
    private static readonly NodaTime.LocalDate On = D(2020, 1, 1);
    private static readonly NodaTime.LocalDate Later = D(2021, 1, 1);

    private static RegisterBuilder Empty() =>
        new RegisterBuilder().Company(On).Ordinary("class-a", On).Preferred("series-x", "class-a", Fraction.One, On).Holders(On, "a", "b");

    [Fact]
    public void Issue_OneMoreAfterLongMaxValueToAnotherHolder_RefusedOverflow()
    {
        var b = Empty().Issue("a", "class-a", long.MaxValue, On);
        b.Refused(Issue("b", "class-a", 1, Later), "register.overflow");
    }

    [Fact]
    public void Issue_OneMoreAfterLongMaxValueToTheSameHolder_RefusedOverflow()
    {
        var b = Empty().Issue("a", "class-a", long.MaxValue, On);
        b.Refused(Issue("a", "class-a", 1, Later), "register.overflow");
    }

    [Fact]
    public void Issue_UpToExactlyLongMaxValue_Accepted()
    {
        var b = Empty().Issue("a", "class-a", long.MaxValue - 1, On);
        b.Do(Issue("b", "class-a", 1, Later));
        Assert.Equal(ShareCount.Of(long.MaxValue), b.Latest.Outstanding("class-a"));
    }

    [Fact]
    public void Exercise_IntoAFullClass_RefusedOverflow()
    {
        var b = Empty().Issue("a", "class-a", long.MaxValue, On).Warrant("w", "b", "class-a", 1, On);
        b.Refused(Exercise("w", 1, Later), "register.overflow");
    }

    [Fact]
    public void Split_CertificateBeyondLongMaxValue_RefusedOverflow()
    {
        var b = Empty().Issue("a", "class-a", long.MaxValue / 2 + 1, On);
        b.Refused(Split("class-a", Fraction.Of(2), Later), "register.overflow");
    }

    [Fact]
    public void Split_CertificateToLongMaxValueMinusOne_Accepted()
    {
        var b = Empty().Issue("a", "class-a", long.MaxValue / 2, On);
        b.Do(Split("class-a", Fraction.Of(2), Later));
        Assert.Equal(ShareCount.Of(long.MaxValue - 1), b.Latest.SharesOf("a", "class-a"));
    }

    /// <summary>Two certificates of 2^60 each: each becomes 2^62 (fits), but the holding becomes 2^63 (does not).</summary>
    [Fact]
    public void Split_HoldingOfTwoCertificatesBeyondLongMaxValue_RefusedOverflow()
    {
        var b = Empty().Issue("a", "class-a", 1L << 60, On).Issue("a", "class-a", 1L << 60, On);
        b.Refused(Split("class-a", Fraction.Of(4), Later), "register.overflow");
    }

    /// <summary>Two holders of 2^61 each: each holding becomes 2^62 (fits), but the class outstanding becomes 2^63 (does not).</summary>
    [Fact]
    public void Split_ClassOutstandingBeyondLongMaxValue_RefusedOverflow()
    {
        var b = Empty().Issue("a", "class-a", 1L << 61, On).Issue("b", "class-a", 1L << 61, On);
        b.Refused(Split("class-a", Fraction.Of(2), Later), "register.overflow");
    }

    [Fact]
    public void Split_WarrantBeyondLongMaxValue_RefusedOverflow()
    {
        var b = Empty().Warrant("w", "b", "class-a", long.MaxValue / 2 + 1, On);
        b.Refused(Split("class-a", Fraction.Of(2), Later), "register.overflow");
    }

    [Fact]
    public void Convert_IntoAFullOrdinaryClass_RefusedOverflow()
    {
        var b = Empty().Issue("a", "class-a", long.MaxValue, On).Issue("b", "series-x", 1, On);
        b.Refused(Convert("b", "series-x", 1, Later), "register.overflow");
    }
}
