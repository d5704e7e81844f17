using NodaTime;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Register.Views;

/// <summary>The classes of a cap table by position (in <see cref="CapTable.ClassIds"/> order), found by id.</summary>
internal sealed class ClassIndex
{
    private readonly string[] _ids;
    private readonly Dictionary<string, int>? _byId;

    public ClassIndex(IReadOnlyList<string> ids)
    {
        _ids = [.. ids];
        // A handful of classes is searched faster than hashed.
        if (_ids.Length > 8)
        {
            _byId = new Dictionary<string, int>(_ids.Length, StringComparer.Ordinal);
            for (var i = 0; i < _ids.Length; i++) _byId[_ids[i]] = i;
        }
    }

    public int Count => _ids.Length;

    public string this[int index] => _ids[index];

    public int Of(string classId)
    {
        if (_byId is not null)
            return _byId.TryGetValue(classId, out var found) ? found : throw NotFound(classId);
        // Usually the very same string as the class's id: found without reading either string.
        for (var i = 0; i < _ids.Length; i++)
            if (ReferenceEquals(_ids[i], classId)) return i;
        for (var i = 0; i < _ids.Length; i++)
            if (string.Equals(_ids[i], classId, StringComparison.Ordinal)) return i;
        throw NotFound(classId);
    }

    private static KeyNotFoundException NotFound(string classId) => new($"The given key '{classId}' was not present in the dictionary.");
}

/// <summary>
/// The lines of a cap table being added up: for each line (a holder, a group or a class, by key), its shares and its
/// instruments by class, in the order the classes first appeared on the line, and, while the amounts fit
/// <see cref="WholeWeights"/>, its amount on the basis. Share counts add as checked 64-bit integers, as
/// <see cref="ShareCount"/> does.
/// </summary>
internal sealed class Lines
{
    /// <summary>A line while adding up. Its entries are chained newest first; the masks say which classes it has (up to 64 classes).</summary>
    private struct Line
    {
        public Int128 Amount;
        public ulong SharesMask;
        public ulong InstrumentsMask;
        public int SharesHead;
        public int InstrumentsHead;
        public int SharesCount;
        public int InstrumentsCount;
    }

    /// <summary>A class on a line: its shares, and the line's previous entry of the same kind (shares or instruments).</summary>
    private struct Entry
    {
        public long Shares;
        public int Class;
        public int Line;
        public int Next;
        public bool Instrument;
    }

    // Lines found by key; a holder's line made from the register's holding index is found by the holder's ordinal.
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private readonly bool[] _classUsed;
    private readonly bool _masks;
    private readonly WholeWeights? _weights;
    private bool _overflowed;
    private bool _hasInstruments;
    private string[] _keys;
    private Line[] _lines;
    private UInt128[] _prefixes;
    private int _count;
    private Entry[] _entries;
    private int _entryCount;

    private Lines(int expectedLines, int expectedEntries, int classCount, WholeWeights? weights)
    {
        expectedLines = Math.Max(expectedLines, 4);
        _classUsed = new bool[classCount];
        _masks = classCount <= 64;
        _weights = weights;
        _keys = new string[expectedLines];
        _lines = new Line[expectedLines];
        _prefixes = new UInt128[expectedLines];
        _entries = new Entry[Math.Max(expectedEntries, 4)];
    }

    /// <summary>
    /// Adds up the register's holdings (and, fully diluted, its instruments issued by <paramref name="asOf"/>) into
    /// lines by holder, by group or by class, and the shares outstanding of each class.
    /// </summary>
    /// <remarks>
    /// The holdings come from the register's holding index (<see cref="Register.HoldingsIndexed"/>, built once per
    /// version of the register): each holder's holdings in register order, each class's total. By holder, a line per
    /// holder in the index. By group, a line per group of more than one, under the group's id, made first; its members'
    /// holdings are read from the register in register order (so its classes come in the order a walk of the holdings
    /// meets them), and anyone else is a group of one, a line under their own id, as by holder. By class, a line per
    /// class held, its total.
    /// </remarks>
    public static (Lines Lines, ShareCount[] Outstanding) Tally(
        Register register, LocalDate asOf, Basis basis, GroupBy groupBy, AffiliateGroups? groups, ClassIndex classes, Fraction[] weights)
    {
        var index = register.HoldingsIndexed;
        var classOf = new int[index.ClassCount];
        var outstanding = new ShareCount[classes.Count];
        for (var ord = 0; ord < classOf.Length; ord++)
        {
            classOf[ord] = classes.Of(index.ClassId(ord));
            // As adding the holdings up one by one in checked 64-bit arithmetic would: past the limit is an overflow.
            outstanding[classOf[ord]] = new ShareCount(checked((long)index.TotalOf(ord)));
        }
        var instruments = basis == Basis.FullyDiluted ? register.Instruments.Count : 0;
        var lines = new Lines(groupBy == GroupBy.Class ? classes.Count : index.HolderCount + instruments, index.HoldingCount + instruments, classes.Count,
            WholeWeights.TryCreate(weights, _ => true));

        if (groupBy == GroupBy.Class)
        {
            for (var ord = 0; ord < classOf.Length; ord++)
                if (index.TotalOf(ord) > 0) lines.Add(lines.LineOf(classes[classOf[ord]]), classOf[ord], outstanding[classOf[ord]].Value, instrument: false);
        }

        // By group: the line of each member of a group of more than one, and which holders in the index are members.
        Dictionary<string, int>? groupLineOf = null;
        var isMember = groupBy == GroupBy.Group ? new bool[index.HolderCount] : [];
        if (groupBy == GroupBy.Group)
        {
            groupLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (id, members) in groups!.GroupsOfMany)
            {
                var line = lines.LineOf(id);
                foreach (var member in members)
                {
                    groupLineOf[member] = line;
                    if (index.TryHolder(member, out var h)) isMember[h] = true;
                }
            }
        }

