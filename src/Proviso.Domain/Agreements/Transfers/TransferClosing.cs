using NodaTime;
using Proviso.Domain.Agreements.CoSale;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Register.Events;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>
/// Closing: every leg of a transfer (first-refusal and over-allotment purchases, the company's purchase, special-option
/// assignments and repurchases, co-sales with any conversions, the Transferor's own sale) decided together and answered
/// with one list of events, so that they are recorded in one atomic append or not at all. ROFR s.2.2(iii): "The Company
/// will update its register of members upon the consummation of any such Transfer"; s.2.3(iv), (v); s.2.4(i).
/// <para>Interpretation: the closing may happen once every right that could still change the legs is settled: every
/// purchaser and co-seller has elected, waived, or let its period run out, and over-allotment is settled (the Extension
/// Period has ended, or every Investor that exercised in full has asked or waived, or nothing is left). A date the
/// parties agree prevails over the default date (s.2.2(iii) applies "if they cannot agree"). When the purchaser refuses
/// the co-sellers, the Transferor sells all the shares going to the third party and buys the co-sellers' entitlements
/// itself at the same price, simultaneously (s.2.3(v)). When the Transferor states no sale, only the first-refusal legs
/// close and the Transferor keeps the rest, to which the rights apply again on any later disposition (s.2.4(ii)).</para>
/// </summary>
public static class TransferClosing
{
    private sealed record PlannedLeg(ClosingLeg Leg, RegisterCommand? Command);

    public static Decision Decide(Agreement a, RegisterTimeline timeline, TransferBook book, TransferProcess p, CloseTransfer c)
    {
        var fr = a.Mechanism<FirstRefusalTerms>("firstRefusal");
        var restrictions = a.Mechanism<TransferRestrictionTerms>("transferRestrictions");
        if (restrictions?.LockUp is { } lockUp)
        {
            var r0 = timeline.AsOf(c.EffectiveOn);
            var locked = lockUp.Roles.Any(role => a.Roles.ContainsKey(role) && a.RoleNamed(role).Includes(a, r0, c.EffectiveOn, p.TransferorId));
            if (LockUp.Bars(lockUp, book.LockUpOf(a.Id), locked, c.EffectiveOn) is { } barred)
                return Decision.Accept(new TransferRefused(p.Id, a.Id, p.TransferorId, "closing", [barred], c.At) { EffectiveOn = c.EffectiveOn });
        }
        return p.Path switch
        {
            TransferPath.FirstRefusal => CloseFirstRefusal(a, fr!, timeline, p, c),
            TransferPath.Indirect => Decision.Accept(new TransferClosed(p.Id, [], "not applicable", [],
                ["an indirect transfer of a Holding Company's equity, approved under s.2.1(iii); the company's register does not change"], c.At) { EffectiveOn = c.EffectiveOn }),
            _ => CloseDirect(a, restrictions, timeline, p, c),
        };
    }

    private static Decision CloseDirect(Agreement a, TransferRestrictionTerms? restrictions, RegisterTimeline timeline, TransferProcess p, CloseTransfer c)
    {
        var joinderNeeded = p.Path == TransferPath.Permitted
            ? restrictions?.Permitted.Any(x => x.RequiresJoinder) ?? false
            : p.Path == TransferPath.Free && (restrictions?.Free?.JoinderRequired ?? false);
        var citation = p.Path == TransferPath.Permitted ? a.Cite("2.5") : restrictions?.Free?.Citation ?? a.Cite("2.6");
        if (joinderNeeded && (c.Sale?.JoinderSignedAt is not { } signed || signed > c.At))
            return Decision.Accept(new TransferRefused(p.Id, a.Id, p.TransferorId, "completion",
                [new Rejection("transfer.no-joinder", $"{p.Offer.TransfereeName} has not signed the joinder before completion; the transfer cannot be recognised.", citation)], c.At) { EffectiveOn = c.EffectiveOn });
        if (c.Sale is { } sale && sale.TransfereeId != p.Offer.TransfereeId)
            return Decision.Reject("transfer.other-transferee", $"Transfer '{p.Id}' was proposed to '{p.Offer.TransfereeId}', not '{sale.TransfereeId}'.", citation);
        var kind = p.Path switch { TransferPath.Permitted => LegKind.PermittedTransfer, TransferPath.Free => LegKind.FreeTransfer, _ => LegKind.ApprovedTransfer };
        var price = c.Sale?.PricePerShare ?? p.Offer.PricePerShare;
        var legs = new List<PlannedLeg> { Leg(kind, p.TransferorId, p.Offer.TransfereeId, p.Offer.ClassId, p.Offer.Shares, price, citation, p, c) };
        var notes = new List<string>();
        if (p.ContinuingLiability is { } liability) notes.Add(liability);
        return Record(a, timeline, p, c, legs, null, [], notes, "not applicable (no entitlements)");
    }

