using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register.Events;

namespace Proviso.Domain.Register;

/// <summary>
/// Applying a transfer, the commonest event of a history: from the recorded event, or (loading a ledger) in place from
/// its stored payload, without building the record and its strings (see <see cref="RegisterTimeline.Load"/>).
/// </summary>
public sealed partial class Register
{
    /// <summary>
    /// Applies a stored <see cref="SharesTransferred"/> that <see cref="EventCodec.TryReadStoredTransfer"/> has read, with
    /// all its source certificates (<see cref="StoredTransfer.HasAllPortions"/>): the same as <see cref="Apply"/> of the
    /// record the payload holds.
    /// </summary>
    internal void ApplyStoredTransfer(in StoredTransfer t)
    {
        _holdingIndex = null;
        ApplyTransfer(new EventContext(nameof(SharesTransferred), t.EffectiveOn), new TransferFields(t));
        Applied(t.EffectiveOn);
    }

    /// <summary>How many stored transfers <see cref="Prefetch"/> reads for at once.</summary>
    internal const int PrefetchGroup = 32;

    /// <summary>What <see cref="Prefetch"/> read, kept so that its reads are not optimised away.</summary>
    private long _prefetched;

    /// <summary>
    /// Brings into the processor's cache what applying these stored transfers next (those with a payload) will read:
    /// their holders, holdings and first source certificates, those certificates' neighbours in their holding, and the
    /// last certificate of the receiving holding (a new certificate is linked after it).
    /// </summary>
    /// <remarks>
    /// Loading a large register waits on memory: a transfer reads some ten places scattered over tens of megabytes of
    /// holders, holdings and certificates, each found from the one before (holder, holding, certificate), so applied
    /// one at a time the processor waits for one read after another. Read stage by stage for a group of
    /// transfers, the reads of a stage do not depend on each other and the processor makes them together. Nothing found
    /// here is kept: an event of the group applied before a transfer (a new holder, a cancelled certificate) cannot make
    /// the transfer's application wrong, only its reads slower.
    /// </remarks>
    internal void Prefetch(ReadOnlySpan<StoredTransfer> upcoming)
    {
        var n = Math.Min(upcoming.Length, PrefetchGroup);
        // What each stage found for each transfer of the group, for the next stage to read (-1: nothing).
        Span<int> fromHolding = stackalloc int[PrefetchGroup];
        Span<int> toHolding = stackalloc int[PrefetchGroup];
        Span<int> source = stackalloc int[PrefetchGroup];
        Span<int> toLast = stackalloc int[PrefetchGroup];
        Span<int> sourcePrevious = stackalloc int[PrefetchGroup];
        Span<int> sourceNext = stackalloc int[PrefetchGroup];
        Span<int> classes = stackalloc int[PrefetchGroup];
        long read = 0;
        // Holders: the hashes first, then one read of each table entry in a loop of its own (nothing in it waits for
        // another's read), then the lookups, which find the entries in the cache.
        for (var i = 0; i < n; i++)
        {
            ref readonly var t = ref upcoming[i];
            fromHolding[i] = t.Payload is null ? 0 : IdTable.HashOf(t.Payload.AsSpan(t.From));
            toHolding[i] = t.Payload is null ? 0 : IdTable.HashOf(t.Payload.AsSpan(t.To));
        }
        for (var i = 0; i < n; i++) read += _holderTable.Touch(fromHolding[i]) + _holderTable.Touch(toHolding[i]);
        for (var i = 0; i < n; i++)
        {
            ref readonly var t = ref upcoming[i];
            fromHolding[i] = t.Payload is null ? -1 : _holderTable.Find(t.Payload.AsSpan(t.From), fromHolding[i]);
            toHolding[i] = t.Payload is null ? -1 : _holderTable.Find(t.Payload.AsSpan(t.To), toHolding[i]);
            classes[i] = t.Payload is null ? -1 : ClassOrdinal(t.Payload.AsSpan(t.Class));
        }
        // Holdings, the same way.
        for (var i = 0; i < n; i++)
        {
            if (classes[i] < 0) continue;
            if (fromHolding[i] >= 0) read += _positionIndex.Touch(PositionKeyOf(fromHolding[i], classes[i]));
            if (toHolding[i] >= 0) read += _positionIndex.Touch(PositionKeyOf(toHolding[i], classes[i]));
        }
        for (var i = 0; i < n; i++)
        {
            fromHolding[i] = fromHolding[i] >= 0 && classes[i] >= 0 ? _positionIndex.Find(PositionKeyOf(fromHolding[i], classes[i])) : -1;
            toHolding[i] = toHolding[i] >= 0 && classes[i] >= 0 ? _positionIndex.Find(PositionKeyOf(toHolding[i], classes[i])) : -1;
        }
        // The holdings' slots, and the first source certificate of each transfer: its key, then its slot.
        Span<long> sourceKey = stackalloc long[PrefetchGroup];
        for (var i = 0; i < n; i++)
        {
            ref readonly var t = ref upcoming[i];
            if (t.Payload is null || t.PortionCount == 0 || !TryStructuredKey(t.Payload.AsSpan(t.FirstPortions[0].Id), out sourceKey[i])) sourceKey[i] = -1;
            if (fromHolding[i] >= 0) read += _positionSlots[fromHolding[i]].Shares;
            toLast[i] = toHolding[i] >= 0 ? _positionSlots[toHolding[i]].Last : -1;
        }
        for (var i = 0; i < n; i++) source[i] = sourceKey[i] >= 0 ? SlotOfKey(sourceKey[i]) : -1;
        // The source certificates and the receiving holdings' last ones; then the sources' neighbours, which removing them relinks.
        for (var i = 0; i < n; i++)
        {
            if (toLast[i] >= 0) read += _certificateSlots[toLast[i]].Shares;
            sourcePrevious[i] = source[i] >= 0 ? _certificateSlots[source[i]].Previous : -1;
            sourceNext[i] = source[i] >= 0 ? _certificateSlots[source[i]].Next : -1;
        }
        for (var i = 0; i < n; i++)
        {
            if (sourcePrevious[i] >= 0) read += _certificateSlots[sourcePrevious[i]].Shares;
            if (sourceNext[i] >= 0) read += _certificateSlots[sourceNext[i]].Shares;
        }
        _prefetched = read;
    }

