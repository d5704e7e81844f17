using System.Runtime.CompilerServices;
using Proviso.Application.Ledgers;
using Proviso.Application.Terms;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Application.Transfers;

/// <summary>
/// A company's transfer processes and recorded terms as of one <see cref="RegisterTimeline"/>: what
/// <see cref="TransferBook.From"/> over the timeline's events and <see cref="CompanyTerms.Agreement"/> answer, without
/// folding every event of the ledger and parsing the terms' YAML on each request.
/// <para>Built incrementally for a <see cref="CompanyLedger"/> (<see cref="Of(CompanyLedger)"/>): the latest index of
/// each lineage of ledgers (a company's cached snapshots, which share their entry objects) is remembered, and when a
/// ledger holds that index's entries followed by new ones (checked by reference: the entry at the old index's last
/// position must be the very entry object it ended with) and the timeline placed every new event after all of the old
/// ones (the event at the old last position still has the old last sequence), only the processes the new events touch
/// are folded again, from their own events; the others are shared. Exact: each process is folded from the same events
/// in the same (timeline) order as a full <see cref="TransferBook"/>; a back-dated entry, another store's ledger or
/// another replay is indexed from scratch. Register events are not compared by reference: the timeline may hand out a
/// new copy of one at each read.</para>
/// <para>An index is never changed once built, and neither are the <see cref="TransferProcess"/>es it hands out:
/// read-only to the caller, shared between requests. Parsed agreements are kept per recorded-terms event
/// (<see cref="AgreementOf"/>), as long as that event is alive.</para>
/// </summary>
public sealed class TransferIndex
{
    private readonly Dictionary<string, TransferProcess> _processes;
    private readonly Dictionary<string, List<LedgerEvent>> _eventsByProcess;
    private readonly Dictionary<string, AgreementTermsRecorded> _terms;
    private readonly long _lastSequence;
    private readonly LedgerEntry? _lastEntry;

    private TransferIndex(string? companyId, int eventCount, long lastSequence, int entryCount, LedgerEntry? lastEntry, Dictionary<string, TransferProcess> processes,
        Dictionary<string, List<LedgerEvent>> eventsByProcess, Dictionary<string, AgreementTermsRecorded> terms)
    {
        CompanyId = companyId;
        EventCount = eventCount;
        _lastSequence = lastSequence;
        EntryCount = entryCount;
        _lastEntry = lastEntry;
        _processes = processes;
        _eventsByProcess = eventsByProcess;
        _terms = terms;
    }

    /// <summary>The register's company id (null before the company is registered).</summary>
    public string? CompanyId { get; }

    /// <summary>How many timeline events the index covers.</summary>
    public int EventCount { get; }

    /// <summary>How many ledger entries the index covers (0 for an index of a bare timeline).</summary>
    public int EntryCount { get; }

    /// <summary>Every transfer process, by id (as <see cref="TransferBook.Processes"/>).</summary>
    public IReadOnlyDictionary<string, TransferProcess> Processes => _processes;

    public TransferProcess? Find(string processId) => _processes.TryGetValue(processId, out var p) ? p : null;

    /// <summary>For each agreement id, the latest terms recorded in the timeline (as <see cref="CompanyTerms.Recorded(RegisterTimeline)"/>).</summary>
    public IReadOnlyDictionary<string, AgreementTermsRecorded> Terms => _terms;

    /// <summary>The latest recorded terms of an agreement, parsed; null if none is recorded (as <see cref="CompanyTerms.Agreement"/>).</summary>
    public Agreement? Agreement(string agreementId) => _terms.TryGetValue(agreementId, out var t) ? AgreementOf(t) : null;

    /// <summary>Recorded terms, parsed once per recorded-terms event (<see cref="CompanyTerms.Parse"/>).</summary>
    public static Agreement AgreementOf(AgreementTermsRecorded terms) => CompanyTerms.Parse(terms);

    // ---- the cache ----

    /// <summary>
    /// The latest index of one lineage of ledgers: those that share their first entry object (a company's cached
    /// snapshots, each copied from the one before and extended by appends). Another store's ledger, or another full
    /// replay, has entry objects of its own, so it never meets an index it did not build.
    /// </summary>
    private sealed class Lineage
    {
        public TransferIndex? Latest;
    }

    private static readonly ConditionalWeakTable<LedgerEntry, Lineage> Lineages = new();
    private static long _full;
    private static long _incremental;
    private static long _hits;

    /// <summary>Indexes built from scratch, extended incrementally, and answered as they were: for tests and diagnostics.</summary>
    public static (long Full, long Incremental, long Hits) Statistics => (Interlocked.Read(ref _full), Interlocked.Read(ref _incremental), Interlocked.Read(ref _hits));