    private static Decision CloseFirstRefusal(Agreement a, FirstRefusalTerms fr, RegisterTimeline timeline, TransferProcess p, CloseTransfer c)
    {
        if (p.Notice is null) return Decision.Reject("closing.no-notice", "No Transfer Notice has been served; there is nothing to close.", fr.Citation);
        var calendar = TransferProcess.CalendarOf(a);
        var cs = a.Mechanism<CoSaleTerms>("coSale");
        if (p.Offer.IsNonCash && p.Valuation is null)
            return Decision.Reject("closing.not-valued", "The consideration is property other than cash and its cash value has not been determined.", fr.NonCash?.Citation ?? fr.Citation);

        var open = OpenRights(a, fr, cs, timeline, p, calendar, c.At).ToList();
        if (open.Count > 0) return Decision.Reject("closing.rights-open", "The closing must wait for rights that can still change it: " + string.Join("; ", open) + ".", fr.Citation);

        var price = p.Valuation?.CashPerShare ?? p.Offer.PricePerShare;
        var legs = new List<PlannedLeg>();
        var ambiguities = p.Entitlements.Values.SelectMany(t => t.Ambiguities).ToList();
        var notes = new List<string>();
        if (p.Offer.IsNonCash) notes.Add($"The purchasers pay the cash equivalent of '{p.Offer.NonCashConsideration}': {price} per share ({p.Valuation!.Method}).");
        if (p.Valuation is { AppraisalCost: { } cost } v && fr.NonCash is { } nc)
        {
            var exercising = p.Elections.Select(e => e.HolderId).Distinct().Order(StringComparer.Ordinal).ToList();
            ambiguities.Add(AppraisalCost.Split(nc, cost, p.TransferorId, exercising).Reading);
            notes.Add($"Appraisal cost {cost}: " + string.Join(", ", v.CostShares.Select(s => $"{s.PartyId} {s.Amount}")));
        }

        // Purchases by stage; the special options take part of their holder's purchase.
        var purchases = new Dictionary<string, ShareCount>(StringComparer.Ordinal);
        foreach (var e in p.Elections)
        {
            var stage = fr.Stage(e.StageId);
            purchases[e.HolderId] = (purchases.TryGetValue(e.HolderId, out var x) ? x : ShareCount.Zero) + e.Shares;
            if (e.HolderId == a.CompanyId)
            {
                legs.Add(Leg(LegKind.CompanyPurchase, p.TransferorId, a.CompanyId, p.Offer.ClassId, e.Shares, price, stage.Citation, p, c));
                continue;
            }
            var targets = e.Apportion.Count > 0 ? e.Apportion : [new Apportionment(e.HolderId, e.Shares)];
            foreach (var t in targets) legs.Add(Leg(LegKind.FirstRefusalPurchase, p.TransferorId, t.HolderId, p.Offer.ClassId, t.Shares, price, stage.Citation, p, c));
        }

        OverAllotmentAllocated? allocated = null;
        var lastWithOa = fr.Stages.LastOrDefault(s => s.OverAllotment is not null && p.Entitlements.ContainsKey(s.Id));
        if (lastWithOa is { OverAllotment: { } oa })
        {
            var table = p.Entitlements[lastWithOa.Id];
            var pool = table.Offered - p.ElectedIn(lastWithOa.Id);
            var claims = p.OverAllotmentRequests.Where(r => r.StageId == lastWithOa.Id && !p.HasWaived(r.HolderId, WaivedRight.OverAllotment))
                .OrderBy(r => r.HolderId, StringComparer.Ordinal)
                .Select(r => new OverAllotmentClaim(r.HolderId, r.Shares, oa.Basis == OverAllotmentBasis.ProRataFractions
                    ? table.For(r.HolderId)!.FractionApplied
                    : p.ElectionOf(lastWithOa.Id, r.HolderId)!.Shares.ToFraction()))
                .ToList();
            if (pool.IsPositive && claims.Count > 0)
            {
                var result = OverAllotment.Allocate(pool, claims, oa.Basis, oa.Citation);
                allocated = new OverAllotmentAllocated(p.Id, lastWithOa.Id, result, c.At) { EffectiveOn = c.EffectiveOn };
                foreach (var g in result.Allocations.Where(g => g.Shares.IsPositive))
                {
                    purchases[g.HolderId] = (purchases.TryGetValue(g.HolderId, out var x) ? x : ShareCount.Zero) + g.Shares;
                    legs.Add(Leg(LegKind.OverAllotmentPurchase, p.TransferorId, g.HolderId, p.Offer.ClassId, g.Shares, price, oa.Citation, p, c));
                }
            }
        }

        foreach (var x in p.SpecialOptions)
        {
            var so = fr.SpecialOptions!;
            var have = purchases.TryGetValue(x.HolderId, out var h) ? h : ShareCount.Zero;
            var take = ShareCount.Min(have, x.Shares);
            if (!take.IsPositive) continue;
            purchases[x.HolderId] = have - take;
            Reduce(legs, x.HolderId, take);
            legs.Add(x.Option == SpecialOption.Assign
                ? Leg(LegKind.SpecialOptionAssignee, p.TransferorId, x.AssigneeId!, p.Offer.ClassId, take, price, so.Citation, p, c)
                : Leg(LegKind.SpecialOptionCompanyRepurchase, p.TransferorId, a.CompanyId, p.Offer.ClassId, take, price, so.Citation, p, c));
        }

        var purchased = ShareCount.Sum(legs.Select(l => l.Leg.Shares));
        var toThirdParty = p.Offer.Shares - purchased;
        if (toThirdParty.IsNegative) throw new InvalidOperationException($"closing of '{p.Id}' allocates {purchased} of {p.Offer.Shares} Offered Shares");

        if (toThirdParty.IsPositive && c.Sale is { } sale)
        {
            var window = NonExerciseWindow.Window(a, fr, p, calendar);
            var voidReasons = NonExerciseWindow.Check(fr, p, sale, c.At, window);
            if (voidReasons.Count > 0)
                return Decision.Accept(new TransferRefused(p.Id, a.Id, p.TransferorId, "sale to the third party", voidReasons, c.At) { EffectiveOn = c.EffectiveOn });
            var salePrice = sale.PricePerShare ?? price;
            var transferorSells = toThirdParty;
            var coSellers = cs is null ? [] : p.CoSales.Where(x => !p.HasWaived(x.HolderId, WaivedRight.CoSale)).OrderBy(x => x.HolderId, StringComparer.Ordinal).ToList();
            if (cs is not null && coSellers.Count > 0)
            {
                var noticeRegister = timeline.AsOf(p.Notice.EffectiveOn);
                var coTable = CoSaleEntitlement.Compute(cs, noticeRegister, p.Notice.EffectiveOn, p.TransferorId, toThirdParty,
                    coSellers.Select(x => (x.HolderId, x.ClassId, x.Shares)).ToList(), fr.Rounding);
                var refused = p.Stances.Contains(PurchaserStance.RefusesCoSellers);
                var objects = p.Stances.Contains(PurchaserStance.ObjectsToEquivalents);
                foreach (var s in coTable.Shares.Where(s => s.Delivered.IsPositive))
                {
                    if (refused)
                    {
                        legs.Add(Leg(LegKind.CoSaleBoughtByTransferor, s.HolderId, p.TransferorId, s.ClassId, s.Delivered, salePrice, cs.PurchaserRefusalCitation, p, c));
                        continue;
                    }
                    var cls = noticeRegister.Classes[s.ClassId];
                    if (objects && cls.Kind == ClassKind.Preferred && cls.ConvertsInto is { } ordinary)
                    {
                        var converted = WholeShareRounding.Floor(s.Delivered.ToFraction() * s.RatioToOrdinary);
                        legs.Add(new PlannedLeg(new ClosingLeg(LegKind.CoSaleConversion, s.HolderId, s.HolderId, s.ClassId, s.Delivered, null, cs.ConversionCitation),
                            new ConvertShares(s.HolderId, s.ClassId, s.Delivered) { EffectiveOn = c.EffectiveOn }));
                        legs.Add(Leg(LegKind.CoSale, s.HolderId, p.Offer.TransfereeId, ordinary, converted, salePrice, cs.ConversionCitation, p, c));
                    }
                    else
                    {
                        legs.Add(Leg(LegKind.CoSale, s.HolderId, p.Offer.TransfereeId, s.ClassId, s.Delivered, salePrice, cs.EntitlementCitation, p, c));
                    }
                }
                if (!refused)
                {
                    var equivalents = coTable.EquivalentsDelivered;
                    if (equivalents > toThirdParty) throw new InvalidOperationException("co-sale entitlements exceed the shares going to the third party");
                    transferorSells = toThirdParty - equivalents;
                }
                notes.Add(refused
                    ? $"The purchaser refused the co-sellers: the Transferor buys their entitlements itself at {salePrice} per share and sells all {toThirdParty} shares ({cs.PurchaserRefusalCitation})."
                    : $"Co-sale on {toThirdParty} shares going to the third party; the Transferor's own sale is cut to {transferorSells} ({cs.EntitlementCitation}).");
                notes.AddRange(coTable.Shares.Select(s => $"co-sale {s.HolderId}: entitlement {s.Exact} = {s.WholeEquivalents} Ordinary Share equivalents (numerator {s.Numerator} over {s.Denominator}), asked {s.Requested}, delivers {s.Delivered} {s.ClassId}"));
            }
            if (transferorSells.IsPositive)
                legs.Add(Leg(LegKind.ThirdPartySale, p.TransferorId, p.Offer.TransfereeId, p.Offer.ClassId, transferorSells, salePrice, fr.SaleWindow.Citation, p, c));
        }
        else if (toThirdParty.IsPositive)
        {
            notes.Add($"The Transferor sells no shares to the third party and keeps {toThirdParty}; first refusal and co-sale apply again to any later disposition of them ({fr.SaleWindow.RevivalCitation}).");
        }
        return Record(a, timeline, p, c, legs, allocated, ambiguities, notes, WholeShareRounding.Describe(fr.Rounding));
    }

