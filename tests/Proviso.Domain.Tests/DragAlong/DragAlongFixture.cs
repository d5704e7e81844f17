using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Agreements.DragAlong;
using Proviso.Domain.Agreements.Parties;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Tests.Register;
using Proviso.Domain.Time;

namespace Proviso.Domain.Tests.DragAlong;

/// <summary>
/// A small generic drag-along, built as data with parameters unlike the Cloopen terms (so the mechanism is shown to be
/// general): the Drag Holders are the holders of more than 67% of Series C and more than 50% of Series A; the approval
/// is more than 50% of the Common; floor "no less than" US$100,000,000; Buy-out window 3 Business Days, signing 4;
/// Restriction Period 9 months, Release Period 3 months; an exclusion limit of 2 months needing "lead"; HK calendar.
/// Register (all in Hong Kong): Series C 10,000 (converting at 3/2): c-67 5,800 by default, c-33 the rest of 9,000, and
/// lead (a named party) 1,000, so c-67 and lead together hold 68%; Series A: a-1 5,001, a-2 4,999; Common: founder 20,000,
/// angel 1,000.
/// </summary>
internal sealed class DragAlongFixture
{
    public const string Id = "test-drag";
    public static readonly DateTimeZone HongKong = DateTimeZoneProviders.Tzdb["Asia/Hong_Kong"];
    public static readonly LocalDate On = new(2021, 3, 1);

    public RegisterBuilder Builder { get; } = new();
    public Agreement Agreement { get; }
    public DragAlongTerms Terms => Agreement.Mechanism<DragAlongTerms>(DragAlongDecider.Key)!;

    public DragAlongFixture(long seriesC67 = 5_800)
    {
        var on = new LocalDate(2021, 1, 4);
        Builder.Company(on).Ordinary("common", on).Preferred("series-a", "common", Fraction.One, on).Preferred("series-c", "common", Fraction.Create(3, 2), on)
            .Holders(on, "c-67", "c-33", "a-1", "a-2", "founder", "angel", "lead")
            .Issue("c-67", "series-c", seriesC67, on).Issue("c-33", "series-c", 9_000 - seriesC67, on)
            .Issue("a-1", "series-a", 5_001, on).Issue("a-2", "series-a", 4_999, on)
            .Issue("founder", "common", 20_000, on).Issue("angel", "common", 1_000, on)
            .Issue("lead", "series-c", 1_000, on);
        Agreement = Build();
    }

    public static Citation Cite(string s) => new(Id, s);

    private static Agreement Build()
    {
        var consents = new Dictionary<string, ConsentGroup>
        {
            ["drag"] = new("drag", "Drag Holders", Cite("3.1"),
            [
                new ThresholdProng("Series C", Cite("3.1"), ["series-c"], new Threshold(Fraction.Percent(67), Comparison.MoreThan), ConsentMeasure.AsConverted, true, []),
                new ThresholdProng("Series A", Cite("3.1"), ["series-a"], new Threshold(Fraction.Half, Comparison.MoreThan), ConsentMeasure.AsConverted, true, []),
            ]),
            ["common"] = new("common", "Common", Cite("3.1"), [new ThresholdProng("Common", Cite("3.1"), ["common"], new Threshold(Fraction.Half, Comparison.MoreThan), ConsentMeasure.Votes, false, [])]),
        };
        var obligations = Enum.GetValues<DragObligation>().Select(o => new ObligationTerm(o, o.ToString(), Cite("3.2"))).ToList();
        var terms = new DragAlongTerms(Cite("3"), Cite("3.0"), new GroupReference("drag", Cite("3.1")), new GroupReference("common", Cite("3.1")),
            new MoneyFloor(Money.Of(100_000_000m, "USD"), Comparison.AtLeast, Cite("3.1(f)")), Cite("3.3"),
            new DistributionTerms("pro-rata-as-converted", true, Cite("3.4"), null), new NoticeObligationsTerms(Cite("3.2"), obligations), Cite("3.5"), Cite("4.1"),
            new NewOfferTerms(Cite("3.6"), Cite("3.6(i)"), PeriodTerm.Months(2, MonthEndRule.ClampToLastDay), ["lead"], Cite("3.6(i)"), Cite("3.6(ii)"), Cite("3.6(a)"), Cite("3.6(b)"), Cite("3.6(c)"), Cite("3.6")),
            new PreferentialSaleTerms(Cite("3.7"), PeriodTerm.BusinessDays(3), Cite("3.7(a)"), PeriodTerm.BusinessDays(4), Cite("3.7(b)"), Cite("3.7(c)"), Cite("3.7(d)"), Cite("3.7(e)")),
            new RestrictionTerms(PeriodTerm.Months(9, MonthEndRule.ClampToLastDay), Cite("3.8"), PeriodTerm.Months(3, MonthEndRule.ClampToLastDay), Cite("3.8"), ["lead", "a1"],
                Cite("3.8(s)"), Cite("3.9"), Cite("3.10"), Cite("3.11"), Cite("3.12")),
            new CostTerms(Cite("3.13(i)"), Cite("3.13(ii)"), Cite("3.13(iii)")), Cite("3.14"), new ListingRulesTerms("lead", "Listing Rules", Cite("3.15")), "Asia/Hong_Kong");
        var notices = new NoticeTerms(Cite("7"), 2, false, null, new CompanyPlace("company office", "Asia/Hong_Kong", new LocalTime(9, 0), new LocalTime(18, 0)));
        var named = new Dictionary<string, NamedParty> { ["lead"] = new("lead", "lead", Cite("1")), ["a1"] = new("a1", "a-1", Cite("1")) };
        return new Agreement(Id, "Test drag-along", new LocalDate(2021, 1, 4), "cloopen", null, new Dictionary<string, Role>(), named,
            new BusinessDayDefinition(true, ["HK"], Cite("1.1")), AffiliateDefinition.ControlOnly(Cite("1.1")), consents,
            new Dictionary<string, MechanismTerms> { ["notices"] = notices, [DragAlongDecider.Key] = terms });
    }

