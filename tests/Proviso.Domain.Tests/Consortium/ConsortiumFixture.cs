using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Time;

namespace Proviso.Domain.Tests.ConsortiumRules;

/// <summary>
/// The Consortium Agreement of 22 December 2025 as terms data built in code (the same content as
/// examples/cloopen/terms/consortium-2025.yaml), and a small harness that decides and records commands.
/// </summary>
internal static class ConsortiumFixture
{
    public const string Id = "consortium-2025";
    public const string Ceo = "ceo-entity";
    public const string Sponsor = "initial-sponsor";
    public static readonly LocalDate Date = new(2025, 12, 22);
    public static readonly DateTimeZone HongKong = DateTimeZoneProviders.Tzdb["Asia/Hong_Kong"];

    public static Citation C(string section) => new(Id, section);

    public static Instant Hk(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) => HongKong.AtStrictly(new LocalDateTime(y, mo, d, h, mi, s)).ToInstant();

    public static readonly BusinessDayDefinition BusinessDay = new(true, ["CN", "HK", "KY", "US-FED"], C("10.01"));

    private static readonly Carveout External = new("external-fund-manager", "(x) external fund manager", C("1.05(b)(x)"), new ActionRequirement.Allowed(), PartySet.InitialSponsor, null);
    private static readonly Carveout Ordinary = new("affiliate-ordinary-course", "(y) ordinary course of the Initial Sponsor's Affiliates", C("1.05(b)(y)"), new ActionRequirement.Allowed(), PartySet.InitialSponsor, "keep Confidential Information away");
    private static readonly ActionRequirement SponsorWritten = new ActionRequirement.Consent(PartySet.InitialSponsor, true, false, SelfConsent.Unavailable);

    public static ConsortiumTerms Terms(bool copyIsCondition = false) => new(
        C("Preamble"),
        [
            new ConsortiumParty(Ceo, "Cloopen Co., Ltd.", ConsortiumRole.CeoEntity, "cloopen-co", C("Preamble (1)")),
            new ConsortiumParty(Sponsor, "Trustbridge Partners VII, L.P.", ConsortiumRole.InitialSponsor, "trustbridge-vii", C("Preamble (2)")),
        ],
        [
            new PartySetDefinition(PartySet.InitialSponsor, "Initial Sponsor", C("Preamble (2)")),
            new PartySetDefinition(PartySet.CeoEntity, "CEO Entity", C("Preamble (1)")),
            new PartySetDefinition(PartySet.InitialMembers, "Initial Members", C("Preamble (2)")),
            new PartySetDefinition(PartySet.ConsortiumMembers, "Consortium Members", C("Preamble")),
        ],
        new ExclusivityTerms(C("10.01"), PeriodTerm.Months(12, MonthEndRule.ClampToLastDay), HongKong, ["5.01(b)(ii)", "5.01(c)"]),
        new ConfidentialityTerms(C("6.02(d)"), PeriodTerm.Months(24, MonthEndRule.ClampToLastDay), null, HongKong),
        new NoticeTerms(C("7.01"), new LocalTime(17, 0), copyIsCondition, C("7.01"),
        [
            new NoticeAddressTerm(Ceo, false, "Cloopen Co., Ltd.", "Beijing", "Changxun Sun", null, "Asia/Shanghai", C("7.01")),
            new NoticeAddressTerm(Ceo, true, "King & Wood Mallesons", "Shenzhen", "Owen Wang", null, "Asia/Shanghai", C("7.01")),
            new NoticeAddressTerm(Sponsor, false, "Trustbridge Partners VII, L.P.", "Hong Kong", "Gladys Wong", null, "Asia/Hong_Kong", C("7.01")),
            new NoticeAddressTerm(Sponsor, true, "Han Kun Law Offices", "Shanghai", "Nick Shu", null, "Asia/Shanghai", C("7.01")),
        ]),
        new AdmissionTerms(C("1.02"), PartySet.InitialSponsor, "Deed of Adherence", C("1.02")),
        new CommitmentTerms(C("1.03(b)"), Currency.USD, C("1.03(a)")),
        new Dictionary<string, ActionRule>(StringComparer.Ordinal)
        {
            ["transfer-securities"] = new("transfer-securities", "Transfer Securities", C("1.05(b)(vi)(A)"), ActionWindow.ExclusivityPeriod, OutsideWindow.Unrestricted, SponsorWritten,
                [new Carveout("contemplated-by-agreement", "contemplated by the Agreement", C("1.05(b)(vi)(A)"), new ActionRequirement.Allowed(), null, null), External, Ordinary]),
            ["grant-proxy"] = new("grant-proxy", "Grant a proxy", C("1.05(b)(vi)(C)"), ActionWindow.ExclusivityPeriod, OutsideWindow.Unrestricted, SponsorWritten, [External, Ordinary]),
            ["solicit-competing-proposal"] = new("solicit-competing-proposal", "Solicit a Competing Proposal", C("1.05(b)(i)"), ActionWindow.ExclusivityPeriod, OutsideWindow.Unrestricted, SponsorWritten, [External, Ordinary]),
            ["vote-against-transaction"] = new("vote-against-transaction", "Vote against the Transaction", C("1.05(d)(ii)"), ActionWindow.InForce, OutsideWindow.Unrestricted, new ActionRequirement.Prohibited(), []),
            ["vote-on-other-matter"] = new("vote-on-other-matter", "Vote on another matter", C("1.05(e)"), ActionWindow.InForce, OutsideWindow.Unrestricted, new ActionRequirement.Allowed(), []),
            ["agree-merger-consideration"] = new("agree-merger-consideration", "Agree the merger consideration", C("1.06(a)"), ActionWindow.InForce, OutsideWindow.Unrestricted,
                new ActionRequirement.Consent(PartySet.CeoEntity, true, true, SelfConsent.Satisfies), []),
            ["commission-report"] = new("commission-report", "Commission a report", C("2.02"), ActionWindow.InForce, OutsideWindow.Unrestricted,
                new ActionRequirement.Consent(PartySet.InitialSponsor, false, false, SelfConsent.Satisfies), []),
            ["announce"] = new("announce", "Announce", C("6.01"), ActionWindow.InForce, OutsideWindow.Unrestricted,
                new ActionRequirement.Consent(PartySet.OtherMembers, true, true, SelfConsent.Satisfies),
                [new Carveout("required-by-law", "required by law", C("6.01"), new ActionRequirement.Allowed(), null, "notify the others first")]),
            ["disclose-confidential-information"] = new("disclose-confidential-information", "Disclose Confidential Information", C("6.02(a)"), ActionWindow.ConfidentialityPeriod, OutsideWindow.Unrestricted,
                new ActionRequirement.Consent(PartySet.OtherMembers, true, true, SelfConsent.Satisfies), []),
            ["assign-rights"] = new("assign-rights", "Assign rights", C("9.05"), ActionWindow.InForce, OutsideWindow.Unrestricted,
                new ActionRequirement.Consent(PartySet.InitialMembers, false, true, SelfConsent.Satisfies),
                [new Carveout(ActionPermission.ToAffiliateFact, "to an Affiliate", C("9.05"), new ActionRequirement.Allowed(), null, "the assignor stays liable")]),
            ["cease-participation"] = new("cease-participation", "Cease participation", C("5.01(a)"), ActionWindow.BeforeDefinitiveAgreement, OutsideWindow.Unavailable, new ActionRequirement.Prohibited(),
            [
                new Carveout("due-diligence-unsatisfied", "(ii) due diligence", C("5.01(a)(ii)"), new ActionRequirement.Allowed(), null, null),
                new Carveout("unable-to-agree", "(i) unable to agree", C("5.01(a)(i)"), new ActionRequirement.Consent(PartySet.InitialSponsor, false, false, SelfConsent.Satisfies), null, null),
            ]),
            ["admit-additional-sponsor"] = new("admit-additional-sponsor", "Admit an Additional Sponsor", C("1.02"), ActionWindow.InForce, OutsideWindow.Unrestricted, new ActionRequirement.OnlyBy(PartySet.InitialSponsor), []),
        },
        new ApproachNotificationTerms(C("1.05(c)(ii)"), PeriodTerm.BusinessDays(1), "policy: one Business Day"),
        new CostTerms(C("3.01(a)"), C("3.01(b)"), C("3.01(c)"), C("3.01(d)"), C("2.03(b)"), C("4.01"), RoundingPolicy.LargestRemainder),
        new TerminationTerms(C("5.01(a)"), C("5.01(b)(i)"), C("5.01(b)(ii)"), C("5.01(c)"), C("5.02(a)"), C("5.02(b)"), C("5.02(c)"),
            [new SurvivingProvision("Article III", "Transaction Costs"), new SurvivingProvision("Section 6.02", "Confidentiality")]));

