using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.CoSale;
using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Parties;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Tests.Register;
using Proviso.Domain.Time;

namespace Proviso.Domain.Tests.Transfers;

/// <summary>
/// A small company and an agreement of the Cloopen family, built as data: a Holding Company ("holdco", 10,000,000
/// Class A) that must offer; three Investors: inv-a (6,000,000 Series A), inv-b (3,000,000 Series B) and inv-c
/// (1,000,000 Class B only, so counted in its numerator but not in the denominator of the Preferred Shares Investors);
/// inv-a-fund is an Affiliate of inv-a. All in Hong Kong. The terms mirror examples/cloopen/terms/rofr-cosale-2020.yaml.
/// </summary>
internal sealed class TransferFixture
{
    public const string Terms = "test-rofr";
    public static readonly LocalDate Start = new(2021, 1, 4);
    public static readonly DateTimeZone HongKong = DateTimeZoneProviders.Tzdb["Asia/Hong_Kong"];
    public static readonly Money Price = Money.Of(10m, "USD");

    public RegisterBuilder Builder { get; } = new();
    public Agreement Agreement { get; }

    public TransferFixture(FractionsAboveOne reading = FractionsAboveOne.Normalise, RoundingMethod rounding = RoundingMethod.RoundDown,
        OverAllotmentBasis basis = OverAllotmentBasis.ProRataFractions, IReadOnlyList<string>? competitors = null)
    {
        var on = new LocalDate(2020, 11, 13);
        Builder.Company(on).Ordinary("class-a", on).Ordinary("class-b", on)
            .Preferred("series-a", "class-a", Fraction.One, on).Preferred("series-b", "class-a", Fraction.One, on)
            .Holders(on, "principal", "holdco", "inv-a", "inv-a-fund", "inv-b", "inv-c", "rival", "rival-sub", "kin")
            .Link("principal", "holdco", on, ControlKind.HoldingCompany)
            .Link("inv-a", "inv-a-fund", on)
            .Link("rival", "rival-sub", on)
            .Issue("holdco", "class-a", 10_000_000, on)
            .Issue("inv-a", "series-a", 6_000_000, on)
            .Issue("inv-b", "series-b", 3_000_000, on)
            .Issue("inv-c", "class-b", 1_000_000, on);
        Agreement = BuildAgreement(reading, rounding, basis, competitors ?? []);
    }

    public Proviso.Domain.Register.Register Register => Builder.Latest;

    public static Citation Cite(string s) => new(Terms, s);