    private void ApplyTransfer(EventContext at, in TransferFields t)
    {
        // Each holding is looked up once.
        var to = RequireHolder(at, t.ToHolderId);
        var from = FindPosition(t.FromHolderId, t.ClassId);
        var balance = TakeCertificates(at, from, t.FromHolderId, t.ClassId, t.Portions, t.Shares);
        var legends = HasLegends(from) ? LegendsOfPosition(from).ToArray() : null;
        if (balance.IsPositive)
        {
            if (!t.HasBalance) throw Invariant(at, "a balance remains but no balance certificate is named");
            AddCertificate(at, t.BalanceCertificateId, from, balance, t.EffectiveOn);
        }
        AddCertificate(at, t.NewCertificateId, PositionFor(to, _positionSlots[from].Class), t.Shares, t.EffectiveOn, legends);
    }

    /// <summary>A transfer's fields as applying it reads them: the record's strings, or the payload's text in place.</summary>
    private readonly ref struct TransferFields
    {
        public readonly ReadOnlySpan<char> FromHolderId, ToHolderId, ClassId, NewCertificateId, BalanceCertificateId;
        public readonly bool HasBalance;
        public readonly ShareCount Shares;
        public readonly LocalDate EffectiveOn;
        public readonly CertificatePortions Portions;

        public TransferFields(SharesTransferred t)
        {
            FromHolderId = t.FromHolderId;
            ToHolderId = t.ToHolderId;
            ClassId = t.ClassId;
            NewCertificateId = t.NewCertificateId;
            BalanceCertificateId = t.BalanceCertificateId;
            HasBalance = t.BalanceCertificateId is not null;
            Shares = t.Shares;
            EffectiveOn = t.EffectiveOn;
            Portions = new CertificatePortions(t.SourceCertificates);
        }

        public TransferFields(in StoredTransfer t)
        {
            var text = t.Payload.AsSpan();
            FromHolderId = text[t.From];
            ToHolderId = text[t.To];
            ClassId = text[t.Class];
            NewCertificateId = text[t.New];
            if (t.Balance is { } balance) BalanceCertificateId = text[balance];
            HasBalance = t.Balance is not null;
            Shares = new ShareCount(t.Shares);
            EffectiveOn = t.EffectiveOn;
            Portions = new CertificatePortions(t.Payload, t.FirstPortions[..t.PortionCount]);
        }
    }

    /// <summary>The certificates an event names: from the event's list, or read in place from a stored payload.</summary>
    private readonly ref struct CertificatePortions
    {
        private readonly IReadOnlyList<CertificatePortion>? _list;
        private readonly ReadOnlySpan<char> _payload;
        private readonly ReadOnlySpan<StoredPortion> _stored;

        public CertificatePortions(IReadOnlyList<CertificatePortion> list) => _list = list;

        public CertificatePortions(string payload, ReadOnlySpan<StoredPortion> stored)
        {
            _payload = payload;
            _stored = stored;
        }

        public int Count => _list?.Count ?? _stored.Length;

        public ReadOnlySpan<char> Id(int i) => _list is null ? _payload[_stored[i].Id] : _list[i].CertificateId;

        public ShareCount Shares(int i) => _list is null ? new ShareCount(_stored[i].Shares) : _list[i].Shares;
    }

    /// <summary>The event being applied, as an invariant error names it: the event, or the type and date of one applied from its payload.</summary>
    private readonly struct EventContext
    {
        private readonly LedgerEvent? _event;
        private readonly string? _type;
        private readonly LocalDate _effectiveOn;

        public EventContext(string type, LocalDate effectiveOn) => (_type, _effectiveOn) = (type, effectiveOn);

        private EventContext(LedgerEvent e) => _event = e;

        public string Type => _type ?? _event!.GetType().Name;

        public LocalDate EffectiveOn => _event?.EffectiveOn ?? _effectiveOn;

        public static implicit operator EventContext(LedgerEvent e) => new(e);
    }
}
