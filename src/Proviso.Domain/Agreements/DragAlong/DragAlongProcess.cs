using NodaTime;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>Where a drag-along process stands.</summary>
public enum DragStatus
{
    /// <summary>The Drag Holders accepted the offer; the notice is not yet delivered.</summary>
    Accepted,
    /// <summary>The Drag-Along Notice was delivered; the holders are bound.</summary>
    NoticeDelivered,
    /// <summary>A Decisive Agreement was executed.</summary>
    Signed,
    /// <summary>The Sale closed.</summary>
    Closed,
    /// <summary>The notice was withdrawn with every holder's written acceptance.</summary>
    Withdrawn,
}

/// <summary>What a holder did about one obligation under the notice.</summary>
public enum ObligationState
{
    /// <summary>Not yet done.</summary>
    Pending,
    /// <summary>Done.</summary>
    Performed,
    /// <summary>Not done: a Director approving the Sale acts under the power of attorney (s.4.4).</summary>
    PowerOfAttorney,
    /// <summary>Not done because listing rules prevail: suspended, not a breach (s.4.11).</summary>
    Suspended,
}

/// <summary>
/// One drag-along process, folded from its events (the evolve step). It holds what was recorded; periods and windows are
/// computed from it on demand with the agreement's terms.
/// </summary>
public sealed class DragAlongProcess
{
    private DragAlongProcess(string id) => Id = id;

    public string Id { get; }
    public ApprovedSaleAccepted Accepted { get; private set; } = null!;
    public string AgreementId => Accepted.AgreementId;
    public SaleOffer Offer => Accepted.Offer;
    public IReadOnlyList<string> DragHolders => Accepted.DragHolders;
    public DragStatus Status { get; private set; }
    public DragAlongNoticeDelivered? Notice { get; private set; }
    public Dictionary<string, Dictionary<DragObligation, ObligationState>> Obligations { get; } = new(StringComparer.Ordinal);
    public List<DragPowerOfAttorneyArose> PowersOfAttorney { get; } = new();
    public List<DragObligationSuspended> Suspensions { get; } = new();
    public DragAlongNoticeWithdrawn? Withdrawal { get; private set; }
    public ExclusionClauseAgreed? Exclusion { get; private set; }
    public ExclusionClauseEnded? ExclusionEnded { get; private set; }
    public List<NewOfferReceived> NewOffers { get; } = new();
    public HashSet<string> FailedOffers { get; } = new(StringComparer.Ordinal);
    public OfferorDetermined? Determined { get; private set; }
    public DecisiveAgreementRequested? Request { get; private set; }
    public List<BuyOutNoticeGiven> BuyOuts { get; } = new();
    public HashSet<string> Forfeited { get; } = new(StringComparer.Ordinal);
    public BuyOutWindowClosed? WindowClosed { get; private set; }
    public List<PreferentialSaleLapsed> Lapses { get; } = new();
    public DecisiveAgreementSigned? Signed { get; private set; }
    public DragSaleClosed? Closed { get; private set; }
    public List<SpecialSaleAgreed> SpecialSales { get; } = new();
    public List<SpecialSaleConsummated> SpecialConsummations { get; } = new();

    /// <summary>The Buy-out Notice awaiting signature (given, not lapsed, not signed).</summary>
    public BuyOutNoticeGiven? PendingBuyOut =>
        Signed is null ? BuyOuts.LastOrDefault(b => Lapses.All(l => l.HolderId != b.HolderId)) : null;

    /// <summary>Every offer: the Offeror's, then the New Offerors' in the order received.</summary>
    public IEnumerable<SaleOffer> AllOffers => new[] { Offer }.Concat(NewOffers.Select(n => n.Offer));

    public SaleOffer? OfferById(string id) => AllOffers.FirstOrDefault(o => o.OfferId == id);

    public bool IsDragHolder(string holderId) => DragHolders.Contains(holderId, StringComparer.Ordinal);

    public ObligationState StateOf(string holderId, DragObligation obligation) =>
        Obligations.TryGetValue(holderId, out var m) && m.TryGetValue(obligation, out var s) ? s : ObligationState.Pending;

