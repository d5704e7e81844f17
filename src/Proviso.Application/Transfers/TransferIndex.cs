using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Proviso.Application.Ledgers;
using Proviso.Application.Terms;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Application.Transfers;

/// <summary>
/// A company's transfer processes, lock-ups and recorded terms as of one <see cref="RegisterTimeline"/>: what
/// <see cref="TransferBook.From"/> over the timeline's events and <see cref="CompanyTerms.Agreement"/> answer, without
/// folding every event of the ledger and parsing the terms' YAML on each request or command.
/// <para>Built incrementally for a <see cref="CompanyLedger"/> (<see cref="Of(CompanyLedger)"/>): the latest indexes of
/// each lineage of ledgers (a company's cached ledgers, which share one <see cref="EntryLog"/>) are remembered, and when
/// a ledger holds one's entries followed by new ones whose events the timeline placed after every earlier event
/// (appends, not back-dated entries), only the processes the new events touch are moved on, each from its state by its
/// new events (<see cref="TransferProcess.Then"/>; a new process is folded from its events); the others are shared.
/// Exact: each process is the fold of the same events in the same (timeline) order as in a full
/// <see cref="TransferBook"/>; a back-dated entry, another store's ledger or another replay is indexed from the
/// timeline. A decision state extends an index the same way with the events it has decided (<see cref="With"/>).</para>
/// <para>An index is never changed once built (its maps are immutable, so an extension shares all it does not touch), and
/// neither are the <see cref="TransferProcess"/>es it hands out: read-only to the caller, shared between requests.
/// Parsed agreements are kept per recorded-terms event (<see cref="AgreementOf"/>), as long as that event is alive.</para>
/// </summary>
public sealed class TransferIndex
{
    /// <summary>At most this many processes moved on since <see cref="_processes"/> are kept beside it (<see cref="_recent"/>).</summary>
    private const int MaxRecent = 16;

    // The processes: a map, and the few moved on since it was made (newest last, one per id, ids not repeated), which
    // take precedence. Moving a process on in the map copies a path of it (about a kilobyte with tens of thousands of
    // processes); the short list is copied instead, and folded into the map once it is full.
    private readonly ImmutableDictionary<string, TransferProcess> _processes;
    private readonly (string Id, TransferProcess Process)[] _recent;
    private readonly ImmutableDictionary<string, AgreementTermsRecorded> _terms;
    private readonly ImmutableDictionary<string, LockUpRecorded> _lockUps;
    private ImmutableDictionary<string, TransferProcess>? _all;
    private TransferBook? _book;

    private TransferIndex(int entryCount, ImmutableDictionary<string, TransferProcess> processes, (string Id, TransferProcess Process)[] recent,
        ImmutableDictionary<string, AgreementTermsRecorded> terms,
        ImmutableDictionary<string, LockUpRecorded> lockUps)
    {
        EntryCount = entryCount;
        _processes = processes;
        _recent = recent;
        _terms = terms;
        _lockUps = lockUps;
        if (recent.Length == 0) _all = processes;
    }

    /// <summary>How many ledger entries the index covers (0 for an index of a bare timeline).</summary>
    public int EntryCount { get; }

    /// <summary>Every transfer process, by id (as <see cref="TransferBook.Processes"/>).</summary>
    public IReadOnlyDictionary<string, TransferProcess> Processes => _all ??= _processes.SetItems(_recent.Select(x => KeyValuePair.Create(x.Id, x.Process)));

    public TransferProcess? Find(string processId)
    {
        for (var i = _recent.Length - 1; i >= 0; i--)
            if (string.Equals(_recent[i].Id, processId, StringComparison.Ordinal)) return _recent[i].Process;
        return _processes.TryGetValue(processId, out var p) ? p : null;
    }

    /// <summary>The processes and lock-ups as a read-only <see cref="TransferBook"/>, for the domain's decider.</summary>
    public TransferBook Book => _book ??= TransferBook.Over(_recent.Length == 0 ? _processes : new Layered(this), _lockUps);

    /// <summary>The processes as a dictionary that finds one without merging the recent ones into the map first.</summary>
    private sealed class Layered(TransferIndex index) : IReadOnlyDictionary<string, TransferProcess>
    {
        public TransferProcess this[string key] => index.Find(key) ?? throw new KeyNotFoundException($"no transfer process '{key}'");

        public bool ContainsKey(string key) => index.Find(key) is not null;

        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TransferProcess value) => (value = index.Find(key)) is not null;

        public int Count => index.Processes.Count;

        public IEnumerable<string> Keys => index.Processes.Keys;

        public IEnumerable<TransferProcess> Values => index.Processes.Values;

