using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Quantities;
using static Proviso.Domain.Tests.ConsortiumRules.ConsortiumFixture;

namespace Proviso.Domain.Tests.ConsortiumRules;

public class CostTests
{
    private static readonly NodaTime.LocalDate Mar = new(2026, 3, 2);

    /// <summary>Sponsor commits 200m cash, CEO Entity 100m: 2/3 and 1/3. A fund joins with 100m; it engaged its own counsel.</summary>
    private static ConsortiumState Deal() => Start()
        .Do(new RecordCommitment(Sponsor, Usd(200_000_000m), ShareCount.Zero, null).With(Hk(2026, 1, 5)))
        .Do(new RecordCommitment(Ceo, Usd(100_000_000m), ShareCount.Zero, null).With(Hk(2026, 1, 5)))
        .Do(Expense("jointCounsel", Sponsor, ExpenseKind.JointAdvisor, 300_000.00m, Mar))
        .Do(Expense("ceoCounsel", Ceo, ExpenseKind.SeparateAdvisor, 90_000.00m, Mar))
        .Do(Expense("banks", Sponsor, ExpenseKind.FinancingBank, 100.00m, Mar));

    private static Money Borne(CostReport r, string expense, string party) => r.Lines.Single(l => l.ExpenseId == expense).BorneBy.Single(b => b.PartyId == party).Amount;

    [Fact]
    public void Closed_EveryConsortiumExpense_IsBorneByHoldco()
    {
        var r = ExpenseSharing.Compute(Deal(), TransactionOutcome.Closed, [], null);
        Assert.Equal([Usd(390_100.00m)], r.HoldcoBears);
        Assert.Equal(Usd(90_000m), Borne(r, "ceoCounsel", ExpenseSharing.Holdco));
    }

    [Fact]
    public void Closed_AdditionalSponsorsUnapprovedSeparateAdvisor_IsBorneByIt()
    {
        var state = Deal()
            .Do(new AdmitAdditionalSponsor("fund-c", "Fund C", null, "deed", Sponsor).With(Hk(2026, 4, 1)))
            .Do(Expense("fundCounsel", "fund-c", ExpenseKind.SeparateAdvisor, 50_000m, new NodaTime.LocalDate(2026, 4, 2)))
            .Do(Expense("fundCounselApproved", "fund-c", ExpenseKind.SeparateAdvisor, 10_000m, new NodaTime.LocalDate(2026, 4, 2), approved: true));
        var r = ExpenseSharing.Compute(state, TransactionOutcome.Closed, [], null);
        Assert.Equal(Usd(50_000m), Borne(r, "fundCounsel", "fund-c"));
        Assert.Equal(Usd(10_000m), Borne(r, "fundCounselApproved", ExpenseSharing.Holdco));
    }

    [Fact]
    public void FailedWithoutBreach_SharedRatablyAndSeparateAdvisorsBorneByTheirMember()
    {
        var r = ExpenseSharing.Compute(Deal(), TransactionOutcome.FailedWithoutBreach, [], null);
        Assert.Equal(Usd(200_000m), Borne(r, "jointCounsel", Sponsor));
        Assert.Equal(Usd(100_000m), Borne(r, "jointCounsel", Ceo));
        Assert.Equal(Usd(90_000m), Borne(r, "ceoCounsel", Ceo));
        // 100.00 by 2/3 : 1/3 = 66.666… and 33.333…: floors 66.66 + 33.33 = 99.99; the last cent goes to the larger remainder (the sponsor's .666…).
        Assert.Equal(Usd(66.67m), Borne(r, "banks", Sponsor));
        Assert.Equal(Usd(33.33m), Borne(r, "banks", Ceo));
        var ceo = r.Members.Single(m => m.MemberId == Ceo);
        Assert.Equal([Usd(100_000m + 90_000m + 33.33m - 90_000m)], ceo.Settlement);
    }

    [Fact]
    public void FailedByBreach_BreacherReimbursesOthersAndBearsTheTerminationFee()
    {
        var state = Deal()
            .Do(Expense("rtf", null, ExpenseKind.TerminationFee, 5_000_000m, new NodaTime.LocalDate(2026, 11, 1)))
            .Do(new RecordBreach(Ceo, "1.05(b)(iii)", "financed a rival bid").With(Hk(2026, 10, 1)));
        var r = ExpenseSharing.Compute(state, TransactionOutcome.FailedByBreach, [], null);
        Assert.Equal([Ceo], r.Breaching);
        Assert.Equal(Usd(5_000_000m), Borne(r, "rtf", Ceo));
        Assert.Equal(Usd(300_000m), Borne(r, "jointCounsel", Ceo));
        Assert.Equal(Usd(90_000m), Borne(r, "ceoCounsel", Ceo));
        var sponsor = r.Members.Single(m => m.MemberId == Sponsor);
        Assert.Equal([Usd(-300_100m)], sponsor.Settlement);
        Assert.Contains(r.Members.Single(m => m.MemberId == Ceo).Liabilities, l => l.Contains("indemnify", StringComparison.Ordinal));
    }

