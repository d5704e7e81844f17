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
/// The lines of a cap table, added up: for each line (a holder, a group or a class, by key), its shares and its
/// instruments by class, in the order the classes first appear on the line in a walk of the register's holdings (then
/// of its instruments). Share counts add as checked 64-bit integers, as <see cref="ShareCount"/> does.
/// </summary>
/// <remarks>
/// The holdings come from the register's holding index (<see cref="Register.HoldingsIndexed"/>, built once per version
/// of the register), which lists each holder's holdings in register order: by holder or by group, the first lines are
/// the index's holders, line h for holder ordinal h, read from the index as they are. By group, the members of a group
/// of more than one leave their own lines empty; the group has a line of its own under the group's id, whose holdings
/// are read from the register in register order (so its classes come in the order a walk of the holdings meets them,
/// across members). Lines for groups, for classes and for holders with instruments but no holdings come after the
/// index's holders.
/// </remarks>
internal sealed class Lines
{
    private readonly HoldingIndex _index;
    private readonly int[] _classOf;
    private readonly bool[] _isMember;
    private readonly int _holderLines;
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private readonly List<string> _extraKeys = new();
    private readonly List<ClassList> _extraShares = new();
    private readonly Dictionary<int, ClassList> _instruments = new();
    private readonly bool[] _classUsed;

    private Lines(HoldingIndex index, int[] classOf, int classCount, bool[] isMember, bool byHolder)
    {
        _index = index;
        _classOf = classOf;
        _isMember = isMember;
        _holderLines = byHolder ? index.HolderCount : 0;
        _classUsed = new bool[classCount];
        for (var ord = 0; ord < classOf.Length; ord++)
            if (index.TotalOf(ord) > 0) _classUsed[classOf[ord]] = true;
    }

    /// <summary>
    /// Adds up the register's holdings (and, fully diluted, its instruments issued by <paramref name="asOf"/>) into
    /// lines by holder, by group or by class; <paramref name="outstanding"/> is the shares outstanding of each class.
    /// </summary>
    public static Lines Tally(Register register, LocalDate asOf, Basis basis, GroupBy groupBy, AffiliateGroups? groups, ClassIndex classes,
        out ShareCount[] outstanding)
    {
        var index = register.HoldingsIndexed;
        var classOf = new int[index.ClassCount];
        outstanding = new ShareCount[classes.Count];
        for (var ord = 0; ord < classOf.Length; ord++)
        {
            classOf[ord] = classes.Of(index.ClassId(ord));
            // As adding the holdings up one by one in checked 64-bit arithmetic would: past the limit is an overflow.
            outstanding[classOf[ord]] = new ShareCount(checked((long)index.TotalOf(ord)));
        }
        var isMember = groupBy == GroupBy.Group ? new bool[index.HolderCount] : [];
        var lines = new Lines(index, classOf, classes.Count, isMember, byHolder: groupBy != GroupBy.Class);

        if (groupBy == GroupBy.Class)
        {
            for (var ord = 0; ord < classOf.Length; ord++)
                if (index.TotalOf(ord) > 0) lines.Shares(lines.LineOf(classes[classOf[ord]])).Add(classOf[ord], outstanding[classOf[ord]].Value);
        }
        else if (groupBy == GroupBy.Group)
        {
            lines.AddGroupsOfMany(register, groups!, classes, isMember);
        }

        if (basis == Basis.FullyDiluted)
        {
            foreach (var ins in register.Instruments.Values)
            {
                if (!ins.Outstanding.IsPositive || ins.IssuedOn > asOf) continue;
                var c = classes.Of(ins.ClassId);
                int line;
                if (groupBy == GroupBy.Class) line = lines.LineOf(classes[c]);
                else if (groupBy == GroupBy.Group && lines.FindKeyed(groups!.GroupOf(ins.HolderId)) is >= 0 and var g) line = g;
                else if (index.TryHolder(ins.HolderId, out var h)) line = h;
                else line = lines.LineOf(ins.HolderId);
                if (!lines._instruments.TryGetValue(line, out var list)) lines._instruments[line] = list = new ClassList();
                list.Add(c, ins.Outstanding.Value);
                lines._classUsed[c] = true;
            }
        }
        return lines;
    }