        public IEnumerator<KeyValuePair<string, TransferProcess>> GetEnumerator() => index.Processes.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>For each agreement id, the latest terms recorded in the timeline (as <see cref="CompanyTerms.Recorded(RegisterTimeline)"/>).</summary>
    public IReadOnlyDictionary<string, AgreementTermsRecorded> Terms => _terms;

    /// <summary>The latest recorded terms of an agreement, parsed; null if none is recorded (as <see cref="CompanyTerms.Agreement"/>).</summary>
    public Agreement? Agreement(string agreementId) => _terms.TryGetValue(agreementId, out var t) ? AgreementOf(t) : null;

    /// <summary>Recorded terms, parsed once per recorded-terms event (<see cref="CompanyTerms.Parse"/>).</summary>
    public static Agreement AgreementOf(AgreementTermsRecorded terms) => CompanyTerms.Parse(terms);

    /// <summary>Whether the index must see <paramref name="e"/>: a process step, recorded terms or a lock-up.</summary>
    public static bool Indexes(LedgerEvent e) => e is AgreementTermsRecorded or LockUpRecorded || TransferBook.ProcessIdOf(e) is not null;

    /// <summary>
    /// This index followed by <paramref name="events"/>, which the timeline places after every event the index has
    /// seen, in this order (decided events that no entry holds yet: the index of a decision state, remembered nowhere).
    /// </summary>
    public TransferIndex With(IReadOnlyList<LedgerEvent> events) => Extend(events, EntryCount);

    // ---- the cache ----

    /// <summary>
    /// The latest indexes of one lineage of ledgers (those that share one <see cref="EntryLog"/>), newest last: a few,
    /// because requests still working on a ledger loaded before the latest writes ask for its index too, and each of
    /// those is then extended from the newest index that is not ahead of it instead of being built from scratch.
    /// </summary>
    private sealed class Lineage
    {
        private const int Kept = 128;
        private readonly Lock _lock = new();
        private readonly List<TransferIndex> _recent = new();

        /// <summary>The newest index covering at most <paramref name="count"/> entries, if any is kept.</summary>
        public TransferIndex? Before(int count)
        {
            lock (_lock)
            {
                for (var i = _recent.Count - 1; i >= 0; i--)
                    if (_recent[i].EntryCount <= count) return _recent[i];
                return null;
            }
        }

        public void Remember(TransferIndex index)
        {
            lock (_lock)
            {
                var at = _recent.FindLastIndex(x => x.EntryCount <= index.EntryCount);
                if (at >= 0 && _recent[at].EntryCount == index.EntryCount) return;
                _recent.Insert(at + 1, index);
                if (_recent.Count > Kept) _recent.RemoveAt(0);
            }
        }
    }

    private static readonly ConditionalWeakTable<EntryLog, Lineage> Lineages = new();
    private static long _full;
    private static long _incremental;
    private static long _adopted;
    private static long _hits;

    /// <summary>
    /// Indexes built from scratch, extended incrementally, adopted from the decision that extended them (<see cref="Adopt"/>),
    /// and answered as they were: for tests and diagnostics.
    /// </summary>
    public static (long Full, long Incremental, long Adopted, long Hits) Statistics =>
        (Interlocked.Read(ref _full), Interlocked.Read(ref _incremental), Interlocked.Read(ref _adopted), Interlocked.Read(ref _hits));

    /// <summary>The index of a timeline, built from all of its events (nothing remembered).</summary>
    public static TransferIndex Of(RegisterTimeline timeline) => Build(timeline.ProcessEvents.Select(x => x.Event), 0);

    /// <summary>
    /// The index of <paramref name="ledger"/>'s timeline: a remembered one of its lineage if it is of the same entries,
    /// extended from the newest one of fewer entries if the ledger's entries after those are ones the timeline placed
    /// after all of the earlier ones (appends, not back-dated entries), else built from the timeline.
    /// </summary>
    public static TransferIndex Of(CompanyLedger ledger)
    {
        if (!ledger.Exists) return Of(ledger.Timeline);
        var lineage = Lineages.GetValue(ledger.Log, _ => new Lineage());
        var known = lineage.Before(ledger.Count);
        TransferIndex index;
        if (known is not null && known.EntryCount == ledger.Count)
        {
            Interlocked.Increment(ref _hits);
            return known;
        }
        if (known is not null && ledger.EventsPlacedLastSince(known.EntryCount) is { } added)
        {
            index = known.Extend(added, ledger.Count);
            Interlocked.Increment(ref _incremental);
        }
        else
        {
            index = Build(ledger.Timeline.ProcessEvents.Select(x => x.Event), ledger.Count);
            Interlocked.Increment(ref _full);
        }
        lineage.Remember(index);
        return index;
    }