    /// <summary>The rights that could still change the closing at <paramref name="at"/>, described.</summary>
    public static IEnumerable<string> OpenRights(Agreement a, FirstRefusalTerms fr, CoSaleTerms? cs, RegisterTimeline timeline, TransferProcess p, Time.BusinessCalendar calendar, Instant at)
    {
        foreach (var stage in fr.Stages)
        {
            if (!p.Entitlements.TryGetValue(stage.Id, out var table))
            {
                if (stage.Trigger == StageTrigger.SecondaryNotice && p.OfferedFor(fr, stage.Id).IsPositive && p.Entitlements.ContainsKey(fr.Stages[0].Id))
                    yield return $"stage '{stage.Id}' ({stage.Name}) has not been offered the {p.OfferedFor(fr, stage.Id)} shares left";
                continue;
            }
            foreach (var h in TransferDecider.Undecided(p, stage, table, calendar, at))
                yield return $"{h} may still elect in stage '{stage.Id}'";
            if (stage.OverAllotment is { } oa)
            {
                var pool = table.Offered - p.ElectedIn(stage.Id);
                var purchasers = table.Shares.Select(s => s.HolderId).ToHashSet(StringComparer.Ordinal);
                var end = OptionPeriod.End(stage, p.StageReceipts[stage.Id].Where(r => purchasers.Contains(r.RecipientId)), calendar);
                var pending = p.Elections.Where(e => e.StageId == stage.Id && e.InFull && !p.HasWaived(e.HolderId, WaivedRight.OverAllotment)
                                                     && !p.OverAllotmentRequests.Any(r => r.StageId == stage.Id && r.HolderId == e.HolderId)).Select(e => e.HolderId).ToList();
                if (pool.IsPositive && pending.Count > 0 && end is not null && ExtensionPeriod.For(oa, end, calendar) is { } ext && ext.IsInTime(at))
                    yield return $"{string.Join(", ", pending)} may still ask for the {pool} unsubscribed shares until {ext.DueDate:yyyy-MM-dd} ({oa.PeriodName})";
            }
        }
        if (cs is not null && p.StageReceipts.TryGetValue(cs.PeriodStage, out var receipts))
        {
            var register = timeline.AsOf(p.Notice!.EffectiveOn);
            foreach (var r in receipts)
            {
                if (r.RecipientId == a.CompanyId || r.RecipientId == p.TransferorId) continue;
                if (!a.RoleNamed(cs.EligibleRole).Includes(a, register, p.Notice.EffectiveOn, r.RecipientId)) continue;
                if (p.CoSales.Any(x => x.HolderId == r.RecipientId) || p.HasWaived(r.RecipientId, WaivedRight.CoSale) || p.Elections.Any(e => e.HolderId == r.RecipientId && e.InFull)) continue;
                if (TransferProcess.CoSalePeriod(cs, r, calendar).IsInTime(at)) yield return $"{r.RecipientId} may still elect to co-sell";
            }
        }
    }