    /// <summary>The evolve step for one event of this process.</summary>
    public void Apply(LedgerEvent e)
    {
        switch (e)
        {
            case ApprovedSaleAccepted a: Accepted = a; Status = DragStatus.Accepted; break;
            case DragAlongNoticeDelivered n:
                Notice = n; Status = DragStatus.NoticeDelivered;
                foreach (var h in n.Bound) Obligations[h] = n.Obligations.ToDictionary(o => o.Id, _ => ObligationState.Pending);
                break;
            case DragObligationsPerformed p:
                foreach (var h in p.Holders) Set(h, p.Obligations, ObligationState.Performed);
                break;
            case DragPowerOfAttorneyArose p: PowersOfAttorney.Add(p); Set(p.HolderId, p.Obligations, ObligationState.PowerOfAttorney); break;
            case DragObligationSuspended s: Suspensions.Add(s); Set(s.HolderId, s.Obligations, ObligationState.Suspended); break;
            case DragAlongNoticeWithdrawn w: Withdrawal = w; Status = DragStatus.Withdrawn; break;
            case ExclusionClauseAgreed x: Exclusion = x; ExclusionEnded = null; break;
            case ExclusionClauseEnded x: ExclusionEnded = x; break;
            case NewOfferReceived o: NewOffers.Add(o); break;
            case OfferorFailedToSign f: FailedOffers.Add(f.OfferId); break;
            case OfferorDetermined d: Determined = d; break;
            case DecisiveAgreementRequested r: Request = r; break;
            case BuyOutNoticeGiven b: BuyOuts.Add(b); break;
            case BuyOutWindowClosed c: WindowClosed = c; Forfeited.UnionWith(c.Forfeited); break;
            case PreferentialSaleLapsed l: Lapses.Add(l); break;
            case DecisiveAgreementSigned s: Signed = s; Status = DragStatus.Signed; break;
            case DragSaleClosed c: Closed = c; Status = DragStatus.Closed; break;
            case SpecialSaleAgreed s: SpecialSales.Add(s); break;
            case SpecialSaleConsummated c: SpecialConsummations.Add(c); break;
        }
    }

    private void Set(string holder, IEnumerable<DragObligation> obligations, ObligationState state)
    {
        if (!Obligations.TryGetValue(holder, out var m)) Obligations[holder] = m = new Dictionary<DragObligation, ObligationState>();
        foreach (var o in obligations) m[o] = state;
    }

    internal static DragAlongProcess New(string id) => new(id);

    // --- periods -------------------------------------------------------------------------------------------------

    /// <summary>The Restriction Period, once the notice is delivered (null if the terms have none).</summary>
    public Deadline? RestrictionPeriod(DragAlongTerms terms, BusinessCalendar calendar) =>
        Notice is null || terms.Restriction is null ? null : DragAlong.RestrictionPeriod.Restriction(terms.Restriction, Notice.NoticeDate, terms.Zone, calendar);

    /// <summary>The Release Period as scheduled (null without a Restriction Period, or if a Decisive Agreement was executed within it).</summary>
    public Deadline? ReleasePeriod(DragAlongTerms terms, BusinessCalendar calendar)
    {
        if (RestrictionPeriod(terms, calendar) is not { } restriction) return null;
        if (Signed is { } s && s.At < restriction.ExpiresAt) return null;
        if (Status == DragStatus.Withdrawn) return null;
        return DragAlong.RestrictionPeriod.Release(terms.Restriction!, restriction, calendar);
    }

    /// <summary>When the Release Period ends: at its scheduled end, or at the consummation of a Special Sale within it (s.4.10).</summary>
    public Instant? ReleaseEndsAt(DragAlongTerms terms, BusinessCalendar calendar)
    {
        if (ReleasePeriod(terms, calendar) is not { } release) return null;
        var early = SpecialConsummations.Where(c => c.WithinReleasePeriod).Select(c => (Instant?)c.At).Min();
        return early is { } e && e < release.ExpiresAt ? e : release.ExpiresAt;
    }

    /// <summary>The phase at an instant.</summary>
    public PeriodPhase PhaseAt(DragAlongTerms terms, BusinessCalendar calendar, Instant at)
    {
        if (RestrictionPeriod(terms, calendar) is not { } restriction || Status == DragStatus.Withdrawn) return PeriodPhase.None;
        if (Signed is { } s && s.At < restriction.ExpiresAt) return at < restriction.ExpiresAt && s.At > at ? PeriodPhase.Restriction : PeriodPhase.Signed;
        if (at < restriction.ExpiresAt) return PeriodPhase.Restriction;
        return at < ReleaseEndsAt(terms, calendar)!.Value ? PeriodPhase.Release : PeriodPhase.AfterRelease;
    }

    /// <summary>Whether the process still binds the holders at <paramref name="at"/> (a new notice must wait for it).</summary>
    public bool IsOpenAt(DragAlongTerms terms, BusinessCalendar calendar, Instant at)
    {
        if (Notice is null || Status is DragStatus.Closed or DragStatus.Withdrawn) return false;
        if (Status == DragStatus.Signed) return true;
        return PhaseAt(terms, calendar, at) == PeriodPhase.Restriction;
    }