    /// <summary>
    /// By group: each group of more than one gets its line, and its members' holdings move there, read from the register
    /// in register order. Most holders are in no such group: a cheap hash of each holding's holder id against a bitmap
    /// of the members' hashes passes over them without a dictionary look-up.
    /// </summary>
    private void AddGroupsOfMany(Register register, AffiliateGroups groups, ClassIndex classes, bool[] isMember)
    {
        var groupLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var maybeMember = new ulong[1 << 10];
        foreach (var (id, members) in groups.GroupsOfMany)
        {
            var line = LineOf(id);
            foreach (var member in members)
            {
                groupLineOf[member] = line;
                var bit = BitOf(member);
                maybeMember[bit >> 6] |= 1UL << (bit & 63);
                if (_index.TryHolder(member, out var h)) isMember[h] = true;
            }
        }
        if (groupLineOf.Count == 0) return;
        foreach (var p in register.Positions)
        {
            var id = p.HolderId;
            var bit = BitOf(id);
            if ((maybeMember[bit >> 6] & (1UL << (bit & 63))) == 0 || !groupLineOf.TryGetValue(id, out var line)) continue;
            var shares = p.Shares;
            if (shares.IsPositive) Shares(line).Add(classes.Of(p.ClassId), shares.Value);
        }

        // FNV-1a over the UTF-16 code units, folded to 16 bits.
        static int BitOf(string id)
        {
            unchecked
            {
                var h = 2166136261u;
                foreach (var c in id) h = (h ^ c) * 16777619u;
                return (int)((h ^ (h >> 16)) & 0xFFFF);
            }
        }
    }

    /// <summary>How many lines there are (including empty ones: group members', and group lines whose members hold nothing).</summary>
    public int Count => _holderLines + _extraKeys.Count;

    public string Key(int line) => line < _holderLines ? _index.HolderId(line) : _extraKeys[line - _holderLines];

    /// <summary>Whether a line has neither shares nor instruments (such a line is not on the table).</summary>
    public bool IsEmpty(int line) => line < _holderLines
        ? IsMember(line)
        : _extraShares[line - _holderLines].Count == 0 && !_instruments.ContainsKey(line);

    private bool IsMember(int holderLine) => _isMember.Length > 0 && _isMember[holderLine];

    /// <summary>The line under a holder's id: the holder's own line, or the line of the group they lead, or -1.</summary>
    public int LineUnder(string holderId) =>
        _holderLines > 0 && _index.TryHolder(holderId, out var h) && !IsMember(h) ? h : FindKeyed(holderId);

    /// <summary>The line found by <paramref name="key"/> (a group's, a class's, an instrument holder's with no holdings), or -1.</summary>
    public int FindKeyed(string key) => _byKey.TryGetValue(key, out var line) ? line : -1;

    /// <summary>Whether any line has shares or instruments of class <paramref name="classIndex"/>.</summary>
    public bool IsUsed(int classIndex) => _classUsed[classIndex];

    /// <summary>The lines with shares or instruments, in line order, into <paramref name="lines"/>; how many.</summary>
    public int NonEmpty(int[] lines)
    {
        var n = 0;
        for (var line = 0; line < Count; line++)
            if (!IsEmpty(line)) lines[n++] = line;
        return n;
    }

    /// <summary>Calls <paramref name="each"/> for each class of a line's shares (or instruments) with its shares.</summary>
    public void ForEach<TState>(int line, bool instrument, ref TState state, EntryAction<TState> each)
    {
        if (instrument)
        {
            if (_instruments.TryGetValue(line, out var list)) list.ForEach(ref state, each);
            return;
        }
        if (line >= _holderLines)
        {
            _extraShares[line - _holderLines].ForEach(ref state, each);
            return;
        }
        if (IsMember(line)) return;
        var held = _index.ClassesOf(line);
        var shares = _index.SharesOf(line);
        for (var i = 0; i < held.Length; i++) each(ref state, _classOf[held[i]], shares[i]);
    }

    public delegate void EntryAction<TState>(ref TState state, int classIndex, long shares);

