using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// Closing the Sale: every holding moves to the buyer in one decision, recorded in one atomic append or not at all, with
/// the proceeds (the terms' waterfall), the expenses and indemnities (s.4.3). ROFR s.4.5: "None of the transfer
/// restrictions set forth in this Agreement shall apply in connection with the Sale": the legs are register transfers
/// authorised by the drag-along process (<c>AuthorisedBy</c> = the process id), so first refusal, co-sale and the s.5
/// stop-transfer notes do not stop them.
/// <para>Interpretation: the signed valuation is the consideration for every issued and outstanding share, divided by the
/// waterfall. In a Preferential Sale the buyer keeps its own shares (its part is not paid) and, per s.4.2, the sale "will
/// not trigger or be deemed as the occurrence of the Deemed Liquidation Event", which the closing records. A holder whose
/// performance is suspended by listing rules (s.4.11) keeps its shares; a holder under a power of attorney (s.4.4) sells
/// through the Director, and its leg says so. Closing waits until every other holder's transfer and signing is performed,
/// under a power of attorney, or suspended.</para>
/// </summary>
public static class DragSaleClosing
{
    public static Decision Decide(Agreement a, DragAlongTerms terms, RegisterTimeline timeline, DragAlongProcess p, CloseDragSale c)
    {
        if (p.Signed is not { } signed) return Decision.Reject("drag.not-signed", "No Decisive Agreement has been executed; there is nothing to close.");
        var buyer = signed.BuyerId;
        var outstanding = DragObligations.Outstanding(p, buyer);
        if (outstanding.Count > 0)
            return Decision.Reject("drag.obligations-pending", $"Closing waits for the transfer and signing of: {string.Join(", ", outstanding)} (record them as performed, or as failed so that a Director acts under the power of attorney).", terms.PowerOfAttorney);
        if (!ProceedsWaterfalls.TryGet(terms.Distribution.Waterfall, out var waterfall))
            return Decision.Reject("drag.unknown-waterfall", $"The terms name a waterfall '{terms.Distribution.Waterfall}' this version does not know (known: {string.Join(", ", ProceedsWaterfalls.Names)}).", terms.Distribution.Citation);
        var scratch = timeline.Clone();
        var sequence = timeline.LastSequence;
        var events = new List<LedgerEvent>();
        var notes = new List<string>();
        if (!scratch.Latest.Holders.ContainsKey(buyer))
        {
            var offer = p.OfferById(signed.OfferId ?? "") ?? p.Offer;
            var register = new RegisterHolder(buyer, offer.OfferorName, HolderKind.Entity, null, offer.OfferorTimeZone, [], null, null, $"purchaser in drag-along {p.Id}") { EffectiveOn = c.EffectiveOn };
            if (!Apply(RegisterDecider.Decide(scratch, register), scratch, events, ref sequence, out var problem)) return Refuse("the purchaser's entry", problem!);
        }
        var r = scratch.AsOf(c.EffectiveOn);
        ProceedsDistribution distribution;
        try
        {
            distribution = waterfall.Distribute(r, c.EffectiveOn, signed.Valuation, terms.Distribution.Citation);
        }
        catch (ArgumentException ex)
        {
            return Decision.Reject("drag.distribution", ex.Message, terms.Distribution.Citation);
        }
        var suspended = p.Suspensions.Select(s => s.HolderId).ToHashSet(StringComparer.Ordinal);
        var legs = new List<DragLeg>();
        foreach (var line in distribution.Lines.Where(l => l.HolderId != buyer && !suspended.Contains(l.HolderId)))
        {
            var poa = p.StateOf(line.HolderId, DragObligation.Transfer) == ObligationState.PowerOfAttorney || p.StateOf(line.HolderId, DragObligation.Sign) == ObligationState.PowerOfAttorney;
            var transfer = new TransferShares(line.HolderId, buyer, line.ClassId, line.Shares, line.Amount, $"drag-along {p.Id}" + (poa ? " (executed by a Director under the power of attorney)" : ""), p.Id) { EffectiveOn = c.EffectiveOn };
            if (!Apply(RegisterDecider.Decide(scratch, transfer), scratch, events, ref sequence, out var problem)) return Refuse($"{line.HolderId}'s {line.ClassId}", problem!);
            legs.Add(new DragLeg(line.HolderId, buyer, line.ClassId, line.Shares, line.Amount, poa));
        }
        var currency = signed.Valuation.Currency;
        var sellers = distribution.ByHolder().Where(x => x.HolderId != buyer && !suspended.Contains(x.HolderId)).ToList();
        CostAllocation costs;
        try
        {
            costs = SaleCosts.Allocate(sellers, c.Expenses ?? Money.Zero(currency), c.Indemnity ?? Money.Zero(currency), c.HolderSpecific, terms.Costs);
        }
        catch (ArgumentException ex)
        {
            return Decision.Reject("drag.costs", ex.Message, terms.Costs.Expenses);
        }
        notes.Add($"The transfer restrictions of the agreement do not apply to the Sale: every leg is authorised by drag-along process '{p.Id}' ({terms.TransferRestrictionsDisapply}).");
        notes.AddRange(distribution.Notes);
        if (signed.Preferential && terms.PreferentialSale is { } ps)
            notes.Add($"A Preferential Sale to {buyer}: it keeps its own shares, and the sale does not trigger and is not deemed a Deemed Liquidation Event ({ps.NotADeemedLiquidationEvent}).");
        foreach (var poa in p.PowersOfAttorney) notes.Add($"{poa.HolderId} failed to act; {poa.Director} executed for it under the irrevocable power of attorney ({poa.Citation}).");
        foreach (var s in p.Suspensions) notes.Add($"{s.HolderId} keeps its shares: {s.Reason} ({s.Citation}).");
        var dle = terms.Distribution.DeemedLiquidationEvent && !signed.Preferential;
        events.Add(new DragSaleClosed(p.Id, buyer, legs, distribution, costs, dle, notes,
            [terms.Distribution.Citation, terms.SameTerms, terms.TransferRestrictionsDisapply, terms.Costs.Expenses, terms.Costs.Indemnities], c.At) { EffectiveOn = c.EffectiveOn });
        return Decision.Accept(events);
    }

    internal static Decision Refuse(string what, IReadOnlyList<Rejection> problem) =>
        Decision.Reject(problem.Select(x => x with { Message = $"Closing cannot record {what}: {x.Message}" }).ToList());

    internal static bool Apply(Decision d, RegisterTimeline scratch, List<LedgerEvent> events, ref long sequence, out IReadOnlyList<Rejection>? problem)
    {
        if (d is Decision.Rejected r)
        {
            problem = r.Reasons;
            return false;
        }
        foreach (var e in ((Decision.Accepted)d).Events)
        {
            scratch.Add(++sequence, e);
            events.Add(e);
        }
        problem = null;
        return true;
    }
}