    /// <summary>Every deadline of the process, computed from what was recorded.</summary>
    public IReadOnlyList<Deadline> Deadlines(DragAlongTerms terms, BusinessCalendar calendar)
    {
        var list = new List<Deadline>();
        if (RestrictionPeriod(terms, calendar) is { } restriction) list.Add(restriction);
        if (ReleasePeriod(terms, calendar) is { } release) list.Add(release);
        if (terms.PreferentialSale is { } ps && Request is { } req)
        {
            foreach (var r in req.Receipts.Where(r => Obligations.ContainsKey(r.RecipientId)))
                list.Add(PreferentialSale.BuyOutWindow(ps, r, calendar));
            foreach (var b in BuyOuts)
            {
                list.Add(PreferentialSale.SigningWindow(ps, b, DateTimeZoneProviders.Tzdb[b.BuyerTimeZone], calendar));
                if (PreferentialSale.RequestWindow(ps, b, calendar) is { } rw) list.Add(rw);
            }
        }
        return list;
    }

    /// <summary>The deadlines still open at <paramref name="at"/>.</summary>
    public IEnumerable<Deadline> OpenDeadlines(DragAlongTerms terms, BusinessCalendar calendar, Instant at)
    {
        if (Status is DragStatus.Closed or DragStatus.Withdrawn) return [];
        return Deadlines(terms, calendar).Where(d => d.ExpiresAt > at).Where(d => Relevant(d, terms, calendar)).OrderBy(d => d.ExpiresAt).ThenBy(d => d.Name, StringComparer.Ordinal);
    }

    private bool Relevant(Deadline d, DragAlongTerms terms, BusinessCalendar calendar)
    {
        if (d.Name.StartsWith("Buy-out window", StringComparison.Ordinal)) return Signed is null && PendingBuyOut is null && WindowClosed is null;
        if (d.Name.StartsWith("Preferential Sale", StringComparison.Ordinal) || d.Name.StartsWith("Drag Holders' request", StringComparison.Ordinal)) return PendingBuyOut is not null;
        if (d.Name == "Restriction Period") return Signed is null;
        return true;
    }
}

/// <summary>Every drag-along process of a company, and the Qualified IPOs recorded, folded from the ledger.</summary>
public sealed class DragAlongBook
{
    private readonly Dictionary<string, DragAlongProcess> _processes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QualifiedIpoRecorded> _ipos = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, DragAlongProcess> Processes => _processes;

    public QualifiedIpoRecorded? QualifiedIpoOf(string agreementId) => _ipos.TryGetValue(agreementId, out var q) ? q : null;

    public DragAlongProcess? Find(string processId) => _processes.TryGetValue(processId, out var p) ? p : null;

    public static DragAlongBook From(IEnumerable<LedgerEvent> events)
    {
        var book = new DragAlongBook();
        foreach (var e in events) book.Apply(e);
        return book;
    }

    public void Apply(LedgerEvent e)
    {
        if (e is QualifiedIpoRecorded q)
        {
            _ipos.TryAdd(q.AgreementId, q);
            return;
        }
        var id = ProcessIdOf(e);
        if (id is null) return;
        if (!_processes.TryGetValue(id, out var p)) _processes[id] = p = DragAlongProcess.New(id);
        p.Apply(e);
    }

    /// <summary>The process an event belongs to, or null for events of other families.</summary>
    public static string? ProcessIdOf(LedgerEvent e) => e switch
    {
        ApprovedSaleAccepted x => x.ProcessId,
        DragAlongNoticeDelivered x => x.ProcessId,
        DragObligationsPerformed x => x.ProcessId,
        DragPowerOfAttorneyArose x => x.ProcessId,
        DragObligationSuspended x => x.ProcessId,
        DragAlongNoticeWithdrawn x => x.ProcessId,
        ExclusionClauseAgreed x => x.ProcessId,
        ExclusionClauseEnded x => x.ProcessId,
        NewOfferReceived x => x.ProcessId,
        OfferorFailedToSign x => x.ProcessId,
        OfferorDetermined x => x.ProcessId,
        DecisiveAgreementRequested x => x.ProcessId,
        BuyOutNoticeGiven x => x.ProcessId,
        BuyOutWindowClosed x => x.ProcessId,
        PreferentialSaleLapsed x => x.ProcessId,
        DecisiveAgreementSigned x => x.ProcessId,
        DragSaleClosed x => x.ProcessId,
        SpecialSaleAgreed x => x.ProcessId,
        SpecialSaleConsummated x => x.ProcessId,
        _ => null,
    };
}