    public static Instant At(LocalDate d, int hour = 10, int minute = 0) => HongKong.AtStrictly(d.At(new LocalTime(hour, minute))).ToInstant();

    public static SaleOffer Offer(decimal valuation = 150_000_000m, string id = "offeror", string offeror = "bidco", Instant? canSignBy = null, IReadOnlyDictionary<string, Money>? prices = null) =>
        new(id, offeror, $"{offeror} Ltd", "Asia/Hong_Kong", Money.Of(valuation, "USD"), prices ?? new Dictionary<string, Money>(), [], [], canSignBy);

    public static AcceptApprovedSale Accept(SaleOffer? offer = null, IReadOnlyList<string>? accepting = null, string process = "d1", LocalDate? on = null, IReadOnlyList<string>? release = null) =>
        new(process, Id, offer ?? Offer(), accepting ?? ["c-67", "a-1", "lead"], ["founder"], release ?? []) { At = At(on ?? On), EffectiveOn = on ?? On };

    public static IReadOnlyList<NoticeDelivery> Email(Instant sent, string to = DragAlongDecider.Everyone) => [new NoticeDelivery(to, NoticeChannel.Email, sent)];

    public static LocalDate Day(Instant at) => at.InZone(HongKong).Date;

    public Decision Decide(object command) => DragAlongDecider.Decide(Agreement, Builder.Timeline, command);

    public Decision Try(object command)
    {
        var d = Decide(command);
        if (d is Decision.Accepted a)
            foreach (var e in a.Events) Builder.Timeline.Add(Builder.Timeline.LastSequence + 1, e);
        return d;
    }

    public IReadOnlyList<LedgerEvent> Do(object command)
    {
        var d = Try(command);
        if (d is Decision.Rejected r) throw new Xunit.Sdk.XunitException($"Expected {command.GetType().Name} to be accepted, but: {string.Join("; ", r.Reasons)}");
        return ((Decision.Accepted)d).Events;
    }

    public Rejection Refused(object command, string ruleId)
    {
        var count = Builder.Timeline.Events.Count;
        var d = Try(command);
        var r = Assert.IsType<Decision.Rejected>(d);
        Assert.Equal(count, Builder.Timeline.Events.Count);
        return Assert.Single(r.Reasons, x => x.RuleId == ruleId);
    }

    public DragAlongProcess Process(string id = "d1") => DragAlongBook.From(Builder.Timeline.Events.Select(x => x.Event)).Find(id)!;

    public BusinessCalendar Calendar => TransferProcess.CalendarOf(Agreement);

    /// <summary>Accept, deliver the notice on <see cref="On"/> at 10:00 HKT (a Monday), all others perform.</summary>
    public DragAlongFixture Noticed()
    {
        Do(Accept());
        Do(new DeliverDragAlongNotice("d1", Email(At(On))) { At = At(On), EffectiveOn = Day(At(On)) });
        Do(new RecordDragObligations("d1", [], [DragAlongDecider.Everyone], [], null, []) { At = At(On, 11), EffectiveOn = Day(At(On, 11)) });
        return this;
    }

    /// <summary>... and the Drag Holders' notice to execute with the Offeror, on 2021-03-02 (Tuesday) 10:00 HKT.</summary>
    public DragAlongFixture Requested()
    {
        Noticed();
        var at = At(new LocalDate(2021, 3, 2));
        Do(new RequestDecisiveAgreement("d1", [new NoticeDelivery("cloopen", NoticeChannel.Email, at), new NoticeDelivery(DragAlongDecider.Everyone, NoticeChannel.Email, at)]) { At = at, EffectiveOn = Day(at) });
        return this;
    }
}
