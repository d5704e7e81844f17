using FsCheck;
using FsCheck.Fluent;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Quantities;
using static Proviso.Domain.Tests.ConsortiumRules.ConsortiumFixture;

namespace Proviso.Domain.Tests.ConsortiumRules;

public class CostPropertyTests
{
    [Fact]
    public void CentAllocation_AnyAmountAndWeights_AddsUpExactlyAndStaysWithinACent()
    {
        var gen = from cents in Gen.Choose(0, int.MaxValue)
                  from n in Gen.Choose(1, 7)
                  from ws in Gen.ListOf(Gen.Choose(0, 1_000_000), n)
                  where ws.Any(w => w > 0)
                  select (cents, ws);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var amount = Usd(t.cents / 100m);
            var weights = t.ws.Select((w, i) => ($"p{i}", Fraction.Of(w))).ToList();
            var split = CentAllocation.Split(amount, weights);
            var total = Fraction.Sum(weights.Select(w => w.Item2));
            var sumOk = split.Select(s => s.Share.Amount).Sum() == amount.Amount;
            var closeOk = split.Select((s, i) => (s.Share.ToFraction() - amount.ToFraction() * weights[i].Item2 / total).Abs() < Fraction.Create(1, 100)).All(x => x);
            return sumOk && closeOk;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ExpenseSharing_AnyExpensesCommitmentsAndOutcome_AllocationsAddUpToTheCosts()
    {
        var kinds = Enum.GetValues<ExpenseKind>();
        var expense = from cents in Gen.Choose(1, 500_000_000)
                      from kind in Gen.Elements(kinds)
                      from payer in Gen.Elements(Ceo, Sponsor, "fund-c", null)
                      from approved in Gen.Elements(true, false)
                      from currency in Gen.Elements("USD", "USD", "HKD")
                      select (cents, kind, payer, approved, currency);
        var gen = from n in Gen.Choose(1, 8)
                  from expenses in Gen.ListOf(expense, n)
                  from c1 in Gen.Choose(1, 1_000_000)
                  from c2 in Gen.Choose(0, 1_000_000)
                  from c3 in Gen.Choose(0, 1_000_000)
                  from fee in Gen.Choose(0, 300_000_000)
                  from outcome in Gen.Elements(Enum.GetValues<TransactionOutcome>())
                  from breacher in Gen.Elements(Ceo, Sponsor, "fund-c")
                  select (expenses, c1, c2, c3, fee, outcome, breacher);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var state = Start()
                .Do(new AdmitAdditionalSponsor("fund-c", "Fund C", null, "deed", Sponsor).With(Hk(2026, 1, 2)))
                .Do(new RecordCommitment(Sponsor, Usd(t.c1), ShareCount.Zero, null).With(Hk(2026, 1, 5)))
                .Do(new RecordCommitment(Ceo, Usd(t.c2), ShareCount.Zero, null).With(Hk(2026, 1, 5)))
                .Do(new RecordCommitment("fund-c", Usd(t.c3), ShareCount.Zero, null).With(Hk(2026, 1, 5)));
            var i = 0;
            foreach (var e in t.expenses)
                state = state.Do(new RecordExpense($"e{i++}", e.payer, e.kind, "payee", Money.Of(e.cents / 100m, e.currency), e.approved, null, new NodaTime.LocalDate(2026, 3, 2)).With(Hk(2026, 3, 2)));
            if (t.fee > 0) state = state.Do(new RecordBreakFee("fee", Usd(t.fee / 100m), "fee").With(Hk(2026, 11, 1)));
            var report = ExpenseSharing.Compute(state, t.outcome, t.outcome == TransactionOutcome.FailedByBreach ? [t.breacher] : [], null);
            var linesOk = report.Lines.All(l => !l.Allocated || l.BreakFeeApplied + Money.Sum(l.BorneBy.Select(b => b.Amount), l.Amount.Currency) == l.Amount);
            var feesOk = report.BreakFees.All(f => !f.Allocated || f.AppliedToExpenses + Money.Sum(f.Balance.Select(b => b.Amount), f.Amount.Currency) == f.Amount);
            var noNegative = report.Lines.SelectMany(l => l.BorneBy).All(b => !b.Amount.IsNegative);
            return linesOk && feesOk && noNegative && report.Lines.Count == t.expenses.Count;
        }).QuickCheckThrowOnFailure();
    }
}