    private static Agreement BuildAgreement(FractionsAboveOne reading, RoundingMethod rounding, OverAllotmentBasis basis, IReadOnlyList<string> competitors)
    {
        Role R(string name, IReadOnlyList<string>? members = null, IReadOnlyList<string>? classes = null) =>
            new(name, name, Cite("preamble"), (members ?? []).Select(m => new RoleMember(m)).ToList(), classes ?? [], [], []);
        var roles = new Dictionary<string, Role>
        {
            ["principals"] = R("principals", ["principal"]),
            ["holdingCompanies"] = R("holdingCompanies", ["holdco"]),
            ["classAInvestors"] = R("classAInvestors"),
            ["investors"] = R("investors", ["inv-a", "inv-b", "inv-c"]),
            ["preferredSharesInvestors"] = R("preferredSharesInvestors", classes: ["series-a", "series-b"]),
            ["classAOrdinaryShareholders"] = R("classAOrdinaryShareholders", classes: ["class-a"]),
            ["ordinaryShareholders"] = R("ordinaryShareholders", classes: ["class-a", "class-b"]),
        };
        var consents = new Dictionary<string, ConsentGroup>
        {
            ["majority-investors"] = new("majority-investors", "Majority Investors", Cite("1.1"),
                [new ThresholdProng("(A)", Cite("1.1"), ["series-a", "series-b", "class-b"], new Threshold(Fraction.Half, Comparison.MoreThan), ConsentMeasure.AsConverted, false, [])]),
        };
        var all = new List<string> { "class-a", "class-b", "series-a", "series-b" };
        var stage = new RefusalStage("investors", "Investors' right of first refusal", Cite("2.2(ii)"), "investors", false, StageTrigger.TransferNotice,
            PeriodTerm.CalendarDays(20), "Option Period",
            new ProRataTerms(Cite("2.2(ii)"), new HoldingMeasure(all, true), new ProRataDenominator("preferredSharesInvestors", true, new HoldingMeasure(all, true), []), reading),
            new OverAllotmentTerms(Cite("2.2(ii)"), PeriodTerm.CalendarDays(10), "Extension Period", basis), null);
        var content = Enum.GetValues<NoticeElement>().Select(e => new NoticeRequirement(e, e.ToString(), Cite("2.2(i)"))).ToList();
        var fr = new FirstRefusalTerms(Cite("2.2"), ["holdingCompanies", "principals", "ordinaryShareholders"], ["investors", "classAInvestors"], ["investors"], true, content, [stage], rounding,
            new ClosingTerms(Cite("2.2(iii)"), PeriodTerm.NthDay(40), true),
            new NonCashTerms(Cite("2.2(iv)"), PeriodTerm.CalendarDays(30), PeriodTerm.BusinessDays(5), AppraisalCostSplit.PerCapita, Cite("2.2(iv)(c)")),
            new SpecialOptionTerms(Cite("2.2(v)"), "inv-c", new Threshold(Fraction.Half, Comparison.MoreThan), new HoldingMeasure(all, true), all, [SpecialOption.Assign, SpecialOption.CompanyRepurchase]),
            new SaleWindowTerms(Cite("2.4(i)"), PeriodTerm.CalendarDays(60), SaleWindowStart.OptionPeriodEnd, true, Cite("2.4(i)"), Cite("2.4(ii)")));
        var coSale = new CoSaleTerms(Cite("2.3(i)"), "investors", "investors", PeriodTerm.CalendarDays(20), "co-sale period",
            new HoldingMeasure(all, false), new HoldingMeasure(all, true), Cite("2.3(ii)"), Cite("2.3(iii)"), Cite("2.3(v)"));
        var restrictions = new TransferRestrictionTerms(Cite("2"),
            new RestrictedTransferors(["principals", "holdingCompanies", "classAOrdinaryShareholders"], ["classAInvestors"], "majority-investors", "holdingCompanies", Cite("2.1(i)"), Cite("2.1(iii)"), Cite("2.1(ii)")),
            [
                new PermittedTransferCategory("c", "100% owned subsidiary", ["principals"], [PermittedRelationship.WhollyOwnedSubsidiary], true, false, true, Cite("2.5(c)")),
                new PermittedTransferCategory("d", "family or estate planning", ["principals", "holdingCompanies"], [PermittedRelationship.Parent, PermittedRelationship.Child, PermittedRelationship.Spouse, PermittedRelationship.EstatePlanningFiduciary], true, true, true, Cite("2.5(d)")),
            ],
            Cite("2.5"),
            new FreeTransferTerms(["investors", "classAInvestors"], competitors, true, Cite("2.6"), Cite("2.6(i)")),
            new LockUpTerms(180, ["principals", "ordinaryShareholders"], Cite("3")));
        var notices = new NoticeTerms(Cite("6.6"), 2, false, null, new CompanyPlace("company office", "Asia/Hong_Kong", new LocalTime(9, 0), new LocalTime(18, 0)));
        var mechanisms = new Dictionary<string, MechanismTerms>
        {
            ["notices"] = notices, ["transferRestrictions"] = restrictions, ["firstRefusal"] = fr, ["coSale"] = coSale,
        };
        return new Agreement(Terms, "Test ROFR", new LocalDate(2020, 11, 13), "cloopen", null, roles, new Dictionary<string, NamedParty>(),
            new BusinessDayDefinition(true, ["CN", "HK"], Cite("1.1")), AffiliateDefinition.ControlOnly(Cite("1.1")), consents, mechanisms);
    }

