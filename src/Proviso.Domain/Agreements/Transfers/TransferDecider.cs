using NodaTime;
using Proviso.Domain.Agreements.CoSale;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>
/// Decide for transfer processes: each command is checked against the agreement, the register and the process state
/// folded from the ledger, and answered with past-tense events or the rules that refuse it. A refused command records
/// nothing. A transfer attempt that breaks the agreement is different: it is accepted as a recorded, void
/// <see cref="TransferRefused"/> (s.2.1(ii)) and never reaches the register. Rule ids are stable ("first-refusal.…").
/// </summary>
public static class TransferDecider
{
    /// <summary>The decision for <paramref name="command"/>; the agreement is the one the process (or command) names.</summary>
    public static Decision Decide(Agreement agreement, RegisterTimeline timeline, object command) =>
        Decide(agreement, timeline, TransferBook.From(timeline.ProcessEvents.Select(x => x.Event)), command);

    /// <summary>
    /// The decision for <paramref name="command"/> with the processes given: <paramref name="book"/> must be the book of
    /// the company's process events (as <see cref="TransferBook.From"/> folds them), kept by a caller that does not want
    /// them folded again for every command. Of <paramref name="timeline"/>, only the register as of a date is read,
    /// except for a <see cref="CloseTransfer"/>, which clones it to decide the closing's register entries (whose dates are
    /// checked against every entry recorded, so it must then be the whole timeline); its process events are not read.
    /// </summary>
    public static Decision Decide(Agreement agreement, RegisterTimeline timeline, TransferBook book, object command)
    {
        try
        {
            return command switch
            {
                RecordLockUp c => DecideLockUp(agreement, c),
                ProposeTransfer c => Propose(agreement, timeline, book, c),
                TransferCommand c => OnProcess(agreement, timeline, book, c),
                _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "not a transfer command"),
            };
        }
        catch (OverflowException)
        {
            return Decision.Reject("transfer.overflow", "The quantities involved exceed what the register can hold.");
        }
    }

    private static Decision DecideLockUp(Agreement a, RecordLockUp c)
    {
        if (a.Mechanism<TransferRestrictionTerms>("transferRestrictions")?.LockUp is not { } terms)
            return Decision.Reject("lock-up.no-terms", $"Agreement '{a.Id}' has no lock-up in its transfer restrictions.");
        if (LockUp.CheckRecord(terms, c.ProspectusDate, c.EndsOn) is { } problem) return Decision.Reject([problem]);
        return Decision.Accept(new LockUpRecorded(a.Id, c.ProspectusDate, c.EndsOn) { EffectiveOn = c.EffectiveOn });
    }

    private static Decision Propose(Agreement a, RegisterTimeline timeline, TransferBook book, ProposeTransfer c)
    {
        if (string.IsNullOrWhiteSpace(c.ProcessId)) return Decision.Reject("transfer.process-id", "A transfer process needs an id.");
        if (book.Find(c.ProcessId) is not null) return Decision.Reject("transfer.duplicate-process", $"There is already a transfer process '{c.ProcessId}'.");
        var r = timeline.AsOf(c.EffectiveOn);
        var o = c.Offer;
        if (!r.Holders.ContainsKey(c.TransferorId)) return Decision.Reject("transfer.unknown-transferor", $"There is no holder '{c.TransferorId}' on the register on {c.EffectiveOn:yyyy-MM-dd}.");
        if (!r.Classes.ContainsKey(o.ClassId)) return Decision.Reject("transfer.unknown-class", $"There is no class '{o.ClassId}' on the register.");
        if (!o.Shares.IsPositive) return Decision.Reject("transfer.quantity-positive", $"The Offered Shares must be a positive number, not {o.Shares.Value}.");
        if (o.PricePerShare is null && o.NonCashConsideration is null) return Decision.Reject("transfer.no-consideration", "The offer states no consideration: give a cash price per share or describe the property.");
        if (c.TransferorId == o.TransfereeId) return Decision.Reject("transfer.same-holder", "A holder cannot transfer shares to itself.");
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(o.TransfereeTimeZone) is null) return Decision.Reject("transfer.unknown-time-zone", $"'{o.TransfereeTimeZone}' is not an IANA time zone.");
        if (c.IndirectThrough is null)
        {
            var held = r.SharesOf(c.TransferorId, o.ClassId);
            var committed = book.Committed(c.TransferorId, o.ClassId);
            if (o.Shares + committed > held)
                return Decision.Reject("transfer.insufficient-shares", $"'{c.TransferorId}' holds {held} {o.ClassId} shares on {c.EffectiveOn:yyyy-MM-dd}"
                    + (committed.IsPositive ? $", {committed} of them already offered in open processes," : "") + $" so cannot offer {o.Shares}.");
        }
        var permission = TransferPermission.Evaluate(a, r, book, c);
        if (!permission.Allowed)
            return Decision.Accept(new TransferRefused(c.ProcessId, a.Id, c.TransferorId, "proposal", permission.VoidReasons, c.At) { EffectiveOn = c.EffectiveOn });
        if (permission.Path == TransferPath.FirstRefusal)
        {
            if (a.Mechanism<FirstRefusalTerms>("firstRefusal") is not { } fr) return Decision.Reject("first-refusal.no-terms", $"Agreement '{a.Id}' has no first-refusal terms.");
            if (o.IsNonCash && fr.NonCash is null) return Decision.Reject("first-refusal.non-cash", "The consideration is not cash and the terms provide no valuation of property.", fr.Citation);
        }
        return Decision.Accept(new TransferProposed(c.ProcessId, a.Id, c.TransferorId, o, permission.Path, permission.Conditions,
            permission.ContinuingLiability, permission.Citations, c.At) { EffectiveOn = c.EffectiveOn });
    }

    private static Decision OnProcess(Agreement a, RegisterTimeline timeline, TransferBook book, TransferCommand c)
    {
        if (book.Find(c.ProcessId) is not { } p) return Decision.Reject("transfer.unknown-process", $"There is no transfer process '{c.ProcessId}'.");
        if (p.Status == TransferStatus.Void) return Decision.Reject("transfer.void", $"Transfer process '{p.Id}' was refused as void; nothing further can happen in it.", a.Cite("2.1(ii)"));
        if (p.Status == TransferStatus.Closed) return Decision.Reject("transfer.closed", $"Transfer process '{p.Id}' is closed.");
        if (p.Status == TransferStatus.Lapsed) return Decision.Reject("transfer.lapsed", $"The sale window of '{p.Id}' has lapsed and the rights revived; a later sale needs a new Transfer Notice.", p.Revived?.Citation);
        if (c is CloseTransfer close) return TransferClosing.Decide(a, timeline, book, p, close);
        if (c is LapseSaleWindow lapse) return Lapse(a, p, lapse);
        if (p.Path != TransferPath.FirstRefusal)
            return Decision.Reject("transfer.no-rights", $"Transfer '{p.Id}' proceeds as {p.Path}: there is no Transfer Notice, first refusal or co-sale in it; close it to complete.");
        var fr = a.Mechanism<FirstRefusalTerms>("firstRefusal")!;
        var calendar = TransferProcess.CalendarOf(a);
        return c switch
        {
            GiveTransferNotice n => Notice(a, timeline, fr, calendar, p, n),
            GiveSecondaryNotice s => SecondaryNotice(a, timeline, fr, calendar, p, s),
            ElectFirstRefusal e => Elect(a, timeline, fr, calendar, p, e),
            WaiveRights w => Waive(a, fr, p, w),
            ElectCoSale s => CoSaleElect(a, timeline, calendar, p, s),
            RequestOverAllotment o => RequestMore(fr, calendar, p, o),
            RecordValuation v => Value(a, fr, calendar, p, v),
            RecordPurchaserStance s => p.Notice is null
                ? Decision.Reject("first-refusal.no-notice", "No Transfer Notice has been served.", fr.Citation)
                : Decision.Accept(new PurchaserStanceRecorded(p.Id, s.Stance, s.At) { EffectiveOn = s.EffectiveOn }),
            ExerciseSpecialOption x => Special(a, timeline, fr, p, x),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.GetType().Name, "unknown transfer command"),
        };
    }

    private static Decision Notice(Agreement a, RegisterTimeline timeline, FirstRefusalTerms fr, Time.BusinessCalendar calendar, TransferProcess p, GiveTransferNotice n)
    {
        if (p.Notice is not null) return Decision.Reject("first-refusal.notice-already-served", $"The Transfer Notice of '{p.Id}' was served on {p.Notice.EffectiveOn:yyyy-MM-dd}.", fr.Citation);
        var missing = TransferNoticeContent.Missing(fr, n.Includes);
        if (missing.Count > 0)
            return Decision.Reject(missing.Select(m => new Rejection("first-refusal.notice-incomplete", $"The Transfer Notice is not effective: it does not include {m.Description}.", m.Citation)).ToList());
        if (a.Mechanism<NoticeTerms>("notices") is not { } notices) return Decision.Reject("notices.no-terms", $"Agreement '{a.Id}' has no notice terms, so receipt cannot be decided.");
        var r = timeline.AsOf(n.EffectiveOn);
        var required = new SortedSet<string>(StringComparer.Ordinal);
        if (fr.NoticeToCompany) required.Add(a.CompanyId);
        foreach (var role in fr.NoticeRecipientRoles)
            foreach (var h in a.RoleNamed(role).Resolve(a, r, n.EffectiveOn)) if (h != p.TransferorId) required.Add(h);
        var given = n.Deliveries.Select(d => d.RecipientId).ToHashSet(StringComparer.Ordinal);
        var absent = required.Where(x => !given.Contains(x)).ToList();
        if (absent.Count > 0)
            return Decision.Reject("first-refusal.notice-recipients", $"The Transfer Notice must be given to the Company and the Investors; it was not given to: {string.Join(", ", absent)}.", fr.Citation);
        var (receipts, problems) = Receipts(a, notices, calendar, r, n.Deliveries);
        if (problems.Count > 0) return Decision.Reject(problems);
        var stage = fr.Stages[0];
        var table = Table(a, r, fr, stage, p, n.EffectiveOn, p.Offer.Shares);
        return Decision.Accept(new TransferNoticeServed(p.Id, n.Includes.Distinct().ToList(), receipts, table, n.At) { EffectiveOn = n.EffectiveOn });
    }

    private static (IReadOnlyList<ReceiptRecord>, IReadOnlyList<Rejection>) Receipts(Agreement a, NoticeTerms notices, Time.BusinessCalendar calendar, Register.Register r, IReadOnlyList<NoticeDelivery> deliveries)
    {
        var receipts = new List<ReceiptRecord>();
        var problems = new List<Rejection>();
        foreach (var d in deliveries)
        {
            var (receipt, problem) = NoticeReceipt.Deem(a, notices, calendar, r, d);
            if (receipt is not null) receipts.Add(receipt);
            else problems.Add(new Rejection("notices.receipt", problem ?? "receipt cannot be decided", notices.Citation));
        }
        return (receipts, problems);
    }

    /// <summary>The purchasers of a stage on the date: the company alone, or the role's members other than the Transferor.</summary>
    public static IReadOnlyList<string> Purchasers(Agreement a, Register.Register r, RefusalStage stage, string transferorId, LocalDate on) =>
        stage.CompanyPurchases ? [a.CompanyId]
        : a.RoleNamed(stage.PurchaserRole!).Resolve(a, r, on).Where(h => h != transferorId).ToList();

    private static ProRataTable Table(Agreement a, Register.Register r, FirstRefusalTerms fr, RefusalStage stage, TransferProcess p, LocalDate on, ShareCount offered)
    {
        var purchasers = Purchasers(a, r, stage, p.TransferorId, on);
        if (stage.ProRata is { } terms)
            return ProRataEntitlement.Compute(a, r, on, stage.Id, p.TransferorId, purchasers, offered, terms, fr.Rounding);
        var each = purchasers.Count == 0 ? Fraction.Zero : Fraction.Create(1, purchasers.Count);
        var shares = purchasers.Select(h => new ProRataShare(h, Fraction.One, Fraction.Of(purchasers.Count), each, each, offered.ToFraction() * each, WholeShareRounding.Floor(offered.ToFraction() * each))).ToList();
        return new ProRataTable(stage.Id, on, offered, shares, Fraction.Of(purchasers.Count), Fraction.One, FractionsAboveOne.Normalise, fr.Rounding,
            WholeShareRounding.Describe(fr.Rounding), offered - ShareCount.Sum(shares.Select(s => s.Whole)), [], stage.Citation);
    }

    private static Decision SecondaryNotice(Agreement a, RegisterTimeline timeline, FirstRefusalTerms fr, Time.BusinessCalendar calendar, TransferProcess p, GiveSecondaryNotice s)
    {
        if (p.Notice is null) return Decision.Reject("first-refusal.no-notice", "No Transfer Notice has been served.", fr.Citation);
        var index = fr.Stages.ToList().FindIndex(x => x.Id == s.StageId);
        if (index < 0) return Decision.Reject("first-refusal.unknown-stage", $"First refusal has no stage '{s.StageId}' (stages: {string.Join(", ", fr.Stages.Select(x => x.Id))}).", fr.Citation);
        var stage = fr.Stages[index];
        if (stage.Trigger != StageTrigger.SecondaryNotice) return Decision.Reject("first-refusal.not-secondary", $"Stage '{stage.Id}' starts on the Transfer Notice, not on a secondary notice.", stage.Citation);
        if (p.Entitlements.ContainsKey(stage.Id)) return Decision.Reject("first-refusal.secondary-already-served", $"The notice for stage '{stage.Id}' was already served.", stage.Citation);
        var previous = fr.Stages[index - 1];
        if (!p.Entitlements.TryGetValue(previous.Id, out var prevTable)) return Decision.Reject("first-refusal.stage-order", $"Stage '{previous.Id}' has not started.", stage.Citation);
        var open = Undecided(p, previous, prevTable, calendar, s.At).ToList();
        if (open.Count > 0) return Decision.Reject("first-refusal.stage-open", $"Stage '{previous.Id}' is still open for {string.Join(", ", open)}.", previous.Citation);
        if (a.Mechanism<NoticeTerms>("notices") is not { } notices) return Decision.Reject("notices.no-terms", $"Agreement '{a.Id}' has no notice terms.");
        var offered = p.OfferedFor(fr, stage.Id);
        if (!offered.IsPositive) return Decision.Reject("first-refusal.nothing-left", $"The earlier stages took all {p.Offer.Shares} Offered Shares.", stage.Citation);
        var r = timeline.AsOf(s.EffectiveOn);
        var asOf = p.Notice.EffectiveOn;
        var registerAtNotice = timeline.AsOf(asOf);
        var purchasers = Purchasers(a, registerAtNotice, stage, p.TransferorId, asOf);
        var absent = purchasers.Where(h => s.Deliveries.All(d => d.RecipientId != h)).ToList();
        if (absent.Count > 0) return Decision.Reject("first-refusal.notice-recipients", $"The secondary notice was not given to: {string.Join(", ", absent)}.", stage.Citation);
        var (receipts, problems) = Receipts(a, notices, calendar, r, s.Deliveries);
        if (problems.Count > 0) return Decision.Reject(problems);
        var table = Table(a, registerAtNotice, fr, stage, p, asOf, offered);
        return Decision.Accept(new SecondaryNoticeServed(p.Id, stage.Id, receipts, table, s.At) { EffectiveOn = s.EffectiveOn });
    }

    /// <summary>Purchasers of a stage who have neither elected nor waived and whose period is still running at <paramref name="at"/>.</summary>
    public static IEnumerable<string> Undecided(TransferProcess p, RefusalStage stage, ProRataTable table, Time.BusinessCalendar calendar, Instant at)
    {
        var receipts = p.StageReceipts.TryGetValue(stage.Id, out var list) ? list : [];
        foreach (var s in table.Shares)
        {
            if (p.ElectionOf(stage.Id, s.HolderId) is not null || p.HasWaived(s.HolderId, WaivedRight.FirstRefusal)) continue;
            var receipt = receipts.FirstOrDefault(x => x.RecipientId == s.HolderId);
            if (receipt is null) continue;
            if (OptionPeriod.For(stage, receipt, calendar).IsInTime(at)) yield return s.HolderId;
        }
    }

    private static Decision Elect(Agreement a, RegisterTimeline timeline, FirstRefusalTerms fr, Time.BusinessCalendar calendar, TransferProcess p, ElectFirstRefusal e)
    {
        if (p.Notice is null) return Decision.Reject("first-refusal.no-notice", "No Transfer Notice has been served, so no Option Period is running.", fr.Citation);
        var stageId = e.StageId ?? p.CurrentStage(fr)!;
        if (!p.Entitlements.TryGetValue(stageId, out var table)) return Decision.Reject("first-refusal.stage-not-open", $"Stage '{stageId}' has not started.", fr.Citation);
        var stage = fr.Stage(stageId);
        var holder = e.HolderId == "company" ? a.CompanyId : e.HolderId;
        if (table.For(holder) is not { } share)
            return Decision.Reject("first-refusal.not-entitled", $"'{holder}' has no right of first refusal in stage '{stageId}' (entitled: {string.Join(", ", table.Shares.Select(s => s.HolderId))}).", stage.Citation);
        var receipt = p.StageReceipts[stageId].FirstOrDefault(x => x.RecipientId == holder);
        if (receipt is null) return Decision.Reject("first-refusal.not-served", $"'{holder}' was not served the notice.", stage.Citation);
        var period = OptionPeriod.For(stage, receipt, calendar);
        if (!period.IsInTime(e.At))
            return Decision.Reject("first-refusal.option-period-expired", $"The election by '{holder}' comes after its {stage.PeriodName}: {period.Explanation}.", stage.Citation);
        if (p.ElectionOf(stageId, holder) is { } earlier) return Decision.Reject("first-refusal.already-elected", $"'{holder}' already elected {earlier.Shares} shares.", stage.Citation);
        if (p.HasWaived(holder, WaivedRight.FirstRefusal)) return Decision.Reject("first-refusal.waived", $"'{holder}' waived its right of first refusal in this process.", stage.Citation);
        if (!e.Shares.IsPositive) return Decision.Reject("first-refusal.quantity-positive", "An election must be for a positive number of shares; to decline, waive.", stage.Citation);
        if (e.Shares > share.Whole)
            return Decision.Reject("first-refusal.exceeds-pro-rata", $"'{holder}' may elect at most its Pro Rata Shares: {share.Whole} (exactly {share.Exact}, {table.RoundingPolicy}); {e.Shares} were elected.", stage.Citation);
        var left = table.Offered - p.ElectedIn(stageId);
        if (e.Shares > left)
            return Decision.Reject("first-refusal.exceeds-offered", $"Only {left} of the {table.Offered} Offered Shares remain unelected in stage '{stageId}'; {e.Shares} were elected (fractions as written add up to more than one).", stage.Citation);
        if (e.Apportion.Count > 0)
        {
            var r = timeline.AsOf(e.EffectiveOn);
            var groups = a.Affiliate.Groups(a, r, e.EffectiveOn);
            var total = ShareCount.Sum(e.Apportion.Select(x => x.Shares));
            if (total != e.Shares) return Decision.Reject("first-refusal.apportion-total", $"The apportionment gives {total} shares, not the {e.Shares} elected.", stage.Citation);
            foreach (var x in e.Apportion)
            {
                if (!x.Shares.IsPositive) return Decision.Reject("first-refusal.apportion-positive", $"Apportioned shares must be positive ({x.HolderId}: {x.Shares.Value}).", stage.Citation);
                if (x.HolderId != holder && !groups.AreAffiliates(holder, x.HolderId))
                    return Decision.Reject("first-refusal.apportion-not-affiliate", $"'{x.HolderId}' is not an Affiliate of '{holder}' on {e.EffectiveOn:yyyy-MM-dd}; Offered Shares may be apportioned only among a purchaser's Affiliates.", stage.Citation);
            }
        }
        // The process's, the stage's and the entitlement table's own strings (equal to the command's): the event is kept
        // as long as the ledger is, and need not keep copies of them.
        return Decision.Accept(new FirstRefusalElected(p.Id, stage.Id, share.HolderId, e.Shares, share.Whole, e.Shares == share.Whole,
            e.Apportion is { Count: 0 } ? [] : e.Apportion, e.At) { EffectiveOn = e.EffectiveOn });
    }

    private static Decision Waive(Agreement a, FirstRefusalTerms fr, TransferProcess p, WaiveRights w)
    {
        var holder = w.HolderId == "company" ? a.CompanyId : w.HolderId;
        var isPurchaser = p.Entitlements.Values.Any(t => t.For(holder) is not null);
        var isCoSeller = p.Notice?.Receipts.Any(r => r.RecipientId == holder && holder != a.CompanyId) ?? false;
        if (!isPurchaser && !isCoSeller) return Decision.Reject("transfer.no-rights-to-waive", $"'{holder}' has no rights in transfer '{p.Id}'.", fr.Citation);
        if (p.HasWaived(holder, w.Right)) return Decision.Reject("transfer.already-waived", $"'{holder}' already waived {w.Right}.", fr.Citation);
        return Decision.Accept(new RightsWaived(p.Id, holder, w.Right, w.At) { EffectiveOn = w.EffectiveOn });
    }

    private static Decision CoSaleElect(Agreement a, RegisterTimeline timeline, Time.BusinessCalendar calendar, TransferProcess p, ElectCoSale s)
    {
        if (a.Mechanism<CoSaleTerms>("coSale") is not { } cs) return Decision.Reject("co-sale.no-terms", $"Agreement '{a.Id}' has no co-sale terms.");
        if (p.Notice is null || !p.StageReceipts.TryGetValue(cs.PeriodStage, out var receipts))
            return Decision.Reject("co-sale.not-open", "The notice that starts the co-sale period has not been served.", cs.Citation);
        var noticeRegister = timeline.AsOf(p.Notice.EffectiveOn);
        if (s.HolderId == p.TransferorId || !a.RoleNamed(cs.EligibleRole).Includes(a, noticeRegister, p.Notice.EffectiveOn, s.HolderId))
            return Decision.Reject("co-sale.not-entitled", $"'{s.HolderId}' is not one of the {cs.EligibleRole} entitled to co-sell.", cs.Citation);
        var receipt = receipts.FirstOrDefault(x => x.RecipientId == s.HolderId);
        if (receipt is null) return Decision.Reject("co-sale.not-served", $"'{s.HolderId}' was not served the notice.", cs.Citation);
        var period = TransferProcess.CoSalePeriod(cs, receipt, calendar);
        if (!period.IsInTime(s.At)) return Decision.Reject("co-sale.period-expired", $"The co-sale election by '{s.HolderId}' comes after its period: {period.Explanation}.", cs.Citation);
        if (p.CoSales.Any(x => x.HolderId == s.HolderId)) return Decision.Reject("co-sale.already-elected", $"'{s.HolderId}' already elected to co-sell.", cs.Citation);
        if (p.HasWaived(s.HolderId, WaivedRight.CoSale)) return Decision.Reject("co-sale.waived", $"'{s.HolderId}' waived its co-sale right in this process.", cs.Citation);
        if (p.Elections.Any(x => x.HolderId == s.HolderId && x.InFull))
            return Decision.Reject("co-sale.exercised-first-refusal", $"'{s.HolderId}' exercised its right of first refusal in full; co-sale is open only to the extent an Investor does not exercise it.", cs.Citation);
        if (!cs.Numerator.Classes.Contains(s.ClassId)) return Decision.Reject("co-sale.class", $"Co-sale counts {string.Join(", ", cs.Numerator.Classes)}; '{s.ClassId}' is not one of them.", cs.EntitlementCitation);
        if (!s.Shares.IsPositive) return Decision.Reject("co-sale.quantity-positive", "A co-sale election must be for a positive number of shares.", cs.Citation);
        var held = timeline.AsOf(s.EffectiveOn).SharesOf(s.HolderId, s.ClassId);
        if (s.Shares > held) return Decision.Reject("co-sale.insufficient-shares", $"'{s.HolderId}' holds {held} {s.ClassId}; cannot offer {s.Shares}.", cs.Citation);
        return Decision.Accept(new CoSaleElected(p.Id, s.HolderId, s.ClassId, s.Shares, s.At) { EffectiveOn = s.EffectiveOn });
    }

    private static Decision RequestMore(FirstRefusalTerms fr, Time.BusinessCalendar calendar, TransferProcess p, RequestOverAllotment o)
    {
        if (p.Notice is null) return Decision.Reject("first-refusal.no-notice", "No Transfer Notice has been served.", fr.Citation);
        var stageId = o.StageId ?? fr.Stages.Last(s => s.OverAllotment is not null && p.Entitlements.ContainsKey(s.Id)).Id;
        var stage = fr.Stage(stageId);
        if (stage.OverAllotment is not { } oa) return Decision.Reject("over-allotment.none", $"Stage '{stageId}' has no over-allotment.", stage.Citation);
        if (p.ElectionOf(stageId, o.HolderId) is not { InFull: true })
            return Decision.Reject("over-allotment.not-full-exercise", $"Only an Investor that exercised its right of first refusal to the full extent of its Pro Rata Shares may take up unsubscribed shares; '{o.HolderId}' did not.", oa.Citation);
        var table = p.Entitlements[stageId];
        var purchasers = table.Shares.Select(s => s.HolderId).ToHashSet(StringComparer.Ordinal);
        var end = OptionPeriod.End(stage, p.StageReceipts[stageId].Where(r => purchasers.Contains(r.RecipientId)), calendar)!;
        var extension = ExtensionPeriod.For(oa, end, calendar);
        if (!extension.IsInTime(o.At)) return Decision.Reject("over-allotment.extension-expired", $"The request comes after the {oa.PeriodName}: {extension.Explanation}.", oa.Citation);
        if (p.OverAllotmentRequests.Any(x => x.StageId == stageId && x.HolderId == o.HolderId)) return Decision.Reject("over-allotment.already-requested", $"'{o.HolderId}' already asked for unsubscribed shares.", oa.Citation);
        if (p.HasWaived(o.HolderId, WaivedRight.OverAllotment)) return Decision.Reject("over-allotment.waived", $"'{o.HolderId}' waived its Over-allotment Rights.", oa.Citation);
        if (!o.Shares.IsPositive) return Decision.Reject("over-allotment.quantity-positive", "A request must be for a positive number of shares.", oa.Citation);
        return Decision.Accept(new OverAllotmentRequested(p.Id, stageId, o.HolderId, o.Shares, o.At) { EffectiveOn = o.EffectiveOn });
    }

    private static Decision Value(Agreement a, FirstRefusalTerms fr, Time.BusinessCalendar calendar, TransferProcess p, RecordValuation v)
    {
        if (!p.Offer.IsNonCash || fr.NonCash is not { } nc) return Decision.Reject("valuation.cash", "The consideration is cash; there is nothing to value.", fr.Citation);
        if (p.Notice is null) return Decision.Reject("first-refusal.no-notice", "No Transfer Notice has been served.", fr.Citation);
        if (p.Valuation is not null) return Decision.Reject("valuation.already-recorded", $"The value was recorded on {p.Valuation.DeterminedOn:yyyy-MM-dd}.", nc.Citation);
        if (v.CashPerShare.IsNegative || v.CashPerShare.IsZero) return Decision.Reject("valuation.positive", "The cash equivalent must be positive.", nc.Citation);
        if (v.Method == ValuationMethod.Agreed)
        {
            var stage = fr.Stages[0];
            var purchasers = p.Entitlements[stage.Id].Shares.Select(s => s.HolderId).ToHashSet(StringComparer.Ordinal);
            var end = OptionPeriod.End(stage, p.StageReceipts[stage.Id].Where(r => purchasers.Contains(r.RecipientId)), calendar);
            if (end is not null && !end.IsInTime(v.At))
                return Decision.Reject("valuation.agreement-too-late", $"The Transferor and the Investors could not agree the cash value within the Option Period ({end.Explanation}); the value must be made by an appraiser.", nc.Citation);
        }
        if (v.Method == ValuationMethod.Agreed && v.AppraisalCost is not null) return Decision.Reject("valuation.no-appraisal", "An agreed value has no appraisal cost.", nc.Citation);
        var exercising = p.Elections.Select(e => e.HolderId).Distinct().Order(StringComparer.Ordinal).ToList();
        var shares = v.AppraisalCost is { } cost ? AppraisalCost.Split(nc, cost, p.TransferorId, exercising).Shares : [];
        return Decision.Accept(new ValuationRecorded(p.Id, v.CashPerShare, v.Method, v.AppraisalCost, shares, v.EffectiveOn, v.At) { EffectiveOn = v.EffectiveOn });
    }

    private static Decision Special(Agreement a, RegisterTimeline timeline, FirstRefusalTerms fr, TransferProcess p, ExerciseSpecialOption x)
    {
        if (fr.SpecialOptions is not { } so) return Decision.Reject("special-options.none", $"Agreement '{a.Id}' gives no special options.");
        if (a.HolderOf(so.Party) != x.HolderId) return Decision.Reject("special-options.not-holder", $"The special options belong to {so.Party}, not '{x.HolderId}'.", so.Citation);
        if (!so.Options.Contains(x.Option)) return Decision.Reject("special-options.unknown", $"{x.Option} is not one of the special options ({string.Join(", ", so.Options)}).", so.Citation);
        var buying = ShareCount.Sum(p.Elections.Where(e => e.HolderId == x.HolderId).Select(e => e.Shares))
                     + ShareCount.Sum(p.OverAllotmentRequests.Where(e => e.HolderId == x.HolderId).Select(e => e.Shares));
        var already = ShareCount.Sum(p.SpecialOptions.Where(e => e.HolderId == x.HolderId).Select(e => e.Shares));
        var test = SpecialOptions.Test(a, so, timeline.AsOf(p.Notice?.EffectiveOn ?? x.EffectiveOn), p.Notice?.EffectiveOn ?? x.EffectiveOn, buying, p.Offer.ClassId);
        if (!test.Triggered) return Decision.Reject("special-options.not-triggered", test.Explanation + ".", so.Citation);
        if (!x.Shares.IsPositive || x.Shares + already > buying)
            return Decision.Reject("special-options.exceeds", $"'{x.HolderId}' may assign or have repurchased at most the {buying - already} shares it elected or requested and has not yet dealt with.", so.Citation);
        if (x.Option == SpecialOption.Assign)
        {
            if (x.AssigneeId is not { } assignee || assignee == x.HolderId || !timeline.Latest.Holders.ContainsKey(assignee))
                return Decision.Reject("special-options.assignee", "An assignment needs an assignee on the register other than the assignor (another shareholder or a Key Employee).", so.Citation);
        }
        else if (!x.CompanyHasSufficientFunds)
        {
            return Decision.Reject("special-options.company-funds", "The Company may be asked to repurchase only if it has sufficient funds.", so.Citation);
        }
        return Decision.Accept(new SpecialOptionExercised(p.Id, x.HolderId, x.Option, x.Shares, x.Option == SpecialOption.Assign ? x.AssigneeId : null, x.At) { EffectiveOn = x.EffectiveOn });
    }

    private static Decision Lapse(Agreement a, TransferProcess p, LapseSaleWindow l)
    {
        if (p.Path != TransferPath.FirstRefusal || a.Mechanism<FirstRefusalTerms>("firstRefusal") is not { } fr || p.Notice is null)
            return Decision.Reject("sale-window.none", $"Transfer '{p.Id}' has no sale window running.");
        var calendar = TransferProcess.CalendarOf(a);
        var window = NonExerciseWindow.Window(a, fr, p, calendar);
        if (window is null || window.IsInTime(l.At))
            return Decision.Reject("sale-window.open", window is null ? "The sale window has not started." : $"The sale window is still open: {window.Explanation}.", fr.SaleWindow.Citation);
        var remaining = p.Offer.Shares - ShareCount.Sum(p.Elections.Select(e => e.Shares));
        return Decision.Accept(new RightsRevived(p.Id, p.TransferorId, p.Offer.ClassId, remaining, fr.SaleWindow.RevivalCitation, l.At) { EffectiveOn = l.EffectiveOn });
    }
}