        var holderLine = groupBy == GroupBy.Class ? [] : new int[index.HolderCount];
        if (groupBy != GroupBy.Class)
        {
            for (var h = 0; h < index.HolderCount; h++)
            {
                if (groupBy == GroupBy.Group && isMember[h])
                {
                    holderLine[h] = -1;
                    continue;
                }
                var line = holderLine[h] = lines.NewLine(index.HolderId(h));
                var held = index.ClassesOf(h);
                var shares = index.SharesOf(h);
                for (var i = 0; i < held.Length; i++) lines.Add(line, classOf[held[i]], shares[i], instrument: false);
            }
        }
        if (groupLineOf is { Count: > 0 })
        {
            foreach (var p in register.Positions)
            {
                if (!groupLineOf.TryGetValue(p.HolderId, out var line)) continue;
                var shares = p.Shares;
                if (shares.IsPositive) lines.Add(line, classes.Of(p.ClassId), shares.Value, instrument: false);
            }
        }

        if (basis == Basis.FullyDiluted)
        {
            foreach (var ins in register.Instruments.Values)
            {
                if (!ins.Outstanding.IsPositive || ins.IssuedOn > asOf) continue;
                var c = classes.Of(ins.ClassId);
                int line;
                if (groupBy == GroupBy.Class) line = lines.LineOf(classes[c]);
                else if (groupLineOf is not null && groupLineOf.TryGetValue(ins.HolderId, out var g)) line = g;
                else if (index.TryHolder(ins.HolderId, out var h) && holderLine[h] >= 0) line = holderLine[h];
                else line = lines.LineOf(ins.HolderId);
                lines.Add(line, c, ins.Outstanding.Value, instrument: true);
            }
        }
        return (lines, outstanding);
    }

    /// <summary>How many lines there are (including group lines made ahead that stayed empty).</summary>
    public int Count => _count;

    public string Key(int line) => _keys[line];

    /// <summary>Whether any line has shares or instruments of class <paramref name="classIndex"/>.</summary>
    public bool IsUsed(int classIndex) => _classUsed[classIndex];

    /// <summary>Whether every amount was added up as a whole number over the common denominator of <see cref="Weights"/>, without overflow.</summary>
    public bool HasWholeAmounts => _weights is not null && !_overflowed;

    public WholeWeights? Weights => _weights;

    public Int128 WholeAmount(int line) => _lines[line].Amount;

    /// <summary>The lines with shares or instruments, in line order.</summary>
    public int[] NonEmpty()
    {
        var n = 0;
        for (var line = 0; line < Count; line++)
            if (!IsEmpty(line)) n++;
        var lines = new int[n];
        n = 0;
        for (var line = 0; line < Count; line++)
            if (!IsEmpty(line)) lines[n++] = line;
        return lines;
    }

    private bool IsEmpty(int line) => _lines[line].SharesCount == 0 && _lines[line].InstrumentsCount == 0;

    /// <summary>Orders two lines by key, ordinal.</summary>
    public int CompareKeys(int x, int y)
    {
        var c = _prefixes[x].CompareTo(_prefixes[y]);
        return c != 0 ? c : string.CompareOrdinal(Key(x), Key(y));
    }

    /// <summary>The line found by <paramref name="key"/> (a group's, an instrument holder's with no holdings, a class's), or -1.</summary>
    public int FindKeyed(string key) => _byKey.TryGetValue(key, out var line) ? line : -1;

    /// <summary>The line found by <paramref name="key"/>, made if there is none.</summary>
    private int LineOf(string key)
    {
        if (_byKey.TryGetValue(key, out var line)) return line;
        return _byKey[key] = NewLine(key);
    }

    /// <summary>A new line under <paramref name="key"/>, not to be found by key (the caller finds it by other means).</summary>
    private int NewLine(string key)
    {
        if (_count == _lines.Length)
        {
            var size = _lines.Length * 2;
            Array.Resize(ref _keys, size);
            Array.Resize(ref _lines, size);
            Array.Resize(ref _prefixes, size);
        }
        _keys[_count] = key;
        _lines[_count] = new Line { SharesHead = -1, InstrumentsHead = -1 };
        _prefixes[_count] = OrdinalPrefix(key);
        return _count++;
    }

    /// <summary>
    /// The first eight UTF-16 code units of a string, the first in the highest bits, zeros after a shorter string:
    /// where two prefixes differ they order as <see cref="string.CompareOrdinal(string, string)"/> orders the strings.
    /// </summary>
    private static UInt128 OrdinalPrefix(string key)
    {
        UInt128 prefix = 0;
        for (var i = 0; i < 8; i++) prefix = (prefix << 16) | (i < key.Length ? key[i] : 0u);
        return prefix;
    }

    /// <summary>Adds <paramref name="shares"/> of a class to a line's shares (or, if <paramref name="instrument"/>, to its instruments).</summary>
    private void Add(int line, int classIndex, long shares, bool instrument)
    {
        ref var l = ref _lines[line];
        if (_weights is not null && !_overflowed && !_weights.TryAdd(ref l.Amount, classIndex, shares)) _overflowed = true;
        ref var mask = ref instrument ? ref l.InstrumentsMask : ref l.SharesMask;
        ref var head = ref instrument ? ref l.InstrumentsHead : ref l.SharesHead;
        var bit = _masks ? 1UL << classIndex : 0;
        if (!_masks || (mask & bit) != 0)
        {
            for (var e = head; e >= 0; e = _entries[e].Next)
            {
                if (_entries[e].Class != classIndex) continue;
                _entries[e].Shares = checked(_entries[e].Shares + shares);
                return;
            }
        }
        if (_entryCount == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
        var n = _entryCount++;
        _entries[n] = new Entry { Shares = shares, Class = classIndex, Line = line, Next = head, Instrument = instrument };
        head = n;
        mask |= bit;
        _classUsed[classIndex] = true;
        if (instrument)
        {
            l.InstrumentsCount++;
            _hasInstruments = true;
        }
        else
        {
            l.SharesCount++;
        }
    }

    /// <summary>Calls <paramref name="each"/> for each class of a line's shares (or instruments), in no particular order.</summary>
    public void ForEach<TState>(int line, bool instrument, ref TState state, EntryAction<TState> each)
    {
        for (var e = instrument ? _lines[line].InstrumentsHead : _lines[line].SharesHead; e >= 0; e = _entries[e].Next)
            each(ref state, _entries[e].Class, _entries[e].Shares);
    }

    public delegate void EntryAction<TState>(ref TState state, int classIndex, long shares);

    /// <summary>
    /// Every line's shares (or instruments) by class, in one arena, a slice per line in line order: line l's slice ends
    /// at <c>Ends[l]</c> and starts where line l - 1's ends. Within a slice, classes are in the order they were first
    /// added to the line (the entries are numbered in that order). One pass over the entries, in order.
    /// </summary>
    public (ClassShares.Arena Arena, int[]? Ends) Slices(bool instrument, ClassIndex classes)
    {
        // Instruments are on the table only fully diluted.
        if (instrument && !_hasInstruments) return (new ClassShares.Arena(0), null);
        var ends = new int[Count];
        var size = 0;
        for (var line = 0; line < ends.Length; line++)
        {
            ends[line] = size;
            size += instrument ? _lines[line].InstrumentsCount : _lines[line].SharesCount;
        }
        var arena = new ClassShares.Arena(size);
        for (var e = 0; e < _entryCount; e++)
        {
            ref var entry = ref _entries[e];
            if (entry.Instrument != instrument) continue;
            var at = ends[entry.Line]++;
            arena.Keys[at] = classes[entry.Class];
            arena.Values[at] = new ShareCount(entry.Shares);
        }
        return (arena, ends);
    }

    /// <summary>Line <paramref name="line"/>'s shares (or instruments) by class, from <see cref="Slices"/>.</summary>
    public static ClassShares Slice(ClassShares.Arena arena, int[]? ends, int line)
    {
        if (ends is null) return ClassShares.Empty;
        var start = line == 0 ? 0 : ends[line - 1];
        return ends[line] == start ? ClassShares.Empty : new ClassShares(arena, start, ends[line] - start);
    }
}
