using NodaTime;
using Proviso.Domain.Agreements.CoSale;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>Where a transfer process stands.</summary>
public enum TransferStatus
{
    /// <summary>Proposed and allowed; for first refusal, awaiting the Transfer Notice; otherwise awaiting completion.</summary>
    Proposed,

    /// <summary>The proposal broke the agreement and was recorded as a void attempt.</summary>
    Void,

    /// <summary>The Transfer Notice was served; rights are running.</summary>
    NoticeServed,

    /// <summary>Closed: every leg recorded.</summary>
    Closed,

    /// <summary>The sale window ended without the sale; the rights revived.</summary>
    Lapsed,
}

/// <summary>
/// The state of one transfer process, folded from its events (the evolve step). It holds what was decided (receipts,
/// entitlements, elections, waivers, requests) exactly as recorded; deadlines are computed from it on demand.
/// </summary>
public sealed class TransferProcess
{
    private TransferProcess(string id) => Id = id;

    public string Id { get; }
    public string AgreementId { get; private set; } = "";
    public string TransferorId { get; private set; } = "";
    public TransferOffer Offer { get; private set; } = null!;
    public TransferPath Path { get; private set; }
    public TransferStatus Status { get; private set; }
    public LocalDate ProposedOn { get; private set; }
    public IReadOnlyList<string> Conditions { get; private set; } = [];
    public string? ContinuingLiability { get; private set; }

    /// <summary>The clauses the proposal's path rests on (as recorded with <see cref="TransferProposed"/>).</summary>
    public IReadOnlyList<Citation> Citations { get; private set; } = [];
    public TransferNoticeServed? Notice { get; private set; }
    // What a process holds is never changed once the process is made: Apply replaces a map or set with a changed copy, and
    // a list with one an item longer (SharedList), so that Then can share them all with the process it follows.
    private static readonly Dictionary<string, ProRataTable> NoEntitlements = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, IReadOnlyList<ReceiptRecord>> NoReceipts = new(StringComparer.Ordinal);
    private static readonly HashSet<PurchaserStance> NoStances = [];
    private Dictionary<string, ProRataTable> _entitlements = NoEntitlements;
    private Dictionary<string, IReadOnlyList<ReceiptRecord>> _stageReceipts = NoReceipts;
    private HashSet<PurchaserStance> _stances = NoStances;

    public IReadOnlyDictionary<string, ProRataTable> Entitlements => _entitlements;
    public IReadOnlyDictionary<string, IReadOnlyList<ReceiptRecord>> StageReceipts => _stageReceipts;
    public SharedList<FirstRefusalElected> Elections { get; private set; } = SharedList<FirstRefusalElected>.Empty;
    public SharedList<RightsWaived> Waivers { get; private set; } = SharedList<RightsWaived>.Empty;
    public SharedList<CoSaleElected> CoSales { get; private set; } = SharedList<CoSaleElected>.Empty;
    public SharedList<OverAllotmentRequested> OverAllotmentRequests { get; private set; } = SharedList<OverAllotmentRequested>.Empty;
    public ValuationRecorded? Valuation { get; private set; }
    public IReadOnlySet<PurchaserStance> Stances => _stances;
    public SharedList<SpecialOptionExercised> SpecialOptions { get; private set; } = SharedList<SpecialOptionExercised>.Empty;
    public SharedList<TransferRefused> RefusedAttempts { get; private set; } = SharedList<TransferRefused>.Empty;
    public OverAllotmentAllocated? Allocation { get; private set; }
    public TransferClosed? Closed { get; private set; }
    public RightsRevived? Revived { get; private set; }

    /// <summary>The receipt of the Transfer Notice by a recipient, if served.</summary>
    public ReceiptRecord? ReceiptOf(string recipientId) => Notice?.Receipts.FirstOrDefault(r => r.RecipientId == recipientId);

    /// <summary>The latest stage whose notice has been served (the stage elections default to).</summary>
    public string? CurrentStage(FirstRefusalTerms terms) => terms.Stages.LastOrDefault(s => Entitlements.ContainsKey(s.Id))?.Id;

    public bool HasWaived(string holderId, WaivedRight right) => Waivers.Any(w => w.HolderId == holderId && (w.Right == right || w.Right == WaivedRight.All));

    public FirstRefusalElected? ElectionOf(string stageId, string holderId) => Elections.FirstOrDefault(e => e.StageId == stageId && e.HolderId == holderId);

