using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.FirstRefusal;

/// <summary>
/// ROFR s.2.2(iv)(c): "The cost of such appraisal shall be shared equally by the Transferor and the Investors exercising
/// their right of first refusal."
/// <para>Interpretation: "equally" may mean per head (the Transferor and each exercising Investor pay the same) or per
/// side (the Transferor half, the exercising Investors the other half between them). The terms choose
/// (<see cref="AppraisalCostSplit"/>); the other reading is reported. Amounts are rounded down to the currency's minor
/// unit and the cents left over fall on the Transferor, so the shares add up to the cost exactly.</para>
/// </summary>
public static class AppraisalCost
{
    public static (IReadOnlyList<CostShare> Shares, Ambiguity Reading) Split(NonCashTerms terms, Money cost, string transferorId, IReadOnlyList<string> exercising)
    {
        var parts = new List<(string Party, Fraction Weight)>();
        if (exercising.Count == 0 || terms.CostSplit == AppraisalCostSplit.PerCapita)
        {
            var n = exercising.Count + 1;
            parts.Add((transferorId, Fraction.Create(1, n)));
            parts.AddRange(exercising.Select(e => (e, Fraction.Create(1, n))));
        }
        else
        {
            parts.Add((transferorId, Fraction.Half));
            parts.AddRange(exercising.Select(e => (e, Fraction.Create(1, 2 * exercising.Count))));
        }
        var scale = System.Numerics.BigInteger.Pow(10, cost.Currency.MinorUnits);
        var totalMinor = (cost.ToFraction() * Fraction.Of(scale)).Floor();
        var amounts = parts.Select(p => (p.Party, Minor: (Fraction.Of(totalMinor) * p.Weight).Floor())).ToList();
        var left = totalMinor - amounts.Aggregate(System.Numerics.BigInteger.Zero, (s, a) => s + a.Minor);
        amounts[0] = (amounts[0].Party, amounts[0].Minor + left);
        var shares = amounts.Select(a => new CostShare(a.Party, new Money((decimal)a.Minor / (decimal)scale, cost.Currency))).ToList();
        var taken = terms.CostSplit == AppraisalCostSplit.PerCapita ? "per head: the Transferor and each exercising Investor pay an equal share" : "per side: the Transferor pays half and the exercising Investors share the other half equally";
        var other = terms.CostSplit == AppraisalCostSplit.PerCapita ? "per side: the Transferor half, the exercising Investors the other half" : "per head: the Transferor and each exercising Investor an equal share";
        return (shares, new Ambiguity("appraisal-cost-split", "\"Shared equally by the Transferor and the Investors exercising\" does not say whether per head or per side.", taken, other, terms.CostCitation));
    }
}