    /// <summary>
    /// Every line's amount over the common denominator of <paramref name="weights"/>, into <paramref name="amounts"/>
    /// (by line), and their total; false if a sum does not fit 128 bits. The index's holders are read in one pass over
    /// its arrays.
    /// </summary>
    public bool TryWholeAmounts(WholeWeights weights, Int128[] amounts, out Int128 total)
    {
        total = Int128.Zero;
        var scaled = new long[_classOf.Length];
        for (var ord = 0; ord < scaled.Length; ord++) scaled[ord] = weights.Scaled(_classOf[ord]);
        for (var h = 0; h < _holderLines; h++)
        {
            var sum = Int128.Zero;
            if (!IsMember(h))
            {
                var held = _index.ClassesOf(h);
                var shares = _index.SharesOf(h);
                for (var i = 0; i < held.Length; i++)
                    if (!WholeWeights.TryAdd(ref sum, unchecked((Int128)shares[i] * scaled[held[i]]))) return false;
            }
            amounts[h] = sum;
        }
        var state = (Weights: weights, Amount: Int128.Zero, Overflowed: false);
        for (var line = _holderLines; line < Count; line++)
        {
            state.Amount = Int128.Zero;
            _extraShares[line - _holderLines].ForEach(ref state, AddWeighted);
            if (state.Overflowed) return false;
            amounts[line] = state.Amount;
        }
        foreach (var (line, list) in _instruments)
        {
            state.Amount = amounts[line];
            list.ForEach(ref state, AddWeighted);
            if (state.Overflowed) return false;
            amounts[line] = state.Amount;
        }
        for (var line = 0; line < Count; line++)
            if (!WholeWeights.TryAdd(ref total, amounts[line])) return false;
        return true;

        static void AddWeighted(ref (WholeWeights Weights, Int128 Amount, bool Overflowed) s, int classIndex, long shares)
        {
            if (!s.Weights.TryAdd(ref s.Amount, classIndex, shares)) s.Overflowed = true;
        }
    }

    /// <summary>
    /// Every line's shares by class in one arena, a slice per line in line order (the index's holders in one pass over
    /// its arrays): line l's slice is from <c>Starts[l]</c> to <c>Starts[l + 1]</c>, which <paramref name="starts"/>
    /// (at least <see cref="Count"/> + 1 long) receives.
    /// </summary>
    public ClassShares.Arena SharesArena(ClassIndex classes, int[] starts)
    {
        var size = 0;
        for (var line = 0; line < Count; line++)
        {
            starts[line] = size;
            size += line >= _holderLines ? _extraShares[line - _holderLines].Count : IsMember(line) ? 0 : _index.ClassesOf(line).Length;
        }
        starts[Count] = size;
        var arena = new ClassShares.Arena(size);
        for (var line = 0; line < _holderLines; line++)
        {
            if (IsMember(line)) continue;
            var held = _index.ClassesOf(line);
            var shares = _index.SharesOf(line);
            var at = starts[line];
            for (var i = 0; i < held.Length; i++)
            {
                arena.Keys[at + i] = classes[_classOf[held[i]]];
                arena.Values[at + i] = new ShareCount(shares[i]);
            }
        }
        for (var line = _holderLines; line < Count; line++) _extraShares[line - _holderLines].CopyTo(classes, arena, starts[line]);
        return arena;
    }

    /// <summary>A line's instruments by class (empty but fully diluted).</summary>
    public ClassShares Instruments(int line, ClassIndex classes)
    {
        if (!_instruments.TryGetValue(line, out var list)) return ClassShares.Empty;
        var arena = new ClassShares.Arena(list.Count);
        list.CopyTo(classes, arena, 0);
        return new ClassShares(arena, 0, list.Count);
    }

    private int LineOf(string key)
    {
        if (_byKey.TryGetValue(key, out var line)) return line;
        line = Count;
        _extraKeys.Add(key);
        _extraShares.Add(new ClassList());
        return _byKey[key] = line;
    }

    private ClassList Shares(int extraLine) => _extraShares[extraLine - _holderLines];

    /// <summary>Shares by class index, in the order the classes were first added, summed as checked 64-bit integers.</summary>
    private sealed class ClassList
    {
        private readonly List<(int Class, long Shares)> _items = new(2);

        public int Count => _items.Count;

        public void Add(int classIndex, long shares)
        {
            for (var i = 0; i < _items.Count; i++)
            {
                if (_items[i].Class != classIndex) continue;
                _items[i] = (classIndex, checked(_items[i].Shares + shares));
                return;
            }
            _items.Add((classIndex, shares));
        }

        public void ForEach<TState>(ref TState state, EntryAction<TState> each)
        {
            foreach (var (c, s) in _items) each(ref state, c, s);
        }

        public void CopyTo(ClassIndex classes, ClassShares.Arena arena, int at)
        {
            for (var i = 0; i < _items.Count; i++)
            {
                arena.Keys[at + i] = classes[_items[i].Class];
                arena.Values[at + i] = new ShareCount(_items[i].Shares);
            }
        }
    }
}