    /// <summary>Shares elected in a stage.</summary>
    public ShareCount ElectedIn(string stageId) => ShareCount.Sum(Elections.Where(e => e.StageId == stageId).Select(e => e.Shares));

    /// <summary>Shares still on offer for a stage: the Offered Shares less what earlier stages' purchasers elected.</summary>
    public ShareCount OfferedFor(FirstRefusalTerms terms, string stageId)
    {
        var offered = Offer.Shares;
        foreach (var s in terms.Stages)
        {
            if (s.Id == stageId) break;
            offered -= ElectedIn(s.Id);
        }
        return offered;
    }

    /// <summary>The evolve step for one event of this process.</summary>
    public void Apply(LedgerEvent e)
    {
        switch (e)
        {
            case TransferProposed p:
                AgreementId = p.AgreementId; TransferorId = p.TransferorId; Offer = p.Offer; Path = p.Path; ProposedOn = p.EffectiveOn;
                Conditions = p.Conditions; ContinuingLiability = p.ContinuingLiability; Citations = p.Citations; Status = TransferStatus.Proposed;
                break;
            case TransferRefused r:
                RefusedAttempts = RefusedAttempts.Add(r);
                if (Offer is null)
                {
                    AgreementId = r.AgreementId; TransferorId = r.TransferorId; ProposedOn = r.EffectiveOn; Status = TransferStatus.Void;
                }
                break;
            case TransferNoticeServed n:
                Notice = n; Status = TransferStatus.NoticeServed;
                ServeStage(n.Entitlements.StageId, n.Entitlements, n.Receipts);
                break;
            case SecondaryNoticeServed s:
                ServeStage(s.StageId, s.Entitlements, s.Receipts);
                break;
            case FirstRefusalElected f: Elections = Elections.Add(f); break;
            case RightsWaived w: Waivers = Waivers.Add(w); break;
            case CoSaleElected c: CoSales = CoSales.Add(c); break;
            case OverAllotmentRequested o: OverAllotmentRequests = OverAllotmentRequests.Add(o); break;
            case ValuationRecorded v: Valuation = v; break;
            case PurchaserStanceRecorded s: _stances = new HashSet<PurchaserStance>(_stances) { s.Stance }; break;
            case SpecialOptionExercised x: SpecialOptions = SpecialOptions.Add(x); break;
            case OverAllotmentAllocated a: Allocation = a; break;
            case TransferClosed c: Closed = c; Status = TransferStatus.Closed; break;
            case RightsRevived r: Revived = r; Status = TransferStatus.Lapsed; break;
        }
    }

    private void ServeStage(string stageId, ProRataTable entitlements, IReadOnlyList<ReceiptRecord> receipts)
    {
        _entitlements = new Dictionary<string, ProRataTable>(_entitlements, StringComparer.Ordinal) { [stageId] = entitlements };
        _stageReceipts = new Dictionary<string, IReadOnlyList<ReceiptRecord>>(_stageReceipts, StringComparer.Ordinal) { [stageId] = receipts };
    }

    internal static TransferProcess New(string id) => new(id);

    /// <summary>
    /// This process followed by <paramref name="events"/> (later events of the same process), as a new process: the same
    /// as folding all of its events, because the evolve step (<see cref="Apply"/>) reads only the process it applies to.
    /// This process is not changed: the new one shares its maps, sets and lists, none of which is changed once made (the
    /// evolve step replaces them).
    /// </summary>
    public TransferProcess Then(IEnumerable<LedgerEvent> events)
    {
        var next = new TransferProcess(Id)
        {
            AgreementId = AgreementId, TransferorId = TransferorId, Offer = Offer, Path = Path, Status = Status, ProposedOn = ProposedOn,
            Conditions = Conditions, ContinuingLiability = ContinuingLiability, Citations = Citations, Notice = Notice,
            Valuation = Valuation, Allocation = Allocation, Closed = Closed, Revived = Revived,
            _entitlements = _entitlements, _stageReceipts = _stageReceipts, _stances = _stances,
            Elections = Elections, Waivers = Waivers, CoSales = CoSales, OverAllotmentRequests = OverAllotmentRequests,
            SpecialOptions = SpecialOptions, RefusedAttempts = RefusedAttempts,
        };
        foreach (var e in events) next.Apply(e);
        return next;
    }

