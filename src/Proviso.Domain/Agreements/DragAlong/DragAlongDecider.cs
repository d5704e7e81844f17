using NodaTime;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// Decide for drag-along processes (docs/drag-along.md): each command is checked against the agreement's
/// <c>dragAlong</c> terms, the register and the process folded from the ledger, and answered with past-tense events or
/// the rules that refuse it (stable ids "drag.…"). A refused command records nothing. Each rule lives in its own file
/// (<see cref="DragHoldersTest"/>, <see cref="ValuationFloor"/>, <see cref="SameTermsPerSecurity"/>,
/// <see cref="ExclusionClause"/>, <see cref="OfferorSelection"/>, <see cref="PreferentialSale"/>,
/// <see cref="RestrictionPeriod"/>, <see cref="DragObligations"/>, <see cref="DragSaleClosing"/>,
/// <see cref="SpecialSale"/>); this class puts them in order.
/// </summary>
public static class DragAlongDecider
{
    public const string Key = "dragAlong";

    /// <summary>In a list of recipients or holders, "every other one required": a delivery to it stands for the same delivery to each required recipient not listed by name.</summary>
    public const string Everyone = "*";

    /// <summary>The deliveries with <see cref="Everyone"/> expanded to each required recipient not named.</summary>
    public static IReadOnlyList<NoticeDelivery> Expand(IReadOnlyList<NoticeDelivery> deliveries, IEnumerable<string> required)
    {
        var named = deliveries.Where(d => d.RecipientId != Everyone).ToList();
        if (deliveries.FirstOrDefault(d => d.RecipientId == Everyone) is not { } template) return named;
        var listed = named.Select(d => d.RecipientId).ToHashSet(StringComparer.Ordinal);
        return named.Concat(required.Where(r => !listed.Contains(r)).Select(r => template with { RecipientId = r })).ToList();
    }

    /// <summary>A list of holders with <see cref="Everyone"/> expanded to <paramref name="all"/>.</summary>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> holders, IEnumerable<string> all) =>
        holders.Contains(Everyone) ? holders.Where(h => h != Everyone).Concat(all).Distinct(StringComparer.Ordinal).ToList() : holders;

