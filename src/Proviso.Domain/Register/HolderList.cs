using System.Collections;
using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register.Events;

namespace Proviso.Domain.Register;

/// <summary>
/// The register's holders by ordinal. A holder registered by a stored entry that a bulk load read in the codec's form
/// (<see cref="RegisterTimeline.Load"/>) is kept as that entry's payload, with its date, and its record is built when
/// first asked for: loading a long history registers a holder in one entry of ten, and building a record, its addresses
/// and their strings for each was most of what a load kept alive for the garbage collector to trace and copy, for
/// holders whose details a load never reads (applying a transfer needs only their ids, which the holder table keeps).
/// <para>A register is read by many threads at once and changed by one that has it to itself (see
/// <see cref="Register"/>): a record built on reading is stored with a single reference write, and two readers that
/// build the same one at once each get an equal record.</para>
/// </summary>
internal sealed class HolderList : IEnumerable<Holder>
{
    /// <summary>Each holder: its <see cref="Holder"/>, or the payload of the <see cref="HolderRegistered"/> entry that registered it.</summary>
    private object[] _items;
    private LocalDate[] _registeredOn;
    private int _count;

    public HolderList()
    {
        _items = new object[16];
        _registeredOn = new LocalDate[16];
    }

    private HolderList(HolderList other)
    {
        _items = (object[])other._items.Clone();
        _registeredOn = (LocalDate[])other._registeredOn.Clone();
        _count = other._count;
    }

    public int Count => _count;

    /// <summary>The holder at <paramref name="ordinal"/> (built from its registration when first asked for).</summary>
    public Holder this[int ordinal]
    {
        get
        {
            if ((uint)ordinal >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(ordinal));
            var items = _items;
            var item = Volatile.Read(ref items[ordinal]);
            if (item is Holder holder) return holder;
            var built = Of(Registration((string)item));
            Volatile.Write(ref items[ordinal], built);
            return built;
        }
    }

    /// <summary>The date the holder at <paramref name="ordinal"/> was registered, without building its record.</summary>
    public LocalDate RegisteredOn(int ordinal) =>
        (uint)ordinal < (uint)_count ? _registeredOn[ordinal] : throw new ArgumentOutOfRangeException(nameof(ordinal));

    public void Add(Holder holder) => Append(holder, holder.RegisteredOn);

    /// <summary>Adds a holder registered by a stored payload that <see cref="EventCodec.TryScanHolderRegistered"/> read.</summary>
    public void AddStored(string payload, LocalDate registeredOn) => Append(payload, registeredOn);

    /// <summary>Replaces the record of the holder at <paramref name="ordinal"/> (new notice details); its registration date stays.</summary>
    public void Set(int ordinal, Holder holder)
    {
        if ((uint)ordinal >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(ordinal));
        _items[ordinal] = holder;
    }

    /// <summary>An independent copy (records and payloads are immutable and shared).</summary>
    public HolderList Clone() => new(this);

    /// <summary>The record a <see cref="HolderRegistered"/> event registers.</summary>
    public static Holder Of(HolderRegistered h) =>
        new(h.HolderId, h.Name, h.Kind, h.Jurisdiction, h.TimeZone, h.Addresses,
            h.BusinessHoursStart ?? Holder.DefaultBusinessHoursStart, h.BusinessHoursEnd ?? Holder.DefaultBusinessHoursEnd,
            h.EffectiveOn, h.Note);

    public IEnumerator<Holder> GetEnumerator()
    {
        for (var i = 0; i < _count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The registration a stored payload holds: read by the codec's own reader, which read it when it was loaded.</summary>
    private static HolderRegistered Registration(string payload) =>
        EventCodec.TryReadHolderRegistered(payload) ?? (HolderRegistered)EventCodec.Deserialize(nameof(HolderRegistered), payload);

    private void Append(object item, LocalDate registeredOn)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
            Array.Resize(ref _registeredOn, _count * 2);
        }
        _items[_count] = item;
        _registeredOn[_count] = registeredOn;
        _count++;
    }
}
