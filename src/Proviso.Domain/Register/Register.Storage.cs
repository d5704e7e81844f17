using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using NodaTime;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register;

/// <summary>
/// How the register keeps its holdings and certificates: in arrays of plain values keyed by ordinals, not as objects.
/// </summary>
/// <remarks>
/// A company's history is mostly transfers, and every transfer cancels certificates and issues new ones. Kept as objects
/// in dictionaries (a record per certificate, a list of certificate ids per holding), a replay of a million events made
/// the garbage collector trace and copy hundreds of thousands of live objects again and again, and every write of a new
/// object into an old dictionary was a cross-generation reference for it to scan: most of a replay's time. Here a
/// holding is a <see cref="PositionSlot"/> and a certificate a <see cref="CertificateSlot"/>, value types without
/// references in two growable arrays; holders and classes are ordinals; a certificate whose id follows the register's
/// own pattern ("class-a-0004": a class id, a dash, at least four digits) is keyed by (class ordinal, number), with no
/// string kept for it; any other id is kept as its string. The <see cref="Certificate"/> records the API hands out are
/// built when asked for. A certificate bears the legends and stop-transfer notation of its holding: they are placed
/// on and lifted from every certificate of a holding at once, and a new certificate starts with its holding's.
/// </remarks>
public sealed partial class Register
{
    /// <summary>One holding: a holder's shares of a class and its certificates (a list through the certificate slots, oldest first).</summary>
    internal struct PositionSlot
    {
        public int Holder;
        public int Class;
        public long Shares;
        public int First;
        public int Last;
        public int CertificateCount;
        /// <summary>Its legends: an index into the register's distinct legend lists (0: none).</summary>
        public int Legends;
    }

    /// <summary>One certificate, or a free slot (<see cref="Position"/> is -1).</summary>
    internal struct CertificateSlot
    {
        /// <summary>(class ordinal &lt;&lt; 40) | number for an id of the register's pattern; otherwise -(index in the other ids + 1).</summary>
        public long Key;
        public long Shares;
        public LocalDate IssuedOn;
        /// <summary>Its legends: an index into the register's distinct legend lists (0: none).</summary>
        public int Legends;
        public int Position;
        public int Previous;
        /// <summary>The next certificate of the holding (-1 at the end), or for a free slot the next free one.</summary>
        public int Next;
    }

    private const int NumberBits = 40;
    private const long MaxNumber = (1L << NumberBits) - 1;

    private readonly Dictionary<string, int> _classOrdinals = new(StringComparer.Ordinal);
    private readonly List<string> _classIds = new();
    private IdTable _holderTable = new();
    /// <summary>The holders' ids by ordinal.</summary>
    private List<string> _holderIds => _holderTable.Ids;
    private HolderList _holderList = new();

    private PositionSlot[] _positionSlots = new PositionSlot[16];
    private int _positionCount;
    private KeyTable _positionIndex = new();
    private readonly Dictionary<int, string> _positionStops = new();

    private CertificateSlot[] _certificateSlots = new CertificateSlot[16];
    /// <summary>Slots used so far (live or free); free slots are reused last freed first, as a dictionary reuses its entries.</summary>
    private int _certificateSlotCount;
    private int _freeCertificate = -1;
    private int _certificateCount;
    /// <summary>By class ordinal, the slot + 1 of each certificate number below the array's length (0: none).</summary>
    private int[]?[] _slotByNumber = [];
    /// <summary>Keys whose number is beyond their class's array (far beyond the certificates on the register).</summary>
    private readonly Dictionary<long, int> _certificateIndex = new();
    private readonly Dictionary<string, int> _otherCertificateIndex = new(StringComparer.Ordinal);
    private readonly List<string> _otherCertificateIds = new();
    private readonly List<string[]> _legendLists = [[]];
    private readonly Dictionary<string, int> _legendListIndex = new(StringComparer.Ordinal) { [""] = 0 };

    private static long PositionKeyOf(int holder, int cls) => ((long)holder << 32) | (uint)cls;

    private int HolderOrdinal(ReadOnlySpan<char> holderId) => _holderTable.Find(holderId);

    private int ClassOrdinal(string classId) => ClassOrdinal(classId.AsSpan());

    /// <summary>
    /// A class's ordinal, or -1. A register has a handful of classes: compared in place one by one (a few characters
    /// each) rather than hashed, unless there are many.
    /// </summary>
    private int ClassOrdinal(ReadOnlySpan<char> classId)
    {
        if (_classIds.Count > 8) return _classOrdinals.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(classId, out var c) ? c : -1;
        for (var i = 0; i < _classIds.Count; i++)
            if (classId.SequenceEqual(_classIds[i])) return i;
        return -1;
    }

