using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.DragAlong;
using Proviso.Domain.Quantities;
using Proviso.Domain.Tests.Register;

namespace Proviso.Domain.Tests.DragAlong;

public sealed class DragAlongPropertyTests
{
    private static readonly Citation Cite = new("t", "4");
    private static readonly CostTerms Terms = new(Cite, Cite, Cite);

    [Fact]
    public void Waterfall_AnyHoldingsAndProceeds_AddsUpExactlyAndEachIsWithinACent()
    {
        var gen = from n in Gen.Choose(1, 8)
                  from shares in Gen.ListOf(Gen.Choose(1, 50_000_000), n)
                  from cents in Gen.Choose(0, int.MaxValue)
                  from ratioNum in Gen.Choose(1, 7)
                  select (shares, cents, ratioNum);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var on = new LocalDate(2021, 1, 4);
            var b = new RegisterBuilder().Company(on).Ordinary("common", on).Preferred("pref", "common", Fraction.Create(t.ratioNum, 3), on);
            for (var i = 0; i < t.shares.Count; i++)
            {
                b.Holder($"h{i}", on);
                b.Issue($"h{i}", i % 2 == 0 ? "common" : "pref", t.shares[i], on);
            }
            var proceeds = Money.Of(t.cents * 1000m / 100m, "USD");
            var d = new ProRataAsConverted().Distribute(b.Latest, on, proceeds, Cite);
            var sumOk = d.Lines.Sum(l => l.Amount.Amount) == proceeds.Amount;
            var closeOk = d.Lines.All(l => (l.Amount.ToFraction() - l.Exact).Abs() < Fraction.Create(1, 100));
            return sumOk && closeOk && d.Lines.All(l => l.Amount.IsWholeMinorUnits);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Costs_AnyProceedsExpensesAndIndemnity_ExpensesAddUp_IndemnityNeverExceedsNetProceeds_AndNothingIsLost()
    {
        var gen = from n in Gen.Choose(1, 9)
                  from proceeds in Gen.ListOf(Gen.Choose(0, 2_000_000_000), n)
                  from expenses in Gen.Choose(0, int.MaxValue)
                  from indemnity in Gen.Choose(0, int.MaxValue)
                  where proceeds.Any(p => p > 0)
                  select (proceeds, expenses, indemnity);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var list = t.proceeds.Select((p, i) => ($"h{i}", Money.Of(p / 100m * 100m, "USD"))).ToList();
            var total = list.Sum(x => x.Item2.Amount);
            var expenses = Money.Of(Math.Min(t.expenses / 100m, total), "USD");
            var c = SaleCosts.Allocate(list, expenses, Money.Of(t.indemnity / 100m, "USD"), [], Terms);
            var expensesOk = c.Lines.Sum(l => l.ExpenseShare.Amount) == expenses.Amount;
            var capOk = c.Lines.All(l => l.IndemnityBorne <= l.NetProceeds || l.NetProceeds.IsNegative && l.IndemnityBorne.IsZero);
            var conserved = c.Lines.Sum(l => l.IndemnityBorne.Amount) + c.UnallocatedIndemnity.Amount == t.indemnity / 100m;
            var netOk = c.Lines.All(l => l.NetProceeds.Amount == l.Proceeds.Amount - l.ExpenseShare.Amount);
            return expensesOk && capOk && conserved && netOk;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Costs_IndemnityAboveNetProceeds_IsCappedAndTheRestIsNotShifted()
    {
        var c = SaleCosts.Allocate([("a", Money.Of(100m, "USD")), ("b", Money.Of(300m, "USD"))], Money.Of(40m, "USD"), Money.Of(1_000m, "USD"), [], Terms);
        Assert.Equal(90m, c.Lines[0].IndemnityBorne.Amount);   // 250 pro rata, capped at 100 - 10
        Assert.Equal(270m, c.Lines[1].IndemnityBorne.Amount);  // 750 pro rata, capped at 300 - 30
        Assert.Equal(640m, c.UnallocatedIndemnity.Amount);     // several, not joint
    }
}