    private static void Reduce(List<PlannedLeg> legs, string holderId, ShareCount shares)
    {
        var left = shares;
        for (var i = legs.Count - 1; i >= 0 && left.IsPositive; i--)
        {
            var l = legs[i];
            if (l.Leg.ToHolderId != holderId || l.Leg.Kind is not (LegKind.FirstRefusalPurchase or LegKind.OverAllotmentPurchase)) continue;
            var cut = ShareCount.Min(left, l.Leg.Shares);
            left -= cut;
            var rest = l.Leg.Shares - cut;
            if (rest.IsPositive)
                legs[i] = l with { Leg = l.Leg with { Shares = rest }, Command = ((TransferShares)l.Command!) with { Shares = rest } };
            else
                legs.RemoveAt(i);
        }
    }

    private static PlannedLeg Leg(LegKind kind, string from, string to, string classId, ShareCount shares, Money? price, Citation citation, TransferProcess p, CloseTransfer c)
    {
        Money? consideration = price is { } pr ? new Money(pr.Amount * shares.Value, pr.Currency) : null;
        RegisterCommand command = kind is LegKind.CompanyPurchase or LegKind.SpecialOptionCompanyRepurchase
            ? new RepurchaseShares(from, classId, shares, consideration) { EffectiveOn = c.EffectiveOn }
            : new TransferShares(from, to, classId, shares, consideration, $"transfer {p.Id}: {kind}", p.Id) { EffectiveOn = c.EffectiveOn };
        return new PlannedLeg(new ClosingLeg(kind, from, to, classId, shares, price, citation), command);
    }