    /// <summary>The agreement's Business Day calendar, which every deadline of the process uses.</summary>
    public static BusinessCalendar CalendarOf(Agreement agreement) =>
        agreement.BusinessDay?.Resolve(CalendarCatalog.BuiltIn)
        ?? throw new InvalidOperationException($"agreement '{agreement.Id}' defines no Business Day, which its transfer deadlines need");

    /// <summary>Every deadline of the process, computed from what was recorded.</summary>
    /// <remarks>
    /// Each purchaser's and co-seller's period is computed once: the same values give the end of each stage (which
    /// starts its Extension Period) and the end of all the periods (which starts the sale window), as
    /// <see cref="OptionPeriod.End"/> and <see cref="NonExerciseWindow.OptionPeriodsEnd"/> would compute them again.
    /// </remarks>
    public IReadOnlyList<Deadline> Deadlines(Agreement agreement)
    {
        var list = new List<Deadline>();
        if (Notice is null || agreement.Mechanism<FirstRefusalTerms>("firstRefusal") is not { } fr) return list;
        var calendar = CalendarOf(agreement);
        var ends = new List<Deadline>();
        foreach (var stage in fr.Stages)
        {
            if (!StageReceipts.TryGetValue(stage.Id, out var receipts) || !Entitlements.TryGetValue(stage.Id, out var table)) continue;
            var purchasers = table.Shares.Select(s => s.HolderId).ToHashSet(StringComparer.Ordinal);
            var periods = new List<Deadline>();
            foreach (var r in receipts.Where(r => purchasers.Contains(r.RecipientId))) periods.Add(OptionPeriod.For(stage, r, calendar));
            list.AddRange(periods);
            var end = Deadline.Latest(periods);
            if (end is not null) ends.Add(end);
            if (stage.OverAllotment is { } oa && end is not null)
                list.Add(ExtensionPeriod.For(oa, end, calendar));
        }
        if (agreement.Mechanism<CoSaleTerms>("coSale") is { } cs && StageReceipts.TryGetValue(cs.PeriodStage, out var csReceipts))
        {
            foreach (var r in csReceipts.Where(r => r.RecipientId != agreement.CompanyId && r.RecipientId != TransferorId))
            {
                var period = CoSalePeriod(cs, r, calendar);
                list.Add(period);
                ends.Add(period);
            }
        }
        if (ReceiptOf(agreement.CompanyId) is { } company)
        {
            var zone = DateTimeZoneProviders.Tzdb[company.TimeZone];
            if (Offer.IsNonCash && fr.NonCash is { } nc)
                list.Add(Deadline.Compute("Valuation within the period", nc.Citation, new Trigger("the Company's receipt of the Transfer Notice", company.ReceivedOn), nc.ValuationDue, calendar, zone));
            if (ClosingDate.Default(fr, Offer, company, Valuation, calendar) is { Deadline: { } closing }) list.Add(closing);
        }
        if (NonExerciseWindow.Window(agreement, fr, this, calendar, Deadline.Latest(ends)) is { } window) list.Add(window);
        return list;
    }

    /// <summary>The deadlines still open on <paramref name="asOf"/>: the process is not closed, void or lapsed, and the deadline's last day is not past.</summary>
    public IEnumerable<Deadline> OpenDeadlines(Agreement agreement, LocalDate asOf) => OpenOf(Deadlines(agreement), asOf);

    /// <summary>As <see cref="OpenDeadlines"/>, of the process's deadlines already computed (<see cref="Deadlines"/>).</summary>
    public IEnumerable<Deadline> OpenOf(IReadOnlyList<Deadline> deadlines, LocalDate asOf)
    {
        if (Status is TransferStatus.Closed or TransferStatus.Void or TransferStatus.Lapsed) return [];
        return deadlines.Where(d => d.DueDate >= asOf).OrderBy(d => d.DueDate).ThenBy(d => d.Name, StringComparer.Ordinal);
    }

    /// <summary>A co-seller's period, started by its receipt of the stage's notice.</summary>
    public static Deadline CoSalePeriod(CoSaleTerms terms, ReceiptRecord receipt, BusinessCalendar calendar) =>
        Deadline.Compute($"{terms.PeriodName} of {receipt.RecipientId}", terms.Citation, new Trigger($"receipt of the notice by {receipt.RecipientId}", receipt.ReceivedOn),
            terms.Period, calendar, DateTimeZoneProviders.Tzdb[receipt.TimeZone]);