    [Fact]
    public void FailedByBreach_NoBreachNamedOrRecorded_Throws()
    {
        Assert.Throws<ArgumentException>(() => ExpenseSharing.Compute(Deal(), TransactionOutcome.FailedByBreach, [], null));
    }

    [Fact]
    public void BreakFee_MeetsConsortiumExpensesFirstThenPaysTheBalanceProRata()
    {
        var state = Deal().Do(new RecordBreakFee("fee-1", Usd(1_000_000m), "company termination fee").With(Hk(2026, 11, 2)));
        var r = ExpenseSharing.Compute(state, TransactionOutcome.FailedWithoutBreach, [], null);
        var fee = r.BreakFees.Single();
        Assert.Equal(Usd(390_100m), fee.AppliedToExpenses);
        Assert.Equal(Usd(406_600m), fee.Balance.Single(b => b.PartyId == Sponsor).Amount);
        Assert.Equal(Usd(203_300m), fee.Balance.Single(b => b.PartyId == Ceo).Amount);
        Assert.All(r.Lines, l => Assert.Empty(l.BorneBy));
    }

    [Fact]
    public void BreakFee_SmallerThanExpenses_IsSpreadInProportionAndTheRestShared()
    {
        var state = Deal().Do(new RecordBreakFee("fee-1", Usd(39_010.00m), "work fee").With(Hk(2026, 11, 2)));
        var r = ExpenseSharing.Compute(state, TransactionOutcome.FailedWithoutBreach, [], null);
        Assert.Equal(Usd(30_000m), r.Lines.Single(l => l.ExpenseId == "jointCounsel").BreakFeeApplied);
        Assert.Equal(Usd(9_000m), r.Lines.Single(l => l.ExpenseId == "ceoCounsel").BreakFeeApplied);
        Assert.Equal(Usd(10m), r.Lines.Single(l => l.ExpenseId == "banks").BreakFeeApplied);
        Assert.Empty(r.BreakFees.Single().Balance);
    }

    [Fact]
    public void CeasedMember_SharesCostsIncurredTheDayBeforeItCeased()
    {
        var state = Deal()
            .Do(Expense("before", Sponsor, ExpenseKind.OutOfPocket, 30.00m, new NodaTime.LocalDate(2026, 4, 30)))
            .Do(new CeaseParticipation(Ceo, CessationGround.DueDiligenceUnsatisfactory, null).With(Hk(2026, 5, 1, 9)))
            .Do(Expense("sameDay", Sponsor, ExpenseKind.OutOfPocket, 30.00m, new NodaTime.LocalDate(2026, 5, 1)));
        var r = ExpenseSharing.Compute(state, TransactionOutcome.FailedWithoutBreach, [], null);
        Assert.Equal(Usd(10m), Borne(r, "before", Ceo));
        Assert.Equal(Usd(30m), Borne(r, "sameDay", Sponsor));
        Assert.DoesNotContain(r.Lines.Single(l => l.ExpenseId == "sameDay").BorneBy, b => b.PartyId == Ceo);
    }

    [Fact]
    public void FailedWithoutBreach_NoCommitments_ReportsAProblemInsteadOfGuessing()
    {
        var state = Start().Do(Expense("x", Sponsor, ExpenseKind.JointAdvisor, 10m, Mar));
        var r = ExpenseSharing.Compute(state, TransactionOutcome.FailedWithoutBreach, [], null);
        Assert.Single(r.Problems);
        Assert.False(r.Lines.Single().Allocated);
    }

    [Fact]
    public void CentAllocation_ThreeEqualWeights_GivesTheExtraCentToTheLowestId()
    {
        var split = CentAllocation.Split(Usd(0.10m), [("b", Fraction.One), ("a", Fraction.One), ("c", Fraction.One)]);
        Assert.Equal([("b", Usd(0.03m)), ("a", Usd(0.04m)), ("c", Usd(0.03m))], split);
    }

    [Fact]
    public void CentAllocation_ZeroWeights_Throws()
    {
        Assert.Throws<ArgumentException>(() => CentAllocation.Split(Usd(1m), [("a", Fraction.Zero)]));
    }
}