    public static Instant At(LocalDate d, int hour = 10, int minute = 0) => HongKong.AtStrictly(d.At(new LocalTime(hour, minute))).ToInstant();

    public static TransferOffer Offer(long shares = 1_000_000, string transferee = "acme", Money? price = null, string? nonCash = null) =>
        new("class-a", ShareCount.Of(shares), transferee, "Acme Holdings Ltd", "1 Harbour Road, Hong Kong", "Asia/Hong_Kong", nonCash is null ? price ?? Price : null, nonCash, ["completion within 60 days"], null);

    public Decision Decide(object command) => TransferDecider.Decide(Agreement, Builder.Timeline, command);

    /// <summary>Decides and, if accepted, records every event.</summary>
    public Decision Try(object command)
    {
        var d = Decide(command);
        if (d is Decision.Accepted a)
            foreach (var e in a.Events) Builder.Timeline.Add(Builder.Timeline.LastSequence + 1, e);
        return d;
    }

    /// <summary>Records a command that must be accepted.</summary>
    public IReadOnlyList<LedgerEvent> Do(object command)
    {
        var d = Try(command);
        if (d is Decision.Rejected r) throw new Xunit.Sdk.XunitException($"Expected {command.GetType().Name} to be accepted, but: {string.Join("; ", r.Reasons)}");
        return ((Decision.Accepted)d).Events;
    }

    /// <summary>Asserts the command is refused by <paramref name="ruleId"/> and that nothing changed.</summary>
    public Rejection Refused(object command, string ruleId)
    {
        var fingerprint = Register.Fingerprint();
        var count = Builder.Timeline.Events.Count;
        var d = Try(command);
        var r = Assert.IsType<Decision.Rejected>(d);
        Assert.Equal(count, Builder.Timeline.Events.Count);
        Assert.Equal(fingerprint, Register.Fingerprint());
        return Assert.Single(r.Reasons, x => x.RuleId == ruleId);
    }

    public TransferProcess Process(string id = "t1") => TransferBook.From(Builder.Timeline.Events.Select(x => x.Event)).Find(id)!;

    public static ProposeTransfer Propose(string id = "t1", long shares = 1_000_000, IReadOnlyList<string>? consenting = null, TransferOffer? offer = null, string transferor = "holdco") =>
        new(id, Terms, transferor, offer ?? Offer(shares), consenting ?? ["inv-a"]) { EffectiveOn = Start, At = At(Start, 9) };

    /// <summary>Email to the company and every Investor at 10:00 on <see cref="Start"/>: deemed received that day.</summary>
    public static GiveTransferNotice Notice(string id = "t1", IReadOnlyList<NoticeElement>? includes = null, IReadOnlyList<string>? recipients = null) =>
        new(id, includes ?? Enum.GetValues<NoticeElement>(),
            (recipients ?? ["cloopen", "inv-a", "inv-b", "inv-c"]).Select(r => new NoticeDelivery(r, NoticeChannel.Email, At(Start))).ToList())
        { EffectiveOn = Start, At = At(Start) };

    public static ElectFirstRefusal Elect(string holder, long shares, Instant at, string id = "t1", IReadOnlyList<Apportionment>? apportion = null) =>
        new(id, holder, ShareCount.Of(shares), apportion ?? []) { EffectiveOn = at.InZone(HongKong).Date, At = at };

    public static T On<T>(T command, Instant at) where T : TransferCommand => command with { At = at, EffectiveOn = at.InZone(HongKong).Date };

    /// <summary>Proposes and serves the notice on <see cref="Start"/>.</summary>
    public TransferFixture Noticed(long shares = 1_000_000)
    {
        Do(Propose(shares: shares));
        Do(Notice());
        return this;
    }
}