    /// <summary>The slot of a holding, or -1 if the holder never held the class.</summary>
    private int FindPosition(ReadOnlySpan<char> holderId, ReadOnlySpan<char> classId)
    {
        var h = HolderOrdinal(holderId);
        var c = h < 0 ? -1 : ClassOrdinal(classId);
        return c >= 0 ? _positionIndex.Find(PositionKeyOf(h, c)) : -1;
    }

    private int PositionFor(int holder, int cls)
    {
        var key = PositionKeyOf(holder, cls);
        var found = _positionIndex.Find(key);
        if (found >= 0) return found;
        if (_positionCount == _positionSlots.Length) Array.Resize(ref _positionSlots, _positionSlots.Length * 2);
        var slot = _positionCount;
        _positionSlots[_positionCount++] = new PositionSlot { Holder = holder, Class = cls, First = -1, Last = -1 };
        _positionIndex.Add(key, slot);
        return slot;
    }

    private IReadOnlyList<string> LegendsOfPosition(int position) => _legendLists[_positionSlots[position].Legends];

    private void AddLegend(int position, string legend)
    {
        var list = _legendLists[_positionSlots[position].Legends];
        if (list.Contains(legend)) return;
        _positionSlots[position].Legends = LegendListOf([.. list, legend]);
    }

    /// <summary>
    /// Adds to a holding each legend of a list (an index into the distinct lists, see <see cref="LegendListOf"/>) that it
    /// does not bear yet, in the list's order: a certificate issued into it inherits them. Nothing to do when the holding
    /// already bears that very list, as the holdings a transfer moves shares between usually do.
    /// </summary>
    private void InheritLegends(int position, int legends)
    {
        if (legends == 0 || _positionSlots[position].Legends == legends) return;
        // A holding without legends takes the list as it is (a distinct list never names a legend twice).
        if (_positionSlots[position].Legends == 0)
        {
            _positionSlots[position].Legends = legends;
            return;
        }
        // The distinct lists never change: safe to walk while the holding's own list grows (a holding inheriting its own).
        foreach (var l in _legendLists[legends]) AddLegend(position, l);
    }

    /// <summary>The index of a list of legends among the register's distinct lists, added if new.</summary>
    private int LegendListOf(IReadOnlyList<string> legends)
    {
        if (legends.Count == 0) return 0;
        // Legends are text a person wrote: joined on a character no legend contains, for the key.
        var key = string.Join('\u0000', legends);
        if (_legendListIndex.TryGetValue(key, out var index)) return index;
        _legendLists.Add([.. legends]);
        _legendListIndex.Add(key, _legendLists.Count - 1);
        return _legendLists.Count - 1;
    }

    /// <summary>Places a legend on a holding and on each of its certificates that does not bear it yet.</summary>
    private void PlaceLegend(int position, string legend)
    {
        AddLegend(position, legend);
        for (var c = _positionSlots[position].First; c >= 0; c = _certificateSlots[c].Next)
        {
            var list = _legendLists[_certificateSlots[c].Legends];
            if (!list.Contains(legend)) _certificateSlots[c].Legends = LegendListOf([.. list, legend]);
        }
    }

    /// <summary>
    /// The key of a certificate id of the register's pattern: the part before the last dash is a class on the register
    /// and the rest is the number written as <see cref="NextCertificateId"/> writes it (at least four digits, no leading
    /// zero beyond them). False for any other id.
    /// </summary>
    private bool TryStructuredKey(ReadOnlySpan<char> id, out long key)
    {
        key = 0;
        if (!TryNumberedId(id, out var dash, out var n)) return false;
        var cls = ClassOrdinal(id[..dash]);
        if (cls < 0) return false;
        key = ((long)cls << NumberBits) | n;
        return true;
    }

    /// <summary>
    /// The text side of <see cref="TryStructuredKey"/>, which needs no register: whether an id is a prefix, a dash and a
    /// number written as <see cref="NextCertificateId"/> writes it; the last dash's position and the number if so.
    /// </summary>
    private static bool TryNumberedId(ReadOnlySpan<char> id, out int dash, out long number)
    {
        number = 0;
        dash = id.LastIndexOf('-');
        if (dash <= 0) return false;
        var digits = id[(dash + 1)..];
        if (digits.Length < 4 || digits.Length > 13 || (digits.Length > 4 && digits[0] == '0')) return false;
        long n = 0;
        foreach (var ch in digits)
        {
            if (ch is < '0' or > '9') return false;
            n = n * 10 + (ch - '0');
        }
        if (n > MaxNumber) return false;
        number = n;
        return true;
    }

