using System.Collections;
using System.Runtime.ExceptionServices;
using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register.Events;

namespace Proviso.Domain.Register;

/// <summary>
/// A company's register events in effective order (by effective date, then by ledger sequence), with the register as
/// of the latest date kept up to date incrementally. A back-dated event (effective before the latest applied date)
/// is slotted into place and the latest register rebuilt, because a split does not commute with an issue.
/// </summary>
/// <remarks>
/// Register events read from a store (<see cref="AddStored"/>, <see cref="Load"/>) are kept as their stored payload,
/// which the caller holds anyway, not as the deserialised records: a company's history is mostly transfers, and keeping
/// a million deserialised records (some fifteen objects each) made every garbage collection of a replay walk them. They
/// are read again only when a past date or a back-dated entry needs them (<see cref="AsOf"/>, <see cref="Events"/>).
/// Every other event (terms, processes, consents, filings), which the processes look up, is kept deserialised.
/// </remarks>
public sealed class RegisterTimeline
{
    /// <summary>One entry of the timeline: its event, or (for a register event read from a store) the stored form of it.</summary>
    private readonly record struct Slot(long Sequence, LocalDate EffectiveOn, LedgerEvent? Event, string? EventType, string? Payload)
    {
        public LedgerEvent Read() => Event ?? EventCodec.Deserialize(EventType!, Payload!, Sequence);
    }

    private readonly List<Slot> _slots = new();

    public Register Latest { get; private set; } = new();

    /// <summary>Every event, in effective order, with its ledger sequence number.</summary>
    public IReadOnlyList<(long Sequence, LedgerEvent Event)> Events => new EventList(_slots);

    /// <summary>
    /// Every event that is not a register event (recorded terms, process steps, consents, filings), in effective order
    /// with its sequence number: what the processes fold, without reading the register's own history back.
    /// </summary>
    public IEnumerable<(long Sequence, LedgerEvent Event)> ProcessEvents
    {
        get
        {
            for (var i = 0; i < _slots.Count; i++)
                if (_slots[i].Event is { } e && !IsRegisterEvent(e)) yield return (_slots[i].Sequence, e);
        }
    }

    public long LastSequence { get; private set; }

    public static RegisterTimeline From(IEnumerable<(long Sequence, LedgerEvent Event)> events)
    {
        var t = new RegisterTimeline();
        foreach (var (seq, e) in events) t.Add(seq, e);
        return t;
    }

    /// <summary>An independent copy: adding to it does not change this timeline.</summary>
    public RegisterTimeline Clone()
    {
        var t = new RegisterTimeline { Latest = Latest.Clone(), LastSequence = LastSequence };
        t._slots.AddRange(_slots);
        return t;
    }

    /// <summary>Adds a recorded event (sequence numbers must increase) and brings <see cref="Latest"/> up to date.</summary>
    /// <remarks>If the event cannot apply (<see cref="RegisterInvariantException"/>), the timeline is left as it was.</remarks>
    public void Add(long sequence, LedgerEvent e) => Add(new Slot(sequence, e.EffectiveOn, e, null, null), e);

    /// <summary>
    /// Adds a stored entry (its event type and canonical payload, as <see cref="EventCodec"/> wrote them): as
    /// <see cref="Add(long, LedgerEvent)"/>, keeping a register event as its payload.
    /// </summary>
    /// <exception cref="LedgerFormatException">The type is unknown or the payload malformed.</exception>
    public void AddStored(long sequence, string eventType, string payload)
    {
        var e = EventCodec.Deserialize(eventType, payload, sequence);
        Add(SlotFor(sequence, eventType, payload, e), e);
    }

    /// <summary>
    /// Whether the timeline places an event effective on <paramref name="effectiveOn"/> after every earlier one (applying
    /// it to the latest register) rather than among them (replaying from its date), given the latest effective date of
    /// the events so far (null: none): it does unless the event is effective before that date. For those who keep track
    /// of the placement without a timeline at hand.
    /// </summary>
    public static bool PlacesLast(LocalDate? lastEffectiveOn, LocalDate effectiveOn) => lastEffectiveOn is not { } last || effectiveOn >= last;

    private void Add(Slot slot, LedgerEvent e)
    {
        var sequence = slot.Sequence;
        if (sequence <= LastSequence) throw new ArgumentException($"sequence {sequence} is not after {LastSequence}", nameof(sequence));
        if (PlacesLast(Latest.LastEffectiveOn, e.EffectiveOn))
        {
            try
            {
                Latest.Apply(e);
            }
            catch (RegisterInvariantException)
            {
                Latest = Replay(_slots, null);
                throw;
            }
            _slots.Add(slot);
            LastSequence = sequence;
            return;
        }
        var index = _slots.FindLastIndex(x => x.EffectiveOn <= e.EffectiveOn) + 1;
        var merged = new List<Slot>(_slots.Count + 1);
        merged.AddRange(_slots);
        merged.Insert(index, slot);
        Latest = Replay(merged, null);
        _slots.Clear();
        _slots.AddRange(merged);
        LastSequence = sequence;
    }