    /// <summary>
    /// Remembers <paramref name="index"/> as <paramref name="ledger"/>'s: the index a decision state extended with the
    /// events the ledger's last entries were made from (<see cref="DecisionState.TransfersIfExtended"/>, on the ledger
    /// before them), which is what <see cref="Of(CompanyLedger)"/> would extend the earlier index to. Spares the lineage a
    /// second extension by the same events.
    /// </summary>
    internal static void Adopt(CompanyLedger ledger, TransferIndex index)
    {
        if (!ledger.Exists) return;
        Lineages.GetValue(ledger.Log, _ => new Lineage())
            .Remember(new TransferIndex(ledger.Count, index._processes, index._recent, index._terms, index._lockUps) { _book = index._book, _all = index._all });
        Interlocked.Increment(ref _adopted);
    }

    private static TransferIndex Build(IEnumerable<LedgerEvent> events, int entryCount)
    {
        var byProcess = new Dictionary<string, List<LedgerEvent>>(StringComparer.Ordinal);
        var terms = ImmutableDictionary.CreateBuilder<string, AgreementTermsRecorded>(StringComparer.Ordinal);
        var lockUps = ImmutableDictionary.CreateBuilder<string, LockUpRecorded>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e)
            {
                case AgreementTermsRecorded t: terms[t.AgreementId] = t; break;
                case LockUpRecorded l: lockUps[l.AgreementId] = l; break;
                default:
                    if (TransferBook.ProcessIdOf(e) is not { } id) break;
                    if (!byProcess.TryGetValue(id, out var list)) byProcess[id] = list = new List<LedgerEvent>();
                    list.Add(e);
                    break;
            }
        }
        var processes = ImmutableDictionary.CreateBuilder<string, TransferProcess>(StringComparer.Ordinal);
        foreach (var (id, list) in byProcess) processes[id] = Fold(id, list);
        return new TransferIndex(entryCount, processes.ToImmutable(), [], terms.ToImmutable(), lockUps.ToImmutable());
    }

    /// <summary>This index followed by <paramref name="events"/> (in timeline order, after all it has seen), covering <paramref name="entryCount"/> entries.</summary>
    private TransferIndex Extend(IReadOnlyList<LedgerEvent> events, int entryCount)
    {
        var terms = _terms;
        var lockUps = _lockUps;
        List<(string Id, List<LedgerEvent> Added)>? touched = null;
        foreach (var e in events)
        {
            switch (e)
            {
                case AgreementTermsRecorded t: terms = terms.SetItem(t.AgreementId, t); break;
                case LockUpRecorded l: lockUps = lockUps.SetItem(l.AgreementId, l); break;
                default:
                    if (TransferBook.ProcessIdOf(e) is not { } id) break;
                    touched ??= new List<(string, List<LedgerEvent>)>();
                    var at = 0;
                    while (at < touched.Count && !string.Equals(touched[at].Id, id, StringComparison.Ordinal)) at++;
                    if (at == touched.Count) touched.Add((id, [e]));
                    else touched[at].Added.Add(e);
                    break;
            }
        }
        var processes = _processes;
        var recent = _recent;
        if (touched is not null)
        {
            // The recent list after the move, in one array of its final length: the processes not touched in their order,
            // then the touched ones in the order first touched here.
            var kept = 0;
            foreach (var r in recent)
                if (!Touched(touched, r.Id)) kept++;
            var moved = new (string Id, TransferProcess Process)[kept + touched.Count];
            var n = 0;
            foreach (var r in recent)
                if (!Touched(touched, r.Id)) moved[n++] = r;
            foreach (var (id, added) in touched)
            {
                // A process the index holds goes on from its state with the events added (TransferProcess.Then: the same as
                // folding all of its events); a new one is folded from its events, all of which are added here.
                var next = Find(id) is { } held ? held.Then(added) : Fold(id, added);
                moved[n++] = (id, next);
            }
            if (moved.Length > MaxRecent)
            {
                processes = processes.SetItems(moved.Select(x => KeyValuePair.Create(x.Id, x.Process)));
                moved = [];
            }
            recent = moved;
        }
        return new TransferIndex(entryCount, processes, recent, terms, lockUps);

        static bool Touched(List<(string Id, List<LedgerEvent> Added)> touched, string id)
        {
            foreach (var t in touched)
                if (string.Equals(t.Id, id, StringComparison.Ordinal)) return true;
            return false;
        }
    }

    /// <summary>One process folded from its own events, in timeline order: what a <see cref="TransferBook"/> of the whole timeline holds for it.</summary>
    private static TransferProcess Fold(string id, IEnumerable<LedgerEvent> events) => TransferBook.From(events).Find(id)!;
}