    public static ConsortiumState Start(bool copyIsCondition = false) => ConsortiumState.Start(Terms(copyIsCondition), Date, BusinessDay.Resolve(CalendarCatalog.BuiltIn));

    /// <summary>Decides and applies; throws if refused.</summary>
    public static ConsortiumState Do(this ConsortiumState state, ConsortiumCommand command)
    {
        var decision = ConsortiumDecider.Decide(state, command);
        if (decision is Decision.Rejected r) throw new Xunit.Sdk.XunitException($"{command.GetType().Name} refused: {string.Join("; ", r.Reasons)}");
        foreach (var e in ((Decision.Accepted)decision).Events) state = state.Apply(e);
        return state;
    }

    /// <summary>Asserts the command is refused by <paramref name="ruleId"/>.</summary>
    public static Rejection Refused(this ConsortiumState state, ConsortiumCommand command, string ruleId)
    {
        var r = Assert.IsType<Decision.Rejected>(ConsortiumDecider.Decide(state, command));
        var reason = Assert.Single(r.Reasons);
        Assert.Equal(ruleId, reason.RuleId);
        return reason;
    }

    public static ActionAssessment Check(this ConsortiumState state, string member, string action, Instant at, params string[] facts) =>
        ActionPermission.Assess(state, new ProposedAction(member, action, at, facts.ToHashSet(StringComparer.Ordinal)));

    public static T With<T>(this T command, Instant at) where T : ConsortiumCommand => command with { AgreementId = Id, At = at };

    public static Money Usd(decimal amount) => new(amount, Currency.USD);

    public static RecordExpense Expense(string id, string? paidBy, ExpenseKind kind, decimal amount, LocalDate on, bool approved = false) =>
        new RecordExpense(id, paidBy, kind, "payee", Usd(amount), approved, null, on).With(Hk(on.Year, on.Month, on.Day, 12));
}
