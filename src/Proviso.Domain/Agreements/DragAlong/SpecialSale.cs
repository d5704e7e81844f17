using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// The Special Sale in the Release Period and what binds the successor. ROFR s.4.6: in the Release Period "Main Access or
/// PAC or Tencent or New Oriental or CVC is entitled to execute a Decisive Agreement with any Person … to sell part or all
/// of its Equity Securities …, provided that the … Successor … shall agree to be fully bound by and comply with any terms
/// or conditions and enjoy the rights, as if it were Main Access or PAC or Tencent or New Oriental or CVC". s.4.9: if
/// executed within the Release Period but "not consummated within the Release Period, the … Successor will immediately be
/// subject to the … Terms … upon the expiry of the Release Period". s.4.10: if "consummated within the Release Period, the
/// Release Period will be immediately expired and the … Successor will immediately be subject to the … Terms … upon the
/// consummation of the Special Sale". The parties are terms (named parties), never names in code.
/// <para>Interpretation: the Decisive Agreement must be executed strictly within the Release Period; consummation may
/// follow it (s.4.9 contemplates that). The legs are register transfers authorised by the process (s.4.5: a Special Sale
/// is a "Sale"). A successor is bound "as if it were" the named holder: the report names it with the holder's
/// drag-along position from the instant it is bound.</para>
/// </summary>
public static class SpecialSale
{
    public static Decision Sign(Agreement a, DragAlongTerms terms, RegisterTimeline timeline, BusinessCalendar calendar, DragAlongProcess p, SignSpecialSale s)
    {
        if (terms.Restriction is not { } rt) return Decision.Reject("drag.no-release-period", $"Agreement '{a.Id}' has no Release Period.");
        if (!rt.SpecialSaleParties.Contains(s.Party, StringComparer.Ordinal))
            return Decision.Reject("drag.not-a-special-sale-party", $"Only {string.Join(", ", rt.SpecialSaleParties)} may make a Special Sale; not '{s.Party}'.", rt.ReleaseCitation);
        var phase = p.PhaseAt(terms, calendar, s.At);
        if (phase != PeriodPhase.Release)
            return Decision.Reject("drag.not-in-release-period", phase switch
            {
                PeriodPhase.Restriction => $"The Restriction Period of '{p.Id}' is still running: {p.RestrictionPeriod(terms, calendar)!.Explanation}.",
                PeriodPhase.Signed => $"A Decisive Agreement was executed within the Restriction Period of '{p.Id}': there is no Release Period.",
                PeriodPhase.AfterRelease => $"The Release Period of '{p.Id}' ended at {DragObligations.Moment(p.ReleaseEndsAt(terms, calendar)!.Value, terms.Zone)}.",
                _ => $"Process '{p.Id}' has no Release Period running.",
            }, rt.ReleaseCitation);
        if (p.SpecialSales.Any(x => x.SaleId == s.SaleId)) return Decision.Reject("drag.duplicate-sale", $"There is already a Special Sale '{s.SaleId}'.");
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(s.SuccessorTimeZone) is null) return Decision.Reject("drag.unknown-time-zone", $"'{s.SuccessorTimeZone}' is not an IANA time zone.");
        var seller = a.HolderOf(s.Party);
        if (seller == s.SuccessorId) return Decision.Reject("drag.same-holder", "A holder cannot sell to itself.");
        if (s.Shares.Count == 0 || s.Shares.Any(x => !x.Shares.IsPositive)) return Decision.Reject("drag.quantity-positive", "Name at least one class and a positive number of shares.");
        var r = timeline.AsOf(s.EffectiveOn);
        foreach (var g in s.Shares.GroupBy(x => x.ClassId, StringComparer.Ordinal))
        {
            var held = r.SharesOf(seller, g.Key);
            var committed = ShareCount.Sum(p.SpecialSales.Where(x => x.SellerId == seller && p.SpecialConsummations.All(c => c.SaleId != x.SaleId))
                .SelectMany(x => x.Shares).Where(x => x.ClassId == g.Key).Select(x => x.Shares));
            var wanted = ShareCount.Sum(g.Select(x => x.Shares));
            if (wanted + committed > held)
                return Decision.Reject("drag.insufficient-shares", $"{seller} holds {held} {g.Key}" + (committed.IsPositive ? $" ({committed} already under another Special Sale)" : "") + $"; it cannot sell {wanted}.", rt.ReleaseCitation);
        }
        return Decision.Accept(new SpecialSaleAgreed(p.Id, s.SaleId, s.Party, seller, s.SuccessorId, s.SuccessorName, s.SuccessorTimeZone, s.Shares.ToList(), s.At) { EffectiveOn = s.EffectiveOn });
    }

    public static Decision Close(Agreement a, DragAlongTerms terms, RegisterTimeline timeline, BusinessCalendar calendar, DragAlongProcess p, CloseSpecialSale c)
    {
        if (terms.Restriction is not { } rt) return Decision.Reject("drag.no-release-period", $"Agreement '{a.Id}' has no Release Period.");
        var sale = p.SpecialSales.FirstOrDefault(x => x.SaleId == c.SaleId);
        if (sale is null) return Decision.Reject("drag.unknown-sale", $"There is no Special Sale '{c.SaleId}'.");
        if (p.SpecialConsummations.Any(x => x.SaleId == c.SaleId)) return Decision.Reject("drag.sale-consummated", $"Special Sale '{c.SaleId}' was already consummated.");
        if (c.At < sale.At) return Decision.Reject("drag.before-agreement", "A Special Sale cannot be consummated before its Decisive Agreement.");
        var releaseEnds = p.ReleaseEndsAt(terms, calendar)!.Value;
        var within = c.At < releaseEnds;
        var scratch = timeline.Clone();
        var sequence = timeline.LastSequence;
        var events = new List<LedgerEvent>();
        if (!scratch.Latest.Holders.ContainsKey(sale.SuccessorId))
        {
            var register = new RegisterHolder(sale.SuccessorId, sale.SuccessorName, HolderKind.Entity, null, sale.SuccessorTimeZone, [], null, null,
                $"{sale.Party} Successor in drag-along {p.Id}") { EffectiveOn = c.EffectiveOn };
            if (!DragSaleClosing.Apply(RegisterDecider.Decide(scratch, register), scratch, events, ref sequence, out var problem)) return DragSaleClosing.Refuse("the successor's entry", problem!);
        }
        foreach (var leg in sale.Shares)
        {
            var transfer = new TransferShares(sale.SellerId, sale.SuccessorId, leg.ClassId, leg.Shares, null, $"Special Sale {sale.SaleId} in drag-along {p.Id}", p.Id) { EffectiveOn = c.EffectiveOn };
            if (!DragSaleClosing.Apply(RegisterDecider.Decide(scratch, transfer), scratch, events, ref sequence, out var problem)) return DragSaleClosing.Refuse($"{sale.SellerId}'s {leg.ClassId}", problem!);
        }
        var boundFrom = within ? c.At : releaseEnds;
        var cite = within ? rt.ConsummatedInTime : rt.NotConsummatedInTime;
        var explanation = within
            ? $"Consummated within the Release Period: the Release Period expires now and {sale.SuccessorId} is subject to the terms applicable to {sale.Party} from {DragObligations.Moment(c.At, terms.Zone)}, and to any new Drag-Along Notice"
            : $"Executed within the Release Period but consummated after it: {sale.SuccessorId} has been subject to the terms applicable to {sale.Party} since the Release Period expired at {DragObligations.Moment(releaseEnds, terms.Zone)}, and is subject to any new Drag-Along Notice";
        events.Add(new SpecialSaleConsummated(p.Id, sale.SaleId, sale.Party, sale.SuccessorId, within, boundFrom, $"{explanation} ({rt.SuccessorTerms}; {cite}).", cite, c.At) { EffectiveOn = c.EffectiveOn });
        return Decision.Accept(events);
    }
}
