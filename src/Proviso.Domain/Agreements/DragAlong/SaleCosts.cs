using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// Costs and indemnities of a Sale. ROFR s.4.3: "(i) each holder of Equity Securities participating in such Sale shall
/// bear a proportionate share (based upon the relative proceeds received in such transaction) of the expenses reasonably
/// incurred in the transaction …, and (ii) each such holder shall severally, not jointly, join on a pro rata basis (based
/// upon the relative proceeds received in such transaction) in any indemnification or other obligations that are part of
/// the terms and conditions of such Sale (other than those that relate specifically to a particular holder, such as
/// indemnification with respect to representations and warranties given by such holder regarding such holder’s title to
/// and ownership of shares, due authorization, enforceability, and no conflicts, which shall instead be given solely by
/// such holder) but only up to the net proceeds paid to such holder in connection with such Sale."
/// <para>Interpretation: "net proceeds" are the holder's proceeds less its share of the expenses. The cap limits the pro
/// rata joinder in (ii); a holder-specific indemnity is that holder's alone and is listed, not capped by this clause.
/// "Severally, not jointly": what a capped holder does not bear is not shifted to the others; it is reported as
/// unallocated.</para>
/// <para>Rounding: largest remainder (<see cref="CentAllocation"/>) for each split, so the expense shares add up exactly
/// to the expenses and the indemnity shares plus the unallocated amount add up exactly to the claim.</para>
/// </summary>
public static class SaleCosts
{
    public static CostAllocation Allocate(IReadOnlyList<(string HolderId, Money Proceeds)> proceeds, Money expenses, Money indemnity,
        IReadOnlyList<HolderSpecificClaim> specific, CostTerms terms)
    {
        ArgumentNullException.ThrowIfNull(proceeds);
        if (proceeds.Count == 0) throw new ArgumentException("no holder participates in the Sale", nameof(proceeds));
        var currency = proceeds[0].Proceeds.Currency;
        if (expenses.Currency.Code != currency.Code || indemnity.Currency.Code != currency.Code || specific.Any(s => s.Amount.Currency.Code != currency.Code))
            throw new ArgumentException($"costs must be in the proceeds' currency ({currency.Code})");
        var weights = proceeds.Select(p => (p.HolderId, p.Proceeds.ToFraction())).ToList();
        var noProceeds = weights.All(w => w.Item2.IsZero);
        var expenseShares = expenses.IsZero || noProceeds ? proceeds.Select(p => (p.HolderId, Money.Zero(currency))).ToList() : CentAllocation.Split(expenses, weights).ToList();
        var indemnityShares = indemnity.IsZero || noProceeds ? proceeds.Select(p => (p.HolderId, Money.Zero(currency))).ToList() : CentAllocation.Split(indemnity, weights).ToList();
        var lines = new List<HolderCost>();
        var unallocated = Money.Zero(currency);
        for (var i = 0; i < proceeds.Count; i++)
        {
            var (holder, gross) = proceeds[i];
            var expense = expenseShares[i].Item2;
            var net = gross - expense;
            var proRata = indemnityShares[i].Item2;
            var capped = net.IsNegative ? Money.Zero(currency) : (proRata > net ? net : proRata);
            unallocated += proRata - capped;
            var own = Money.Sum(specific.Where(s => s.HolderId == holder).Select(s => s.Amount), currency);
            lines.Add(new HolderCost(holder, gross, expense, net, proRata, capped, proRata > capped, own));
        }
        var orphans = specific.Where(s => proceeds.All(p => p.HolderId != s.HolderId)).Select(s => s.HolderId).Distinct().ToList();
        if (orphans.Count > 0) throw new ArgumentException($"holder-specific claims name holders who take no part in the Sale: {string.Join(", ", orphans)}");
        return new CostAllocation(expenses, indemnity, lines, unallocated, specific, CentAllocation.Describe(RoundingPolicy.LargestRemainder),
            [terms.Expenses, terms.Indemnities, terms.OwnRepresentations]);
    }
}

/// <summary>An indemnity that relates specifically to one holder (its title, authority, enforceability, no conflicts).</summary>
public sealed record HolderSpecificClaim(string HolderId, Money Amount, string Description);

/// <summary>One holder's costs: proceeds, its share of expenses, net proceeds, its pro rata indemnity (before and after the cap), and its own claims.</summary>
public sealed record HolderCost(string HolderId, Money Proceeds, Money ExpenseShare, Money NetProceeds, Money IndemnityProRata, Money IndemnityBorne, bool Capped, Money OwnClaims);

/// <summary>Every holder's costs, with what the cap left unallocated and the rounding used.</summary>
public sealed record CostAllocation(Money Expenses, Money Indemnity, IReadOnlyList<HolderCost> Lines, Money UnallocatedIndemnity,
    IReadOnlyList<HolderSpecificClaim> HolderSpecific, string Rounding, IReadOnlyList<Citation> Citations);