    /// <summary>The index of a timeline, built from all of its events (nothing remembered).</summary>
    public static TransferIndex Of(RegisterTimeline timeline) => Build(timeline.Latest.CompanyId, timeline.Events, 0, null);

    /// <summary>
    /// The index of <paramref name="ledger"/>'s timeline: the remembered one of its lineage if it is of the same entries,
    /// extended from it if the ledger holds those entries followed by new ones that the timeline placed after all of the
    /// old ones (appends, not back-dated entries), else built from scratch.
    /// </summary>
    public static TransferIndex Of(CompanyLedger ledger)
    {
        var entries = ledger.Entries;
        var events = ledger.Timeline.Events;
        if (entries.Count == 0) return Of(ledger.Timeline);
        var lineage = Lineages.GetValue(entries[0], _ => new Lineage());
        var known = Volatile.Read(ref lineage.Latest);
        TransferIndex index;
        if (known is not null && known.EntryCount <= entries.Count && ReferenceEquals(entries[known.EntryCount - 1], known._lastEntry))
        {
            if (known.EntryCount == entries.Count)
            {
                Interlocked.Increment(ref _hits);
                return known;
            }
            // The same entries and more; the new ones were all placed after the old ones if the event at the old last
            // position is still the old last (a back-dated entry slotted in earlier would have moved it).
            if (known.EventCount <= events.Count && (known.EventCount == 0 || events[known.EventCount - 1].Sequence == known._lastSequence))
            {
                index = known.Extend(events, entries);
                Interlocked.Increment(ref _incremental);
            }
            else
            {
                index = Build(ledger.Timeline.Latest.CompanyId, events, entries.Count, entries[^1]);
                Interlocked.Increment(ref _full);
            }
        }
        else
        {
            index = Build(ledger.Timeline.Latest.CompanyId, events, entries.Count, entries[^1]);
            Interlocked.Increment(ref _full);
        }
        // Remember it unless it is an older ledger's (a request that loaded its ledger before the last write).
        if (known is null || index.EntryCount >= known.EntryCount) Volatile.Write(ref lineage.Latest, index);
        return index;
    }

    private static TransferIndex Build(string? companyId, IReadOnlyList<(long Sequence, LedgerEvent Event)> events, int entryCount, LedgerEntry? lastEntry)
    {
        var byProcess = new Dictionary<string, List<LedgerEvent>>(StringComparer.Ordinal);
        var terms = new Dictionary<string, AgreementTermsRecorded>(StringComparer.Ordinal);
        long last = 0;
        foreach (var (sequence, e) in events)
        {
            Route(e, byProcess, terms);
            last = sequence;
        }
        var processes = new Dictionary<string, TransferProcess>(byProcess.Count, StringComparer.Ordinal);
        foreach (var (id, list) in byProcess) processes[id] = Fold(id, list);
        return new TransferIndex(companyId, events.Count, last, entryCount, lastEntry, processes, byProcess, terms);
    }

    private TransferIndex Extend(IReadOnlyList<(long Sequence, LedgerEvent Event)> events, IReadOnlyList<LedgerEntry> entries)
    {
        var byProcess = new Dictionary<string, List<LedgerEvent>>(_eventsByProcess, StringComparer.Ordinal);
        var terms = new Dictionary<string, AgreementTermsRecorded>(_terms, StringComparer.Ordinal);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        long last = _lastSequence;
        for (var i = EventCount; i < events.Count; i++)
        {
            var (sequence, e) = events[i];
            if (TransferBook.ProcessIdOf(e) is { } id && touched.Add(id))
                byProcess[id] = byProcess.TryGetValue(id, out var old) ? new List<LedgerEvent>(old) : new List<LedgerEvent>(); // a copy: the old index keeps its own
            Route(e, byProcess, terms);
            last = sequence;
        }
        var processes = new Dictionary<string, TransferProcess>(_processes, StringComparer.Ordinal);
        foreach (var id in touched) processes[id] = Fold(id, byProcess[id]);
        return new TransferIndex(CompanyId, events.Count, last, entries.Count, entries[^1], processes, byProcess, terms);
    }

    private static void Route(LedgerEvent e, Dictionary<string, List<LedgerEvent>> byProcess, Dictionary<string, AgreementTermsRecorded> terms)
    {
        if (e is AgreementTermsRecorded t)
        {
            terms[t.AgreementId] = t;
            return;
        }
        if (TransferBook.ProcessIdOf(e) is not { } id) return;
        if (!byProcess.TryGetValue(id, out var list)) byProcess[id] = list = new List<LedgerEvent>();
        list.Add(e);
    }

    /// <summary>One process folded from its own events, in timeline order: what a <see cref="TransferBook"/> of the whole timeline holds for it.</summary>
    private static TransferProcess Fold(string id, List<LedgerEvent> events) => TransferBook.From(events).Find(id)!;
}