    public static Decision Decide(Agreement agreement, RegisterTimeline timeline, object command)
    {
        if (agreement.Mechanism<DragAlongTerms>(Key) is not { } terms)
            return Decision.Reject("drag.no-terms", $"Agreement '{agreement.Id}' has no drag-along terms.");
        var book = DragAlongBook.From(timeline.ProcessEvents.Select(x => x.Event));
        try
        {
            return command switch
            {
                RecordQualifiedIpo q => Ipo(agreement, terms, book, q),
                AcceptApprovedSale c => Accept(agreement, terms, timeline, book, c),
                DragCommand c => OnProcess(agreement, terms, timeline, book, c),
                _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "not a drag-along command"),
            };
        }
        catch (OverflowException)
        {
            return Decision.Reject("drag.overflow", "The quantities involved exceed what the register can hold.");
        }
    }

    /// <summary>The holders of Equity Securities on the register: every holder with shares or an outstanding warrant or option.</summary>
    public static IReadOnlyList<string> EquityHolders(Register.Register r) =>
        r.Holdings().Select(h => h.HolderId).Concat(r.Instruments.Values.Where(i => i.Outstanding.IsPositive).Select(i => i.HolderId))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static Decision Ipo(Agreement a, DragAlongTerms terms, DragAlongBook book, RecordQualifiedIpo q)
    {
        if (book.QualifiedIpoOf(a.Id) is { } done)
            return Decision.Reject("drag.qualified-ipo-recorded", $"A Qualified IPO is already recorded on {done.EffectiveOn:yyyy-MM-dd}.", terms.BeforeQualifiedIpo);
        return Decision.Accept(new QualifiedIpoRecorded(a.Id, q.Description, q.At) { EffectiveOn = q.EffectiveOn });
    }

    private static Rejection? AfterIpo(Agreement a, DragAlongTerms terms, DragAlongBook book, Instant at)
    {
        if (terms.BeforeQualifiedIpo is not { } cite || book.QualifiedIpoOf(a.Id) is not { } ipo || at < ipo.At) return null;
        return new Rejection("drag.after-qualified-ipo", $"A Qualified IPO happened on {ipo.EffectiveOn:yyyy-MM-dd} ({ipo.Description}); the drag-along applies only before a Qualified IPO.", cite);
    }

    private static Decision Accept(Agreement a, DragAlongTerms terms, RegisterTimeline timeline, DragAlongBook book, AcceptApprovedSale c)
    {
        if (string.IsNullOrWhiteSpace(c.ProcessId)) return Decision.Reject("drag.process-id", "A drag-along process needs an id.");
        if (book.Find(c.ProcessId) is not null) return Decision.Reject("drag.duplicate-process", $"There is already a drag-along process '{c.ProcessId}'.");
        if (AfterIpo(a, terms, book, c.At) is { } ipo) return Decision.Reject([ipo]);
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(c.Offer.OfferorTimeZone) is null)
            return Decision.Reject("drag.unknown-time-zone", $"'{c.Offer.OfferorTimeZone}' is not an IANA time zone.");
        var calendar = TransferProcess.CalendarOf(a);
        var r = timeline.AsOf(c.EffectiveOn);
        var notes = new List<string>();

        // s.4.7, 4.8: one notice at a time; within a Release Period only with every holder's consent.
        foreach (var other in book.Processes.Values.Where(x => x.AgreementId == a.Id).OrderBy(x => x.Id, StringComparer.Ordinal))
        {
            if (other.IsOpenAt(terms, calendar, c.At))
                return Decision.Reject("drag.process-open", $"Drag-along process '{other.Id}' is still running (its notice binds the holders until it closes, is withdrawn or its Restriction Period ends).", terms.Withdrawal);
            if (terms.Restriction is { } rt && other.PhaseAt(terms, calendar, c.At) == PeriodPhase.Release)
            {
                var holders = EquityHolders(r);
                var consents = Expand(c.ReleaseConsents, holders).Select(a.HolderOf).ToHashSet(StringComparer.Ordinal);
                var missing = holders.Where(h => !consents.Contains(h)).ToList();
                if (missing.Count > 0)
                    return Decision.Reject("drag.release-period", $"The Release Period of '{other.Id}' runs until {DragObligations.Moment(other.ReleaseEndsAt(terms, calendar)!.Value, terms.Zone)}: a new Drag-Along Notice needs the consent of all holders of the Equity Securities; missing: {string.Join(", ", missing)}.", rt.NoNewNoticeDuringRelease);
                notes.Add($"Sought within the Release Period of '{other.Id}' with the consent of every holder of the Equity Securities ({rt.NoNewNoticeDuringRelease}).");
            }
            else if (terms.Restriction is { } rt2 && other.PhaseAt(terms, calendar, c.At) == PeriodPhase.AfterRelease && other.SpecialSales.Count == 0)
            {
                notes.Add($"After the Release Period of '{other.Id}' without a Special Sale: once this notice is delivered, {string.Join(", ", rt2.SpecialSaleParties)} are restrained from selling until its Restriction Period ends ({rt2.NewNoticeAfterRelease}).");
            }
            foreach (var s in other.SpecialConsummations)
                notes.Add($"{s.SuccessorId}, successor of {s.Party} in '{other.Id}', is subject to this new notice ({s.Citation}).");
        }

        if (ValuationFloor.Check(terms.ValuationFloor, c.Offer.Valuation, "offer") is { } floor) return Decision.Reject([floor]);
        if (SameTermsPerSecurity.Check(r, c.EffectiveOn, c.Offer.ClassPrices, c.Offer.ClassSpecificTerms, terms.SameTerms) is { } same) return Decision.Reject([same]);
        var unknown = c.Accepting.Concat(c.Approving).Concat(c.ReleaseConsents.Where(x => x != Everyone)).Select(a.HolderOf).Where(h => !r.Holders.ContainsKey(h)).Distinct().ToList();
        if (unknown.Count > 0) return Decision.Reject("drag.unknown-holder", $"Not on the register on {c.EffectiveOn:yyyy-MM-dd}: {string.Join(", ", unknown)}.");

        var test = DragHoldersTest.Evaluate(a, terms, r, c.EffectiveOn, c.Accepting, c.Approving);
        var problems = new List<Rejection>();
        if (!test.DragHolders.Satisfied)
            problems.Add(new Rejection("drag.holders-test", $"The {test.DragHolders.GroupName} test is not met: {Failing(test.DragHolders)}", terms.DragHolders.Citation));
        if (test.Approval is { Satisfied: false } ap)
            problems.Add(new Rejection("drag.approval", $"The approval of the {ap.GroupName} is missing: {Failing(ap)}", terms.Approval!.Citation));
        if (problems.Count > 0) return Decision.Reject(problems);
        notes.AddRange(test.DragHolders.Interpretations);
        if (test.Approval is { } appr) notes.AddRange(appr.Interpretations);
        var dragHolders = c.Accepting.Select(a.HolderOf).Distinct().Order(StringComparer.Ordinal).ToList();
        return Decision.Accept(new ApprovedSaleAccepted(c.ProcessId, a.Id, c.Offer, dragHolders, DragHoldersTest.Lines(test.DragHolders),
            test.Approval is null ? [] : DragHoldersTest.Lines(test.Approval), notes.Distinct().ToList(), c.At) { EffectiveOn = c.EffectiveOn });
    }

    private static string Failing(Consent.ConsentResult result) =>
        string.Join("; ", result.Prongs.Where(p => !p.Satisfied).Select(p =>
            $"{p.Label}: " + (p.Share is { } s ? $"{p.Numerator} of {p.Denominator} = {s.ToPercentString(4)}, needs {p.Threshold}" : p.Description)
            + (p.Required.Any(x => x.Required && !x.Given) ? $"; without {string.Join(", ", p.Required.Where(x => x.Required && !x.Given).Select(x => x.Party))}" : "")
            + (p.SmallestFurtherConsents.Count > 0 ? $"; smallest further agreement: {string.Join(", ", p.SmallestFurtherConsents)}" : ""))) + ".";

    private static Decision OnProcess(Agreement a, DragAlongTerms terms, RegisterTimeline timeline, DragAlongBook book, DragCommand c)
    {
        if (book.Find(c.ProcessId) is not { } p) return Decision.Reject("drag.unknown-process", $"There is no drag-along process '{c.ProcessId}'.");
        if (p.AgreementId != a.Id) return Decision.Reject("drag.wrong-agreement", $"Process '{p.Id}' is under '{p.AgreementId}', not '{a.Id}'.");
        if (p.Status == DragStatus.Withdrawn) return Decision.Reject("drag.withdrawn", $"The Drag-Along Notice of '{p.Id}' was withdrawn; a new notice needs a new process.", terms.Withdrawal);
        var calendar = TransferProcess.CalendarOf(a);
        var special = c is SignSpecialSale or CloseSpecialSale;
        if (p.Status == DragStatus.Closed && !special) return Decision.Reject("drag.closed", $"The Sale of '{p.Id}' has closed.");
        if (!special && AfterIpo(a, terms, book, c.At) is { } ipo) return Decision.Reject([ipo]);
        return c switch
        {
            DeliverDragAlongNotice n => Notice(a, terms, timeline, p, n),
            RecordDragObligations o => DragObligations.Decide(a, terms, p, o),
            WithdrawDragAlongNotice w => Withdraw(a, terms, timeline, p, w),
            AgreeExclusionClause x => Exclusion(a, terms, calendar, p, x),
            EndExclusionClause x => p.Exclusion is null || p.ExclusionEnded is not null
                ? Decision.Reject("drag.no-exclusion-clause", "No Exclusion Clause binds in this process.", terms.NewOffers?.ExclusionClause)
                : Decision.Accept(new ExclusionClauseEnded(p.Id, x.Reason, x.At) { EffectiveOn = x.EffectiveOn }),
            RecordNewOffer o => NewOffer(a, terms, p, o),
            RecordOfferorFailure f => p.OfferById(f.OfferId) is null
                ? Decision.Reject("drag.unknown-offer", $"There is no offer '{f.OfferId}'.")
                : p.FailedOffers.Contains(f.OfferId) ? Decision.Reject("drag.offeror-failed", $"'{f.OfferId}' is already recorded as having failed.")
                : Decision.Accept(new OfferorFailedToSign(p.Id, f.OfferId, f.At) { EffectiveOn = f.EffectiveOn }),
            DetermineOfferor d => Determine(terms, p, d),
            RequestDecisiveAgreement rq => Request(a, terms, timeline, calendar, p, rq),
            GiveBuyOutNotice b => BuyOut(a, terms, timeline, calendar, p, b),
            CloseBuyOutWindow w => CloseWindow(terms, calendar, p, w),
            LapsePreferentialSale l => Lapse(terms, calendar, p, l),
            SignDecisiveAgreement s => Sign(a, terms, timeline, calendar, p, s),
            CloseDragSale cl => DragSaleClosing.Decide(a, terms, timeline, p, cl),
            SignSpecialSale ss => SpecialSale.Sign(a, terms, timeline, calendar, p, ss),
            CloseSpecialSale cs => SpecialSale.Close(a, terms, timeline, calendar, p, cs),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.GetType().Name, "unknown drag-along command"),
        };
    }

    private static Decision Notice(Agreement a, DragAlongTerms terms, RegisterTimeline timeline, DragAlongProcess p, DeliverDragAlongNotice n)
    {
        if (p.Notice is not null) return Decision.Reject("drag.notice-already-delivered", $"The Drag-Along Notice of '{p.Id}' was delivered on {p.Notice.NoticeDate:yyyy-MM-dd}.", terms.Notice.Citation);
        if (a.Mechanism<NoticeTerms>("notices") is not { } notices) return Decision.Reject("notices.no-terms", $"Agreement '{a.Id}' has no notice terms, so receipt cannot be decided.");
        var r = timeline.AsOf(n.EffectiveOn);
        var bound = EquityHolders(r).Where(h => !p.IsDragHolder(h)).ToList();
        var deliveries = Expand(n.Deliveries, bound);
        var given = deliveries.Select(d => d.RecipientId).ToHashSet(StringComparer.Ordinal);
        var absent = bound.Where(h => !given.Contains(h)).ToList();
        if (absent.Count > 0)
            return Decision.Reject("drag.notice-recipients", $"The Drag-Along Notice must go to each other holder of the Equity Securities; it was not given to: {string.Join(", ", absent)}.", terms.Notice.Citation);
        var (receipts, problems) = Receipts(a, notices, TransferProcess.CalendarOf(a), r, deliveries);
        if (problems.Count > 0) return Decision.Reject(problems);
        var sent = deliveries.Min(d => d.SentAt);
        return Decision.Accept(new DragAlongNoticeDelivered(p.Id, sent.InZone(terms.Zone).Date, receipts, bound, terms.Notice.Obligations, n.At) { EffectiveOn = n.EffectiveOn });
    }

    internal static (IReadOnlyList<ReceiptRecord>, IReadOnlyList<Rejection>) Receipts(Agreement a, NoticeTerms notices, BusinessCalendar calendar, Register.Register r, IReadOnlyList<NoticeDelivery> deliveries)
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

    private static Decision Withdraw(Agreement a, DragAlongTerms terms, RegisterTimeline timeline, DragAlongProcess p, WithdrawDragAlongNotice w)
    {
        if (p.Notice is null) return Decision.Reject("drag.no-notice", "No Drag-Along Notice has been delivered; there is nothing to withdraw.", terms.Withdrawal);
        if (p.Signed is not null) return Decision.Reject("drag.signed", "A Decisive Agreement has been executed; the notice can no longer be withdrawn.", terms.Withdrawal);
        var holders = EquityHolders(timeline.AsOf(w.EffectiveOn));
        var accepted = Expand(w.WrittenAcceptances, holders).Select(a.HolderOf).ToHashSet(StringComparer.Ordinal);
        var missing = holders.Where(h => !accepted.Contains(h)).ToList();
        if (missing.Count > 0)
            return Decision.Reject("drag.withdrawal-needs-all-holders", $"The Drag-Along Notice can be withdrawn only with the written acceptance of all holders of the Equity Securities; missing: {string.Join(", ", missing)}.", terms.Withdrawal);
        return Decision.Accept(new DragAlongNoticeWithdrawn(p.Id, holders, terms.Withdrawal, w.At) { EffectiveOn = w.EffectiveOn });
    }

    private static Decision Exclusion(Agreement a, DragAlongTerms terms, BusinessCalendar calendar, DragAlongProcess p, AgreeExclusionClause x)
    {
        if (terms.NewOffers is not { } no) return Decision.Reject("drag.no-new-offer-terms", $"Agreement '{a.Id}' says nothing of Exclusion Clauses.");
        if (p.Signed is not null) return Decision.Reject("drag.signed", "A Decisive Agreement has been executed.");
        var (e, problem) = ExclusionClause.Decide(a, no, p.Id, x.EffectiveOn, x.EndsOn, x.AgreedBy.Select(a.HolderOf).ToList(), calendar, x.At);
        return problem is null ? Decision.Accept(e!) : Decision.Reject([problem]);
    }

    private static Decision NewOffer(Agreement a, DragAlongTerms terms, DragAlongProcess p, RecordNewOffer o)
    {
        if (terms.NewOffers is not { } no) return Decision.Reject("drag.no-new-offer-terms", $"Agreement '{a.Id}' provides for no New Offerors.");
        if (p.Notice is null || o.At < p.Notice.At) return Decision.Reject("drag.new-offer-before-notice", "New Offers count only after the Drag-Along Notice is delivered.", no.Citation);
        if (p.Signed is not null) return Decision.Reject("drag.signed", "A Decisive Agreement has already been executed.", no.Citation);
        if (p.OfferById(o.Offer.OfferId) is not null) return Decision.Reject("drag.duplicate-offer", $"There is already an offer '{o.Offer.OfferId}'.");
        if (o.Offer.OfferorId == p.Offer.OfferorId) return Decision.Reject("drag.not-a-new-offeror", $"{o.Offer.OfferorName} is the Offeror, not a New Offeror.", no.Citation);
        var to = a.HolderOf(o.ReceivedBy);
        if (p.IsDragHolder(to)) return Decision.Reject("drag.new-offer-recipient", $"A New Offer is one made to a holder other than the Drag Holders; {to} is a Drag Holder.", no.Citation);
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(o.Offer.OfferorTimeZone) is null) return Decision.Reject("drag.unknown-time-zone", $"'{o.Offer.OfferorTimeZone}' is not an IANA time zone.");
        if (ValuationFloor.Check(terms.ValuationFloor, o.Offer.Valuation, "New Offer", no.Citation) is { } floor) return Decision.Reject([floor]);
        if (o.Offer.Valuation.Currency.Code != p.Offer.Valuation.Currency.Code)
            return Decision.Reject("drag.valuation-currency", $"Offers are compared in {p.Offer.Valuation.Currency.Code}; this one is in {o.Offer.Valuation.Currency.Code}.", no.HighestPrice);
        var binds = ExclusionClause.Binds(p.Exclusion, p.ExclusionEnded, o.EffectiveOn);
        return Decision.Accept(new NewOfferReceived(p.Id, o.Offer, to, binds ? p.Exclusion!.EndsOn : null, o.At) { EffectiveOn = o.EffectiveOn });
    }

    private static Decision Determine(DragAlongTerms terms, DragAlongProcess p, DetermineOfferor d)
    {
        if (p.Notice is null) return Decision.Reject("drag.no-notice", "The Drag-Along Notice has not been delivered.", terms.Notice.Citation);
        if (p.Signed is not null) return Decision.Reject("drag.signed", "A Decisive Agreement has already been executed.");
        if (p.Determined is { } current && !p.FailedOffers.Contains(current.OfferId))
            return Decision.Reject("drag.already-determined", $"'{current.OfferId}' is the Determined Offeror; another can be determined only if it fails to execute.", terms.NewOffers?.Fallback);
        var choice = Choose(terms, p, d.EffectiveOn, d.OfferId);
        if (!choice.Allowed) return Decision.Reject([choice.Problem!]);
        return Decision.Accept(new OfferorDetermined(p.Id, d.OfferId, choice.Basis, choice.Explanation, choice.Citation, d.At) { EffectiveOn = d.EffectiveOn });
    }

    private static OfferorChoice Choose(DragAlongTerms terms, DragAlongProcess p, LocalDate on, string offerId) =>
        OfferorSelection.Check(terms.NewOffers, terms.NewOffers?.DeterminedOfferor ?? terms.Citation, p.Offer, p.NewOffers, p.FailedOffers,
            ExclusionClause.Binds(p.Exclusion, p.ExclusionEnded, on), terms.NewOffers?.ExclusionClause, offerId);

    private static Decision Request(Agreement a, DragAlongTerms terms, RegisterTimeline timeline, BusinessCalendar calendar, DragAlongProcess p, RequestDecisiveAgreement rq)
    {
        if (p.Notice is null) return Decision.Reject("drag.no-notice", "The Drag-Along Notice has not been delivered.", terms.Notice.Citation);
        if (p.Signed is not null) return Decision.Reject("drag.signed", "A Decisive Agreement has already been executed.");
        var events = new List<LedgerEvent>();
        var determined = p.Determined;
        if (determined is null || p.FailedOffers.Contains(determined.OfferId))
        {
            if (p.NewOffers.Count > 0 || determined is not null)
                return Decision.Reject("drag.no-determined-offeror", "There are several offerors: determine the offeror first.", terms.NewOffers?.DeterminedOfferor ?? terms.Citation);
            var choice = Choose(terms, p, rq.EffectiveOn, p.Offer.OfferId);
            determined = new OfferorDetermined(p.Id, p.Offer.OfferId, choice.Basis, choice.Explanation, choice.Citation, rq.At) { EffectiveOn = rq.EffectiveOn };
            events.Add(determined);
        }
        if (p.Request is { } earlier && earlier.OfferId == determined.OfferId)
            return Decision.Reject("drag.already-requested", $"The Drag Holders' notice to execute with '{determined.OfferId}' was already given.", terms.PreferentialSale?.Citation ?? terms.Citation);
        if (a.Mechanism<NoticeTerms>("notices") is not { } notices) return Decision.Reject("notices.no-terms", $"Agreement '{a.Id}' has no notice terms, so receipt cannot be decided.");
        var r = timeline.AsOf(rq.EffectiveOn);
        var required = new SortedSet<string>(p.Obligations.Keys, StringComparer.Ordinal) { a.CompanyId };
        var requestDeliveries = Expand(rq.Deliveries, required);
        var given = requestDeliveries.Select(d => d.RecipientId).ToHashSet(StringComparer.Ordinal);
        var absent = required.Where(h => !given.Contains(h)).ToList();
        if (absent.Count > 0)
            return Decision.Reject("drag.request-recipients", $"The written notice to execute the Decisive Agreement goes to the Company and the other holders; it was not given to: {string.Join(", ", absent)}.", terms.PreferentialSale?.Citation ?? terms.Citation);
        var (receipts, problems) = Receipts(a, notices, calendar, r, requestDeliveries);
        if (problems.Count > 0) return Decision.Reject(problems);
        events.Add(new DecisiveAgreementRequested(p.Id, determined.OfferId, receipts, rq.At) { EffectiveOn = rq.EffectiveOn });
        return Decision.Accept(events);
    }

    private static Decision BuyOut(Agreement a, DragAlongTerms terms, RegisterTimeline timeline, BusinessCalendar calendar, DragAlongProcess p, GiveBuyOutNotice b)
    {
        if (terms.PreferentialSale is not { } ps) return Decision.Reject("drag.no-preferential-sale", $"Agreement '{a.Id}' has no Preferential Sale.");
        if (p.Request is not { } req) return Decision.Reject("drag.no-request", "The Drag Holders have not given notice to execute the Decisive Agreement, so no Buy-out window is open.", ps.Citation);
        if (p.Signed is not null) return Decision.Reject("drag.signed", "A Decisive Agreement has already been executed.");
        var holder = a.HolderOf(b.HolderId);
        if (p.IsDragHolder(holder)) return Decision.Reject("drag.buy-out-by-drag-holder", $"{holder} is a Drag Holder; only the other holders may give a Buy-out Notice.", ps.Citation);
        if (p.Forfeited.Contains(holder)) return Decision.Reject("drag.preferential-sale-forfeited", $"{holder} did not respond within its Buy-out window and may not exercise a Preferential Sale within this Restriction Period.", ps.Forfeiture);
        if (p.PendingBuyOut is { } pending) return Decision.Reject("drag.buy-out-pending", $"{pending.HolderId}'s Buy-out Notice is awaiting execution; the clause provides for one Preferential Sale at a time.", ps.Citation);
        if (p.BuyOuts.Any(x => x.HolderId == holder)) return Decision.Reject("drag.buy-out-already-given", $"{holder} already gave a Buy-out Notice in this process.", ps.Citation);
        var receipt = req.Receipts.FirstOrDefault(x => x.RecipientId == holder);
        if (receipt is null) return Decision.Reject("drag.not-bound", $"{holder} did not receive the Drag Holders' notice as another holder of the Equity Securities.", ps.Citation);
        var window = PreferentialSale.BuyOutWindow(ps, receipt, calendar);
        if (!window.IsInTime(b.At))
            return Decision.Reject("drag.buy-out-window-closed", $"Too late: {window.Explanation}. Having not responded in writing within it, {holder} may not exercise a Preferential Sale within this Restriction Period.", ps.Forfeiture);
        var determined = p.OfferById(req.OfferId)!;
        if (b.Valuation.Currency.Code != determined.Valuation.Currency.Code || b.Valuation < determined.Valuation || !b.TermsNoLessFavourable)
            return Decision.Reject("drag.buy-out-less-favourable", $"A Buy-out Notice must be on terms not less favourable than the Determined Offeror's ({determined.OfferorName}, {determined.Valuation}); this one offers {b.Valuation}{(b.TermsNoLessFavourable ? "" : " and does not state its other terms are no less favourable")}.", ps.Citation);
        if (a.Mechanism<NoticeTerms>("notices") is not { } notices) return Decision.Reject("notices.no-terms", $"Agreement '{a.Id}' has no notice terms.");
        var buyOutDeliveries = Expand(b.Deliveries, p.DragHolders);
        var missing = p.DragHolders.Where(h => buyOutDeliveries.All(d => d.RecipientId != h)).ToList();
        if (missing.Count > 0) return Decision.Reject("drag.buy-out-recipients", $"The Buy-out Notice goes to the Drag Holders; it was not given to: {string.Join(", ", missing)}.", ps.Citation);
        var r = timeline.AsOf(b.EffectiveOn);
        var (receipts, problems) = Receipts(a, notices, calendar, r, buyOutDeliveries);
        if (problems.Count > 0) return Decision.Reject(problems);
        var zone = r.Holders.TryGetValue(holder, out var h) ? h.TimeZone : terms.TimeZone;
        var issued = buyOutDeliveries.Min(d => d.SentAt).InZone(DateTimeZoneProviders.Tzdb[zone]).Date;
        return Decision.Accept(new BuyOutNoticeGiven(p.Id, holder, b.Valuation, issued, zone, receipts, b.At) { EffectiveOn = b.EffectiveOn });
    }

    /// <summary>Holders whose Buy-out window is still open at <paramref name="at"/> and who have not given a notice.</summary>
    public static IReadOnlyList<Deadline> OpenBuyOutWindows(DragAlongTerms terms, BusinessCalendar calendar, DragAlongProcess p, Instant at)
    {
        if (terms.PreferentialSale is not { } ps || p.Request is not { } req) return [];
        return req.Receipts.Where(x => p.Obligations.ContainsKey(x.RecipientId) && !p.Forfeited.Contains(x.RecipientId) && p.BuyOuts.All(b => b.HolderId != x.RecipientId))
            .Select(x => PreferentialSale.BuyOutWindow(ps, x, calendar)).Where(d => d.IsInTime(at)).ToList();
    }

    private static Decision CloseWindow(DragAlongTerms terms, BusinessCalendar calendar, DragAlongProcess p, CloseBuyOutWindow w)
    {
        if (terms.PreferentialSale is not { } ps || p.Request is not { } req) return Decision.Reject("drag.no-request", "No Buy-out window was opened.", terms.PreferentialSale?.Citation);
        if (p.WindowClosed is not null) return Decision.Reject("drag.window-already-closed", "The Buy-out windows were already closed.", ps.Forfeiture);
        var open = OpenBuyOutWindows(terms, calendar, p, w.At);
        if (open.Count > 0) return Decision.Reject("drag.buy-out-window-open", $"Still open: {string.Join("; ", open.Select(d => d.Explanation))}.", ps.BuyOutWindowCitation);
        var silent = req.Receipts.Select(x => x.RecipientId).Where(h => p.Obligations.ContainsKey(h) && p.BuyOuts.All(b => b.HolderId != h)).Order(StringComparer.Ordinal).ToList();
        return Decision.Accept(new BuyOutWindowClosed(p.Id, silent, ps.Forfeiture, w.At) { EffectiveOn = w.EffectiveOn });
    }

    private static Decision Lapse(DragAlongTerms terms, BusinessCalendar calendar, DragAlongProcess p, LapsePreferentialSale l)
    {
        if (terms.PreferentialSale is not { } ps || p.PendingBuyOut is not { } b) return Decision.Reject("drag.no-preferential-sale", "No Preferential Sale is awaiting execution.", terms.PreferentialSale?.Citation);
        var window = PreferentialSale.SigningWindow(ps, b, DateTimeZoneProviders.Tzdb[b.BuyerTimeZone], calendar);
        if (window.IsInTime(l.At)) return Decision.Reject("drag.preferential-window-open", $"The buyer may still execute: {window.Explanation}.", ps.SigningWindowCitation);
        return Decision.Accept(new PreferentialSaleLapsed(p.Id, b.HolderId, ps.Reverts, l.At) { EffectiveOn = l.EffectiveOn });
    }

    private static Decision Sign(Agreement a, DragAlongTerms terms, RegisterTimeline timeline, BusinessCalendar calendar, DragAlongProcess p, SignDecisiveAgreement s)
    {
        if (p.Notice is null) return Decision.Reject("drag.no-notice", "The Drag-Along Notice has not been delivered.", terms.Notice.Citation);
        if (p.Signed is not null) return Decision.Reject("drag.signed", "A Decisive Agreement has already been executed.");
        if (p.RestrictionPeriod(terms, calendar) is { } restriction && !restriction.IsInTime(s.At))
            return Decision.Reject("drag.restriction-period-expired", $"The Restriction Period has ended: {restriction.Explanation}. The Release Period follows.", terms.Restriction!.RestrictionCitation);
        if (s.Counterparty == DecisiveCounterparty.PreferentialBuyer)
        {
            if (terms.PreferentialSale is not { } ps || p.PendingBuyOut is not { } b) return Decision.Reject("drag.no-preferential-sale", "No Preferential Sale is awaiting execution.", terms.PreferentialSale?.Citation);
            var window = PreferentialSale.SigningWindow(ps, b, DateTimeZoneProviders.Tzdb[b.BuyerTimeZone], calendar);
            if (!window.IsInTime(s.At)) return Decision.Reject("drag.preferential-window-closed", $"Too late for the Preferential Sale: {window.Explanation}. The Drag Holders may require execution with the Determined Offeror.", ps.Reverts);
            return Decision.Accept(new DecisiveAgreementSigned(p.Id, b.HolderId, null, true, b.Valuation, s.At) { EffectiveOn = s.EffectiveOn });
        }
        var events = new List<LedgerEvent>();
        var determined = p.Determined;
        if (determined is null || p.FailedOffers.Contains(determined.OfferId))
        {
            if (p.NewOffers.Count > 0 || determined is not null)
                return Decision.Reject("drag.no-determined-offeror", "There are several offerors: determine the offeror first.", terms.NewOffers?.DeterminedOfferor ?? terms.Citation);
            var choice = Choose(terms, p, s.EffectiveOn, p.Offer.OfferId);
            determined = new OfferorDetermined(p.Id, p.Offer.OfferId, choice.Basis, choice.Explanation, choice.Citation, s.At) { EffectiveOn = s.EffectiveOn };
            events.Add(determined);
        }
        if (terms.PreferentialSale is { } pref)
        {
            if (p.Request is null || p.Request.OfferId != determined.OfferId)
                return Decision.Reject("drag.no-request", $"The Drag Holders must first give written notice to execute with the Determined Offeror, opening the other holders' Buy-out windows.", pref.Citation);
            if (p.PendingBuyOut is { } pending)
                return Decision.Reject("drag.preferential-sale-pending", $"{pending.HolderId}'s Preferential Sale is awaiting execution; the Determined Offeror comes back only if it fails.", pref.Reverts);
            var open = OpenBuyOutWindows(terms, calendar, p, s.At);
            if (open.Count > 0) return Decision.Reject("drag.buy-out-window-open", $"Buy-out windows are still open: {string.Join("; ", open.Select(d => d.Explanation))}.", pref.BuyOutWindowCitation);
        }
        var offer = p.OfferById(determined.OfferId)!;
        events.Add(new DecisiveAgreementSigned(p.Id, offer.OfferorId, offer.OfferId, false, offer.Valuation, s.At) { EffectiveOn = s.EffectiveOn });
        return Decision.Accept(events);
    }
}