    /// <summary>Whole shares elected by each purchaser in a stage (apportionments included in the purchaser's figure).</summary>
    public IReadOnlyDictionary<string, ShareCount> ElectionsBy(string stageId) =>
        Elections.Where(e => e.StageId == stageId).ToDictionary(e => e.HolderId, e => e.Shares, StringComparer.Ordinal);
}

/// <summary>Every transfer process of a company, and the lock-ups recorded, folded from the ledger.</summary>
public sealed class TransferBook
{
    private readonly Dictionary<string, TransferProcess>? _folding;
    private readonly Dictionary<string, LockUpRecorded>? _foldingLockUps;
    private readonly IReadOnlyDictionary<string, TransferProcess> _processes;
    private readonly IReadOnlyDictionary<string, LockUpRecorded> _lockUps;

    /// <summary>An empty book, to fold events into with <see cref="Apply"/>.</summary>
    public TransferBook()
    {
        _processes = _folding = new Dictionary<string, TransferProcess>(StringComparer.Ordinal);
        _lockUps = _foldingLockUps = new Dictionary<string, LockUpRecorded>(StringComparer.Ordinal);
    }

    private TransferBook(IReadOnlyDictionary<string, TransferProcess> processes, IReadOnlyDictionary<string, LockUpRecorded> lockUps)
    {
        _processes = processes;
        _lockUps = lockUps;
    }

    /// <summary>
    /// A read-only book over processes already folded (each from its own events, in effective order, as
    /// <see cref="From"/> folds them) and the latest lock-up of each agreement: what a caller that keeps the book up to
    /// date incrementally hands a decider, without folding the whole ledger again. <see cref="Apply"/> is refused.
    /// </summary>
    public static TransferBook Over(IReadOnlyDictionary<string, TransferProcess> processes, IReadOnlyDictionary<string, LockUpRecorded> lockUps) =>
        new(processes, lockUps);

    public IReadOnlyDictionary<string, TransferProcess> Processes => _processes;

    public LockUpRecorded? LockUpOf(string agreementId) => _lockUps.TryGetValue(agreementId, out var l) ? l : null;

    public TransferProcess? Find(string processId) => _processes.TryGetValue(processId, out var p) ? p : null;

    public static TransferBook From(IEnumerable<LedgerEvent> events)
    {
        var book = new TransferBook();
        foreach (var e in events) book.Apply(e);
        return book;
    }

    public void Apply(LedgerEvent e)
    {
        if (_folding is null || _foldingLockUps is null) throw new InvalidOperationException("A book made with TransferBook.Over is read-only.");
        if (e is LockUpRecorded l)
        {
            _foldingLockUps[l.AgreementId] = l;
            return;
        }
        var id = ProcessIdOf(e);
        if (id is null) return;
        if (!_folding.TryGetValue(id, out var p)) _folding[id] = p = TransferProcess.New(id);
        p.Apply(e);
    }

    /// <summary>The process an event belongs to, or null for events of other families.</summary>
    public static string? ProcessIdOf(LedgerEvent e) => e switch
    {
        TransferProposed x => x.ProcessId,
        TransferRefused x => x.ProcessId,
        TransferNoticeServed x => x.ProcessId,
        SecondaryNoticeServed x => x.ProcessId,
        FirstRefusalElected x => x.ProcessId,
        RightsWaived x => x.ProcessId,
        CoSaleElected x => x.ProcessId,
        OverAllotmentRequested x => x.ProcessId,
        ValuationRecorded x => x.ProcessId,
        PurchaserStanceRecorded x => x.ProcessId,
        SpecialOptionExercised x => x.ProcessId,
        OverAllotmentAllocated x => x.ProcessId,
        TransferClosed x => x.ProcessId,
        RightsRevived x => x.ProcessId,
        _ => null,
    };

    /// <summary>The shares of a holder's class committed to open processes (offered and not yet closed, lapsed or void).</summary>
    public ShareCount Committed(string holderId, string classId) =>
        ShareCount.Sum(_processes.Values.Where(p => p.Offer is not null && p.TransferorId == holderId && p.Offer.ClassId == classId
                                                    && p.Status is TransferStatus.Proposed or TransferStatus.NoticeServed).Select(p => p.Offer.Shares));
}