    /// <summary>A stored entry of a company's ledger, as the timeline reads it.</summary>
    public readonly record struct StoredEvent(long Sequence, string EventType, string Payload);

    /// <summary>
    /// How many stored entries <see cref="Load"/> reads ahead of the one it applies. Events read ahead survive the
    /// collections that happen before they are applied, so the batch is kept small enough not to fill the next generation.
    /// </summary>
    private const int LoadBatch = 1024;

    /// <summary>
    /// The processors that read ahead: all but the one applying. Applying is one thread's work in effective order, and
    /// on a machine of two processors a second reader would only take turns with it.
    /// </summary>
    private static readonly ParallelOptions ReadAheadOptions = new() { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount - 1) };

    /// <summary>
    /// The timeline of a whole ledger read from a store, in ledger order (sequence numbers increasing): the same timeline
    /// as adding each entry with <see cref="AddStored"/>, built faster. The payloads are read on the other processors while
    /// this one applies the entries read before them; a transfer in the codec's form is read in place and applied from
    /// its payload, without building the record (a million records and their strings were most of a load's garbage),
    /// with what its text alone tells (its holders' hashes, its certificates' numbers) worked out by the reading thread
    /// and what the register holds for it looked up ahead, a group at a time (<see cref="Register.Prefetch"/>); a
    /// holder's registration in the codec's form is checked in place and kept as its payload, the holder's record built
    /// when first asked for (<see cref="HolderList"/>);
    /// a ledger with back-dated entries is put in effective order and applied once, instead of being rebuilt at each
    /// back-dated entry.
    /// </summary>
    /// <exception cref="LedgerFormatException">An entry's type is unknown or its payload malformed (the first such entry).</exception>
    /// <exception cref="RegisterInvariantException">The events cannot apply in effective order (a corrupted ledger).</exception>
    public static RegisterTimeline Load(IReadOnlyList<StoredEvent> stored)
    {
        var t = new RegisterTimeline();
        var count = stored.Count;
        for (var i = 0; i < count; i++)
        {
            var previous = i == 0 ? 0 : stored[i - 1].Sequence;
            if (stored[i].Sequence <= previous) throw new ArgumentException($"sequence {stored[i].Sequence} is not after {previous}", nameof(stored));
        }
        t._slots.Capacity = count;
        var inOrder = true;
        // Two batches: one applied here while the other is read ahead.
        ReadAheadBatch applying = new(), reading = new();
        var hints = new Register.TransferHint[Register.PrefetchGroup];
        var next = count > 0 ? ReadAhead(stored, 0, reading) : null;
        for (var start = 0; start < count; start += LoadBatch)
        {
            next!.GetAwaiter().GetResult();
            (applying, reading) = (reading, applying);
            next = start + LoadBatch < count ? ReadAhead(stored, start + LoadBatch, reading) : null;
            for (var k = 0; k < applying.Length; k++)
            {
                if (k % Register.PrefetchGroup == 0 && inOrder)
                {
                    var group = Math.Min(Register.PrefetchGroup, applying.Length - k);
                    t.Latest.Prefetch(applying.Transfers.AsSpan(k, group), applying.Keys.AsSpan(k, group), hints);
                }
                var s = stored[start + k];
                if (applying.HolderIds[k] is { } holderId)
                {
                    var on = applying.HolderDates[k];
                    applying.HolderIds[k] = null;
                    if (inOrder && !PlacesLast(t.Latest.LastEffectiveOn, on)) inOrder = false;
                    if (inOrder) t.Latest.ApplyStoredHolder(holderId, s.Payload, on);
                    t._slots.Add(new Slot(s.Sequence, on, null, s.EventType, s.Payload));
                }
                else if (applying.Transfers[k].Payload is null)
                {
                    var e = applying.Events[k]!;
                    // Let go of it once applied: an event still referenced from the batch would survive the next collection.
                    applying.Events[k] = null;
                    if (inOrder && !PlacesLast(t.Latest.LastEffectiveOn, e.EffectiveOn)) inOrder = false;
                    if (inOrder) t.Latest.Apply(e);
                    t._slots.Add(SlotFor(s.Sequence, s.EventType, s.Payload, e));
                }
                else
                {
                    ref readonly var transfer = ref applying.Transfers[k];
                    if (inOrder && !PlacesLast(t.Latest.LastEffectiveOn, transfer.EffectiveOn)) inOrder = false;
                    if (inOrder) t.Latest.ApplyStoredTransfer(transfer, applying.Keys[k], hints[k % Register.PrefetchGroup]);
                    t._slots.Add(new Slot(s.Sequence, transfer.EffectiveOn, null, s.EventType, s.Payload));
                }
            }
        }
        if (count > 0) t.LastSequence = stored[count - 1].Sequence;
        if (!inOrder)
        {
            // Effective order is ledger order with each back-dated entry moved after the last entry effective on or
            // before its date: a stable sort by effective date, as adding the entries one by one would have placed them.
            var ordered = t._slots.OrderBy(x => x.EffectiveOn).ToList();
            t._slots.Clear();
            t._slots.AddRange(ordered);
            t.Latest = Replay(t._slots, null);
        }
        return t;
    }

    /// <summary>
    /// A batch of stored entries read ahead: for each, its event, or for a transfer in the codec's form (its event null),
    /// where its fields lie in its payload and what its text tells the register (<see cref="Register.ReadKeys"/>).
    /// Reused from batch to batch.
    /// </summary>
    private sealed class ReadAheadBatch
    {
        public readonly LedgerEvent?[] Events = new LedgerEvent?[LoadBatch];
        public readonly StoredTransfer[] Transfers = new StoredTransfer[LoadBatch];
        public readonly Register.StoredTransferKeys[] Keys = new Register.StoredTransferKeys[LoadBatch];
        public readonly LedgerFormatException?[] Errors = new LedgerFormatException?[LoadBatch];
        /// <summary>For a holder's registration in the codec's form (its event null): the holder's id and the date.</summary>
        public readonly string?[] HolderIds = new string?[LoadBatch];
        public readonly LocalDate[] HolderDates = new LocalDate[LoadBatch];
        public int Length;
    }

    /// <summary>Reads one batch of stored entries on the thread pool, in parallel; reports the first bad entry.</summary>
    private static Task ReadAhead(IReadOnlyList<StoredEvent> stored, int start, ReadAheadBatch batch) => Task.Run(() =>
    {
        batch.Length = Math.Min(LoadBatch, stored.Count - start);
        Parallel.For(0, batch.Length, ReadAheadOptions, k =>
        {
            var s = stored[start + k];
            try
            {
                if (EventCodec.IsTransfer(s.EventType) && EventCodec.TryReadStoredTransfer(s.Payload, out var transfer) && transfer.HasAllPortions)
                {
                    batch.Transfers[k] = transfer;
                    Register.ReadKeys(transfer, out batch.Keys[k]);
                    batch.Events[k] = null;
                    batch.HolderIds[k] = null;
                }
                else if (EventCodec.IsHolderRegistered(s.EventType) && EventCodec.TryScanHolderRegistered(s.Payload, out var holderId, out var on))
                {
                    batch.Transfers[k] = default;
                    batch.Events[k] = null;
                    batch.HolderIds[k] = s.Payload[holderId];
                    batch.HolderDates[k] = on;
                }
                else
                {
                    batch.Transfers[k] = default;
                    batch.Events[k] = EventCodec.Deserialize(s.EventType, s.Payload, s.Sequence);
                    batch.HolderIds[k] = null;
                }
            }
            catch (LedgerFormatException ex)
            {
                batch.Errors[k] = ex;
            }
        });
        for (var k = 0; k < batch.Length; k++)
            if (batch.Errors[k] is { } error) ExceptionDispatchInfo.Throw(error);
    });

    private static Slot SlotFor(long sequence, string eventType, string payload, LedgerEvent e) =>
        IsRegisterEvent(e) ? new Slot(sequence, e.EffectiveOn, null, eventType, payload) : new Slot(sequence, e.EffectiveOn, e, null, null);

    private static readonly string? RegisterEventsNamespace = typeof(SharesIssued).Namespace;

    private static bool IsRegisterEvent(LedgerEvent e) => ReferenceEquals(e.GetType().Namespace, RegisterEventsNamespace)
                                                          || e.GetType().Namespace == RegisterEventsNamespace;

    /// <summary>
    /// The register as of the end of <paramref name="date"/>: every event effective on or before it, in effective order.
    /// The result is the caller's own: later additions to the timeline do not change it.
    /// </summary>
    public Register AsOf(LocalDate date)
    {
        if (Latest.LastEffectiveOn is null || date >= Latest.LastEffectiveOn) return Latest.Clone();
        return Replay(_slots, date);
    }

    private static Register Replay(List<Slot> ordered, LocalDate? asOf)
    {
        var r = new Register();
        foreach (var slot in ordered)
        {
            if (asOf is { } d && slot.EffectiveOn > d) break;
            r.Apply(slot.Read());
        }
        return r;
    }

    /// <summary>
    /// Whether the timeline would still replay if <paramref name="added"/> were recorded now with effective date before
    /// later entries; returns the problem if not.
    /// </summary>
    public string? CheckInsertion(IReadOnlyList<LedgerEvent> added)
    {
        var merged = _slots.ToList();
        foreach (var e in added)
        {
            var index = merged.FindLastIndex(x => x.EffectiveOn <= e.EffectiveOn) + 1;
            merged.Insert(index, new Slot(0, e.EffectiveOn, e, null, null));
        }
        try
        {
            Replay(merged, null);
            return null;
        }
        catch (RegisterInvariantException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The events of the slots, read when asked for (a register event kept as its payload is deserialised then).</summary>
    private sealed class EventList(List<Slot> slots) : IReadOnlyList<(long Sequence, LedgerEvent Event)>
    {
        public int Count => slots.Count;

        public (long Sequence, LedgerEvent Event) this[int index] => (slots[index].Sequence, slots[index].Read());

        public IEnumerator<(long Sequence, LedgerEvent Event)> GetEnumerator()
        {
            for (var i = 0; i < slots.Count; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