    private static Decision Record(Agreement a, RegisterTimeline timeline, TransferProcess p, CloseTransfer c, List<PlannedLeg> legs, OverAllotmentAllocated? allocated,
        IReadOnlyList<Ambiguity> ambiguities, List<string> notes, string rounding)
    {
        // A clone, not a replay of Events: those are in effective-date order, whose sequence numbers need not increase
        // (a register entry effective later may have been recorded earlier).
        var scratch = timeline.Clone();
        var sequence = timeline.LastSequence;
        var events = new List<LedgerEvent>();
        if (allocated is not null) events.Add(allocated);
        var transferees = legs.Select(l => l.Leg.ToHolderId).Where(h => h != a.CompanyId).Distinct().ToList();
        foreach (var h in transferees.Where(h => !scratch.Latest.Holders.ContainsKey(h)))
        {
            if (h != p.Offer.TransfereeId) return Decision.Reject("closing.unknown-holder", $"'{h}' is not on the register.");
            var register = new RegisterHolder(h, p.Offer.TransfereeName, HolderKind.Entity, null, p.Offer.TransfereeTimeZone,
                p.Offer.TransfereeAddress is { } addr ? [new NoticeAddress("courier", addr)] : [], null, null, $"transferee in transfer {p.Id}") { EffectiveOn = c.EffectiveOn };
            if (!Apply(RegisterDecider.Decide(scratch, register), scratch, events, ref sequence, out var problem)) return Refuse("the transferee's entry", problem!);
        }
        var recorded = new List<ClosingLeg>();
        foreach (var leg in legs)
        {
            if (leg.Command is null) { recorded.Add(leg.Leg); continue; }
            if (leg.Command is TransferShares t && leg.Leg.Kind == LegKind.CoSale && events.LastOrDefault() is SharesConverted converted && converted.HolderId == t.FromHolderId && converted.ToClassId == t.ClassId)
            {
                var adjusted = t with { Shares = converted.SharesIssued };
                if (!Apply(RegisterDecider.Decide(scratch, adjusted), scratch, events, ref sequence, out var p1)) return Refuse(Describe(leg.Leg), p1!);
                recorded.Add(leg.Leg with { Shares = converted.SharesIssued });
                continue;
            }
            if (!Apply(RegisterDecider.Decide(scratch, leg.Command), scratch, events, ref sequence, out var p2)) return Refuse(Describe(leg.Leg), p2!);
            recorded.Add(leg.Leg);
        }
        events.Add(new TransferClosed(p.Id, recorded, rounding, ambiguities, notes, c.At) { EffectiveOn = c.EffectiveOn });
        return Decision.Accept(events);
    }

    private static bool Apply(Decision d, RegisterTimeline scratch, List<LedgerEvent> events, ref long sequence, out IReadOnlyList<Rejection>? problem)
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

    private static Decision Refuse(string what, IReadOnlyList<Rejection> reasons) =>
        Decision.Reject(reasons.Select(r => r with { RuleId = "closing." + r.RuleId, Message = $"Closing refused, nothing recorded: {what}: {r.Message}" }).ToList());

    private static string Describe(ClosingLeg l) => $"{l.Kind} of {l.Shares} {l.ClassId} from {l.FromHolderId} to {l.ToHolderId}";
}
