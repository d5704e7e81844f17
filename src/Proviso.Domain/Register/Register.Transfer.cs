using System.Runtime.CompilerServices;
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
    /// record the payload holds. <paramref name="keys"/> are <see cref="ReadKeys"/>'s for it; <paramref name="hint"/> is
    /// what <see cref="Prefetch"/> found for it (<see cref="TransferHint.None"/> if nothing).
    /// </summary>
    internal void ApplyStoredTransfer(in StoredTransfer t, in StoredTransferKeys keys, in TransferHint hint)
    {
        _holdingIndex = null;
        ApplyTransfer(new EventContext(nameof(SharesTransferred), t.EffectiveOn), new TransferFields(t, keys, hint));
        Applied(t.EffectiveOn);
    }

    /// <summary>
    /// What a stored transfer's text alone tells about looking it up in a register: its holders' hashes and the numbers
    /// of its certificate ids. Worked out by whoever reads the payload (<see cref="RegisterTimeline.Load"/>'s reading
    /// thread), so that the thread applying it has less to do.
    /// </summary>
    internal struct StoredTransferKeys
    {
        public const int New = StoredPortions.Length, Balance = New + 1;

        public int FromHash, ToHash;

        /// <summary>
        /// The numbers of its certificate ids (source portions by index, then <see cref="New"/> and <see cref="Balance"/>):
        /// for an id of the register's pattern whose prefix is the transfer's class id, the number (its key in the
        /// transfer's class, see <see cref="TryStructuredKey"/>); -1 for any other id, looked up by its text.
        /// </summary>
        public CertificateNumbers Numbers;
    }

    [InlineArray(StoredTransferKeys.Balance + 1)]
    internal struct CertificateNumbers
    {
        private long _first;
    }

    /// <summary>Reads <see cref="StoredTransferKeys"/> from a stored transfer's text: no register needed, any thread.</summary>
    internal static void ReadKeys(in StoredTransfer t, out StoredTransferKeys keys)
    {
        var text = t.Payload.AsSpan();
        var cls = text[t.Class];
        keys = default;
        keys.FromHash = IdTable.HashOf(text[t.From]);
        keys.ToHash = IdTable.HashOf(text[t.To]);
        for (var i = 0; i < StoredPortions.Length; i++) keys.Numbers[i] = i < t.PortionCount ? NumberInClass(text[t.FirstPortions[i].Id], cls) : -1;
        keys.Numbers[StoredTransferKeys.New] = NumberInClass(text[t.New], cls);
        keys.Numbers[StoredTransferKeys.Balance] = t.Balance is { } balance ? NumberInClass(text[balance], cls) : -1;
    }

    private static long NumberInClass(ReadOnlySpan<char> id, ReadOnlySpan<char> classId) =>
        TryNumberedId(id, out var dash, out var number) && id[..dash].SequenceEqual(classId) ? number : -1;

    /// <summary>
    /// What <see cref="Prefetch"/> found for a stored transfer: its receiving holder, its class, its holdings and its
    /// source certificates' slots (-1: not found, looked up again when applied). Holders, classes and holdings are never
    /// removed, so one found stays right; a certificate found may have been cancelled since (by an event applied in
    /// between), and is used only if its slot still holds it.
    /// </summary>
    internal struct TransferHint
    {
        public int ToHolder, Class, FromPosition, ToPosition;
        public SourceSlots Sources;

        public static TransferHint None
        {
            get
            {
                var hint = new TransferHint { ToHolder = -1, Class = -1, FromPosition = -1, ToPosition = -1 };
                ((Span<int>)hint.Sources).Fill(-1);
                return hint;
            }
        }
    }

    [InlineArray(StoredPortions.Length)]
    internal struct SourceSlots
    {
        private int _first;
    }

    /// <summary>How many stored transfers <see cref="Prefetch"/> reads for at once.</summary>
    internal const int PrefetchGroup = 32;

    /// <summary>What <see cref="Prefetch"/> read, kept so that its reads are not optimised away.</summary>
    private long _prefetched;

    /// <summary>
    /// Brings into the processor's cache what applying these stored transfers next (those with a payload) will read:
    /// their holders, holdings and source certificates, the first source certificate's neighbours in its holding, and
    /// the last certificate of the receiving holding (a new certificate is linked after it); and gives what it found
    /// for each in <paramref name="hints"/>, so that applying it does not look it up again.
    /// </summary>
    /// <remarks>
    /// Loading a large register waits on memory: a transfer reads some ten places scattered over tens of megabytes of
    /// holders, holdings and certificates, each found from the one before (holder, holding, certificate), so applied
    /// one at a time the processor waits for one read after another. Read stage by stage for a group of
    /// transfers, the reads of a stage do not depend on each other and the processor makes them together. An event of
    /// the group applied before a transfer (a new holder, a cancelled certificate) cannot make what was found for the
    /// transfer wrong: see <see cref="TransferHint"/>.
    /// </remarks>
    internal void Prefetch(ReadOnlySpan<StoredTransfer> upcoming, ReadOnlySpan<StoredTransferKeys> keys, Span<TransferHint> hints)
    {
        var n = Math.Min(upcoming.Length, PrefetchGroup);
        // What each stage found for each transfer of the group, for the next stage to read (-1: nothing).
        Span<int> fromHolding = stackalloc int[PrefetchGroup];
        Span<int> toHolding = stackalloc int[PrefetchGroup];
        Span<int> toLast = stackalloc int[PrefetchGroup];
        Span<int> sourcePrevious = stackalloc int[PrefetchGroup];
        Span<int> sourceNext = stackalloc int[PrefetchGroup];
        long read = 0;
        // Holders: one read of each table entry in a loop of its own (nothing in it waits for another's read), then the
        // lookups, which find the entries in the cache.
        for (var i = 0; i < n; i++)
            if (upcoming[i].Payload is not null) read += _holderTable.Touch(keys[i].FromHash) + _holderTable.Touch(keys[i].ToHash);
        for (var i = 0; i < n; i++)
        {
            ref readonly var t = ref upcoming[i];
            ref var hint = ref hints[i];
            hint = TransferHint.None;
            fromHolding[i] = toHolding[i] = -1;
            if (t.Payload is null) continue;
            hint.Class = ClassOrdinal(t.Payload.AsSpan(t.Class));
            if (hint.Class < 0) continue;
            fromHolding[i] = _holderTable.Find(t.Payload.AsSpan(t.From), keys[i].FromHash);
            toHolding[i] = hint.ToHolder = _holderTable.Find(t.Payload.AsSpan(t.To), keys[i].ToHash);
        }
        // Holdings, the same way.
        for (var i = 0; i < n; i++)
        {
            if (fromHolding[i] >= 0) read += _positionIndex.Touch(PositionKeyOf(fromHolding[i], hints[i].Class));
            if (toHolding[i] >= 0) read += _positionIndex.Touch(PositionKeyOf(toHolding[i], hints[i].Class));
        }
        for (var i = 0; i < n; i++)
        {
            if (fromHolding[i] >= 0) hints[i].FromPosition = _positionIndex.Find(PositionKeyOf(fromHolding[i], hints[i].Class));
            if (toHolding[i] >= 0) hints[i].ToPosition = _positionIndex.Find(PositionKeyOf(toHolding[i], hints[i].Class));
        }
        // The holdings' slots, and the source certificates' slots from their keys.
        for (var i = 0; i < n; i++)
        {
            ref var hint = ref hints[i];
            if (hint.FromPosition >= 0) read += _positionSlots[hint.FromPosition].Shares;
            toLast[i] = hint.ToPosition >= 0 ? _positionSlots[hint.ToPosition].Last : -1;
            if (hint.Class < 0) continue;
            for (var k = 0; k < Math.Min(upcoming[i].PortionCount, StoredPortions.Length); k++)
                if (keys[i].Numbers[k] >= 0) hint.Sources[k] = SlotOfKey(((long)hint.Class << NumberBits) | keys[i].Numbers[k]);
        }
        // The source certificates and the receiving holdings' last ones; then the first source's neighbours, which removing it relinks.
        for (var i = 0; i < n; i++)
        {
            if (toLast[i] >= 0) read += _certificateSlots[toLast[i]].Shares;
            var first = hints[i].Sources[0];
            sourcePrevious[i] = first >= 0 ? _certificateSlots[first].Previous : -1;
            sourceNext[i] = first >= 0 ? _certificateSlots[first].Next : -1;
            for (var k = 1; k < StoredPortions.Length; k++)
                if (hints[i].Sources[k] >= 0) read += _certificateSlots[hints[i].Sources[k]].Shares;
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
        // Each holding is looked up once (or not at all, when Prefetch found it).
        var to = t.ToHolder >= 0 ? t.ToHolder : RequireHolder(at, t.ToHolderId);
        var from = t.FromPosition >= 0 ? t.FromPosition : FindPosition(t.FromHolderId, t.ClassId);
        var balance = TakeCertificates(at, from, t.FromHolderId, t.ClassId, t.Portions, t.Shares);
        var legends = _positionSlots[from].Legends;
        if (balance.IsPositive)
        {
            if (!t.HasBalance) throw Invariant(at, "a balance remains but no balance certificate is named");
            AddCertificate(at, t.BalanceCertificateId, from, balance, t.EffectiveOn, number: t.BalanceNumber);
        }
        var toPosition = t.ToPosition >= 0 ? t.ToPosition : PositionFor(to, _positionSlots[from].Class);
        AddCertificate(at, t.NewCertificateId, toPosition, t.Shares, t.EffectiveOn, legends, t.NewNumber);
    }

    /// <summary>
    /// The slot of a live certificate an event names (-1: none), in the holding it is taken from: by the number
    /// <see cref="ReadKeys"/> read when there is one (the key in the holding's class), otherwise by its text.
    /// </summary>
    private int FindPortion(in CertificatePortions portions, int i, int position)
    {
        var number = portions.Number(i);
        if (number < 0) return FindCertificate(portions.Id(i));
        var key = ((long)_positionSlots[position].Class << NumberBits) | number;
        var hint = portions.Slot(i);
        return hint >= 0 && _certificateSlots[hint].Position >= 0 && _certificateSlots[hint].Key == key ? hint : SlotOfKey(key);
    }

    /// <summary>
    /// A transfer's fields as applying it reads them: the record's strings, or the payload's text in place with what the
    /// reading thread and <see cref="Prefetch"/> worked out (-1 where nothing was).
    /// </summary>
    private readonly ref struct TransferFields
    {
        public readonly ReadOnlySpan<char> FromHolderId, ToHolderId, ClassId, NewCertificateId, BalanceCertificateId;
        public readonly bool HasBalance;
        public readonly ShareCount Shares;
        public readonly LocalDate EffectiveOn;
        public readonly CertificatePortions Portions;
        public readonly int ToHolder, FromPosition, ToPosition;
        public readonly long NewNumber, BalanceNumber;

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
            ToHolder = FromPosition = ToPosition = -1;
            NewNumber = BalanceNumber = -1;
        }

        public TransferFields(in StoredTransfer t, in StoredTransferKeys keys, in TransferHint hint)
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
            Portions = new CertificatePortions(t.Payload, t.FirstPortions[..t.PortionCount], keys.Numbers[..t.PortionCount], hint.Sources[..t.PortionCount]);
            ToHolder = hint.ToHolder;
            FromPosition = hint.FromPosition;
            ToPosition = hint.ToPosition;
            NewNumber = keys.Numbers[StoredTransferKeys.New];
            BalanceNumber = keys.Numbers[StoredTransferKeys.Balance];
        }
    }

    /// <summary>
    /// The certificates an event names: from the event's list, or read in place from a stored payload with their
    /// numbers (see <see cref="StoredTransferKeys.Numbers"/>) and the slots <see cref="Prefetch"/> found (-1: none).
    /// </summary>
    private readonly ref struct CertificatePortions
    {
        private readonly IReadOnlyList<CertificatePortion>? _list;
        private readonly ReadOnlySpan<char> _payload;
        private readonly ReadOnlySpan<StoredPortion> _stored;
        private readonly ReadOnlySpan<long> _numbers;
        private readonly ReadOnlySpan<int> _slots;

        public CertificatePortions(IReadOnlyList<CertificatePortion> list) => _list = list;

        public CertificatePortions(string payload, ReadOnlySpan<StoredPortion> stored, ReadOnlySpan<long> numbers, ReadOnlySpan<int> slots)
        {
            _payload = payload;
            _stored = stored;
            _numbers = numbers;
            _slots = slots;
        }

        public int Count => _list?.Count ?? _stored.Length;

        public ReadOnlySpan<char> Id(int i) => _list is null ? _payload[_stored[i].Id] : _list[i].CertificateId;

        public ShareCount Shares(int i) => _list is null ? new ShareCount(_stored[i].Shares) : _list[i].Shares;

        public long Number(int i) => _list is null ? _numbers[i] : -1;

        public int Slot(int i) => _list is null ? _slots[i] : -1;
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
