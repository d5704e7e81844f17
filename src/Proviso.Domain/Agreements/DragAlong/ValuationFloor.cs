using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// ROFR s.4.1: "provided that immediately prior to the Approved Sale the valuation of the Group Companies shall be no
/// less than US$2,000,000,000"; s.4.2: a New Sale needs "the valuation of the Group Companies in such offer is not less
/// than US$2,000,000,000". The amount and whether it is inclusive are terms; "no less than" is inclusive, so exactly the
/// floor passes and one cent less fails.
/// <para>Interpretation: the valuation is the one stated for the offer (the parties' figure for the Group Companies
/// immediately before the sale); Proviso does not value the Group itself. A valuation in another currency is refused,
/// never converted.</para>
/// </summary>
public static class ValuationFloor
{
    /// <summary>Null when the valuation meets the floor (or the terms have none); otherwise the rejection.</summary>
    public static Rejection? Check(MoneyFloor? floor, Money valuation, string what, Citation? citation = null)
    {
        if (floor is null) return null;
        if (valuation.Currency.Code != floor.Amount.Currency.Code)
            return new Rejection("drag.valuation-currency", $"The {what} valuation is in {valuation.Currency.Code}; the floor is stated in {floor.Amount.Currency.Code} and amounts are never converted.", citation ?? floor.Citation);
        if (floor.IsMetBy(valuation)) return null;
        return new Rejection("drag.valuation-floor", $"The {what} values the Group Companies at {valuation}; the clause requires {floor}.", citation ?? floor.Citation);
    }
}