    /// <summary>The slot of a live certificate, or -1.</summary>
    private int FindCertificate(ReadOnlySpan<char> id)
    {
        if (TryStructuredKey(id, out var key)) return SlotOfKey(key);
        return _otherCertificateIndex.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id, out var o) ? o : -1;
    }

    private int SlotOfKey(long key)
    {
        var cls = (int)(key >> NumberBits);
        var n = key & MaxNumber;
        if (cls < _slotByNumber.Length && _slotByNumber[cls] is { } numbers && n < numbers.Length) return numbers[n] - 1;
        return _certificateIndex.TryGetValue(key, out var slot) ? slot : -1;
    }

    /// <summary>
    /// Files a key under its class's array, grown (to at most four times the certificates on the register, so that an
    /// odd high number cannot claim much memory) when the number is beyond it; a number beyond even that goes to a
    /// dictionary. Keys of the class in the dictionary that a grown array now covers move into it: a key is in one place.
    /// </summary>
    private void FileKey(long key, int slot)
    {
        var cls = (int)(key >> NumberBits);
        var n = key & MaxNumber;
        if (cls >= _slotByNumber.Length) Array.Resize(ref _slotByNumber, Math.Max(cls + 1, _classIds.Count));
        var numbers = _slotByNumber[cls];
        var length = numbers?.Length ?? 0;
        if (n >= length)
        {
            var limit = Math.Max(1L << 16, 4L * (_certificateCount + 1));
            if (n >= limit)
            {
                _certificateIndex.Add(key, slot);
                return;
            }
            Array.Resize(ref numbers, (int)Math.Min(limit, Math.Max(n + 1, Math.Max(1024, 2L * length))));
            _slotByNumber[cls] = numbers;
            if (_certificateIndex.Count > 0)
                foreach (var (k, s) in _certificateIndex.ToList())
                {
                    if ((int)(k >> NumberBits) != cls || (k & MaxNumber) >= numbers.Length) continue;
                    numbers[k & MaxNumber] = s + 1;
                    _certificateIndex.Remove(k);
                }
        }
        numbers![n] = slot + 1;
    }

    private void UnfileKey(long key)
    {
        var cls = (int)(key >> NumberBits);
        var n = key & MaxNumber;
        if (cls < _slotByNumber.Length && _slotByNumber[cls] is { } numbers && n < numbers.Length) numbers[n] = 0;
        else _certificateIndex.Remove(key);
    }

    private string CertificateId(in CertificateSlot slot) =>
        slot.Key >= 0
            ? string.Concat(_classIds[(int)(slot.Key >> NumberBits)], "-", (slot.Key & MaxNumber).ToString("D4", CultureInfo.InvariantCulture))
            : _otherCertificateIds[(int)(-slot.Key - 1)];

    /// <summary>Whether a certificate with this id is live; its key (see <see cref="TryStructuredKey"/>) is given back for <see cref="InsertCertificate"/>.</summary>
    private bool IsLive(ReadOnlySpan<char> id, out bool structured, out long key)
    {
        structured = TryStructuredKey(id, out key);
        return structured ? SlotOfKey(key) >= 0 : _otherCertificateIndex.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(id);
    }

    /// <summary>Adds a certificate to the end of a holding's list; the caller has checked (<see cref="IsLive"/>) that the id is not live.</summary>
    private void InsertCertificate(ReadOnlySpan<char> id, bool structured, long key, int position, long shares, LocalDate issuedOn)
    {
        int slot;
        if (_freeCertificate >= 0)
        {
            slot = _freeCertificate;
            _freeCertificate = _certificateSlots[slot].Next;
        }
        else
        {
            if (_certificateSlotCount == _certificateSlots.Length) Array.Resize(ref _certificateSlots, _certificateSlots.Length * 2);
            slot = _certificateSlotCount++;
        }
        if (structured)
        {
            FileKey(key, slot);
        }
        else
        {
            var text = id.ToString();
            _otherCertificateIndex.Add(text, slot);
            _otherCertificateIds.Add(text);
            key = -_otherCertificateIds.Count;
        }
        ref var p = ref _positionSlots[position];
        _certificateSlots[slot] = new CertificateSlot { Key = key, Shares = shares, IssuedOn = issuedOn, Legends = p.Legends, Position = position, Previous = p.Last, Next = -1 };
        if (p.Last >= 0) _certificateSlots[p.Last].Next = slot;
        else p.First = slot;
        p.Last = slot;
        p.CertificateCount++;
        _certificateCount++;
    }

    /// <summary>Removes a live certificate from its holding's list and frees its slot (the holding's shares are the caller's).</summary>
    private void RemoveCertificate(int slot)
    {
        ref var c = ref _certificateSlots[slot];
        ref var p = ref _positionSlots[c.Position];
        if (c.Previous >= 0) _certificateSlots[c.Previous].Next = c.Next;
        else p.First = c.Next;
        if (c.Next >= 0) _certificateSlots[c.Next].Previous = c.Previous;
        else p.Last = c.Previous;
        p.CertificateCount--;
        if (c.Key >= 0) UnfileKey(c.Key);
        else _otherCertificateIndex.Remove(_otherCertificateIds[(int)(-c.Key - 1)]);
        c = new CertificateSlot { Position = -1, Next = _freeCertificate };
        _freeCertificate = slot;
        _certificateCount--;
    }

    /// <summary>
    /// A new class may be the prefix of ids kept as strings until now ("series-g-0001" issued before series-g existed):
    /// they are re-keyed, so that an id has one key whatever the order of events.
    /// </summary>
    private void RekeyOtherCertificates()
    {
        if (_otherCertificateIndex.Count == 0) return;
        foreach (var (id, slot) in _otherCertificateIndex.ToList())
        {
            if (!TryStructuredKey(id, out var key)) continue;
            _otherCertificateIndex.Remove(id);
            FileKey(key, slot);
            _certificateSlots[slot].Key = key;
        }
    }

    private Certificate MakeCertificate(int slot)
    {
        ref readonly var c = ref _certificateSlots[slot];
        ref readonly var p = ref _positionSlots[c.Position];
        return new Certificate(CertificateId(c), _holderIds[p.Holder], _classIds[p.Class], new ShareCount(c.Shares), c.IssuedOn, _legendLists[c.Legends],
            _positionStops.GetValueOrDefault(c.Position));
    }

    private void CopyStorageTo(Register r)
    {
        r._classIds.AddRange(_classIds);
        foreach (var (k, v) in _classOrdinals) r._classOrdinals.Add(k, v);
        r._holderTable = _holderTable.Clone();
        r._holderList = _holderList.Clone();
        r._positionSlots = (PositionSlot[])_positionSlots.Clone();
        r._positionCount = _positionCount;
        r._positionIndex = _positionIndex.Clone();
        foreach (var (k, v) in _positionStops) r._positionStops.Add(k, v);
        r._certificateSlots = (CertificateSlot[])_certificateSlots.Clone();
        r._certificateSlotCount = _certificateSlotCount;
        r._freeCertificate = _freeCertificate;
        r._certificateCount = _certificateCount;
        r._slotByNumber = new int[]?[_slotByNumber.Length];
        for (var i = 0; i < _slotByNumber.Length; i++) r._slotByNumber[i] = (int[]?)_slotByNumber[i]?.Clone();
        foreach (var (k, v) in _certificateIndex) r._certificateIndex.Add(k, v);
        foreach (var (k, v) in _otherCertificateIndex) r._otherCertificateIndex.Add(k, v);
        r._otherCertificateIds.AddRange(_otherCertificateIds);
        r._legendLists.Clear();
        r._legendLists.AddRange(_legendLists);
        foreach (var (k, v) in _legendListIndex) r._legendListIndex[k] = v;
    }

    /// <summary>The holders by id, in the order they were registered.</summary>
    private sealed class HolderView(Register register) : IReadOnlyDictionary<string, Holder>
    {
        public int Count => register._holderList.Count;

        public Holder this[string key] => TryGetValue(key, out var h) ? h : throw new KeyNotFoundException($"no holder '{key}'");

        public IEnumerable<string> Keys => register._holderIds;

        public IEnumerable<Holder> Values => register._holderList;

        public bool ContainsKey(string key) => register.HolderOrdinal(key) >= 0;

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out Holder value)
        {
            var h = register.HolderOrdinal(key);
            value = h >= 0 ? register._holderList[h] : null;
            return h >= 0;
        }

        public IEnumerator<KeyValuePair<string, Holder>> GetEnumerator()
        {
            var list = register._holderList;
            for (var i = 0; i < list.Count; i++) yield return new(list[i].Id, list[i]);
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The live certificates by id, built when read (see the remarks on <see cref="Register"/>'s storage).</summary>
    private sealed class CertificateView(Register register) : IReadOnlyDictionary<string, Certificate>
    {
        public int Count => register._certificateCount;

        public Certificate this[string key] => TryGetValue(key, out var c) ? c : throw new KeyNotFoundException($"no certificate '{key}'");

        public IEnumerable<string> Keys
        {
            get
            {
                for (var i = 0; i < register._certificateSlotCount; i++)
                    if (register._certificateSlots[i].Position >= 0) yield return register.CertificateId(register._certificateSlots[i]);
            }
        }

        public IEnumerable<Certificate> Values
        {
            get
            {
                for (var i = 0; i < register._certificateSlotCount; i++)
                    if (register._certificateSlots[i].Position >= 0) yield return register.MakeCertificate(i);
            }
        }

        public bool ContainsKey(string key) => register.FindCertificate(key) >= 0;

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out Certificate value)
        {
            var slot = register.FindCertificate(key);
            value = slot >= 0 ? register.MakeCertificate(slot) : null;
            return slot >= 0;
        }

        public IEnumerator<KeyValuePair<string, Certificate>> GetEnumerator()
        {
            foreach (var c in Values) yield return new(c.Id, c);
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
