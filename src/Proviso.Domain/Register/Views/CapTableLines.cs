using System.Buffers;
using System.Runtime.InteropServices;
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
/// are its members', in register order (so its classes come in the order a walk of the holdings meets them, across
/// members). After the index's holders come the lines of the groups of more than one (group g's is the g-th), then
/// those of classes and of holders with instruments but no holdings, found by key. The shares of the lines after the
/// holders', and every line's instruments, are slots of two <see cref="SharesStore"/>s, not a list per line.
/// </remarks>
internal sealed class Lines : IDisposable
{
    private readonly HoldingIndex _index;
    private readonly ClassIndex _classes;
    private readonly int[] _classOf;
    private readonly int _holderLines;
    // By group, the line of each index holder's group of more than one, or -1 (rented: one entry per holder, given back
    // by Dispose, after which only what a table's rows read is read); else null.
    private int[]? _groupLineOf;
    private int _groupLines;
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private readonly List<string> _extraKeys = new();
    // Slot s holds the shares of line _holderLines + s.
    private readonly SharesStore _extraShares;
    private readonly SharesStore _instruments;
    private readonly Dictionary<int, int> _instrumentSlotOf = new();
    private readonly bool[] _classUsed;

    private Lines(HoldingIndex index, ClassIndex classes, int[] classOf, bool byHolder, bool byGroup)
    {
        _index = index;
        _classes = classes;
        _classOf = classOf;
        _holderLines = byHolder ? index.HolderCount : 0;
        if (byGroup)
        {
            _groupLineOf = ArrayPool<int>.Shared.Rent(index.HolderCount);
            Array.Fill(_groupLineOf, -1, 0, index.HolderCount);
        }
        _extraShares = new SharesStore(classes);
        _instruments = new SharesStore(classes);
        _classUsed = new bool[classes.Count];
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
        var lines = new Lines(index, classes, classOf, byHolder: groupBy != GroupBy.Class, byGroup: groupBy == GroupBy.Group);
        if (groupBy != GroupBy.Class) lines.Names = register.HolderNames(index);

        if (groupBy == GroupBy.Class)
        {
            for (var ord = 0; ord < classOf.Length; ord++)
                if (index.TotalOf(ord) > 0) lines.AddShares(lines.LineOf(classes[classOf[ord]], 1), classOf[ord], outstanding[classOf[ord]].Value);
        }
        else if (groupBy == GroupBy.Group)
        {
            lines.AddGroupsOfMany(groups!);
        }
        if (basis == Basis.FullyDiluted) lines.AddInstruments(register, asOf, groupBy, groups);
        return lines;
    }

    /// <summary>
    /// By group: each group of more than one gets its line, and its members' holdings move there. The line's classes
    /// come in register order, as a walk of the register's holdings meets them across members: the members' holdings
    /// are added in the order of their places in the register (<see cref="HoldingIndex.PositionsOf"/>).
    /// </summary>
    private void AddGroupsOfMany(AffiliateGroups groups)
    {
        var groupLineOf = _groupLineOf!;
        var members = new List<int>();
        var holdings = new List<(int Position, int Class, long Shares)>();
        foreach (var group in groups.GroupsOfMany)
        {
            members.Clear();
            holdings.Clear();
            foreach (var member in group.Members)
            {
                if (!_index.TryHolder(member, out var h)) continue;
                members.Add(h);
                var held = _index.ClassesOf(h);
                var shares = _index.SharesOf(h);
                var positions = _index.PositionsOf(h);
                for (var i = 0; i < held.Length; i++) holdings.Add((positions[i], _classOf[held[i]], shares[i]));
            }
            CollectionsMarshal.AsSpan(holdings).Sort(static (x, y) => x.Position.CompareTo(y.Position));
            // The line can have as many classes as its members have holdings, and no more than there are.
            var line = NewLine(group.Id, Math.Min(holdings.Count, _classes.Count));
            foreach (var h in members) groupLineOf[h] = line;
            foreach (var (_, c, shares) in holdings) AddShares(line, c, shares);
        }
        _groupLines = groups.GroupsOfMany.Count;
    }

    /// <summary>
    /// Fully diluted: each outstanding instrument issued by <paramref name="asOf"/> on its holder's line (by group, its
    /// holder's group's; by class, its class's). Each line's slot is as long as the line has instruments.
    /// </summary>
    private void AddInstruments(Register register, LocalDate asOf, GroupBy groupBy, AffiliateGroups? groups)
    {
        var issued = new List<(int Line, int Class, long Quantity)>();
        var counts = new Dictionary<int, int>();
        foreach (var ins in register.Instruments.Values)
        {
            if (!ins.Outstanding.IsPositive || ins.IssuedOn > asOf) continue;
            var c = _classes.Of(ins.ClassId);
            int line;
            if (groupBy == GroupBy.Class) line = LineOf(_classes[c], 0);
            else if (groupBy == GroupBy.Group && groups!.GroupIndexOf(ins.HolderId) is >= 0 and var g) line = GroupLine(g);
            else if (_index.TryHolder(ins.HolderId, out var h)) line = h;
            else line = LineOf(ins.HolderId, 0);
            issued.Add((line, c, ins.Outstanding.Value));
            counts[line] = counts.GetValueOrDefault(line) + 1;
            _classUsed[c] = true;
        }
        foreach (var (line, c, quantity) in issued)
        {
            if (!_instrumentSlotOf.TryGetValue(line, out var slot))
                _instrumentSlotOf[line] = slot = _instruments.NewSlot(Math.Min(counts[line], _classes.Count));
            _instruments.Add(slot, c, quantity);
        }
    }

    /// <summary>How many lines there are (including empty ones: group members', and group lines whose members hold nothing).</summary>
    public int Count => _holderLines + _extraKeys.Count;

    public string Key(int line) => line < _holderLines ? _index.HolderId(line) : _extraKeys[line - _holderLines];

    /// <summary>Whether a line has neither shares nor instruments (such a line is not on the table).</summary>
    public bool IsEmpty(int line) => line < _holderLines
        ? IsMember(line)
        : _extraShares.Count(line - _holderLines) == 0 && !_instrumentSlotOf.ContainsKey(line);

    /// <summary>How many lines are the index's holders' (the first lines; none by class).</summary>
    public int HolderLines => _holderLines;

    /// <summary>The line of the g-th group of more than one (by group).</summary>
    public int GroupLine(int group) => group < _groupLines ? _holderLines + group : throw new ArgumentOutOfRangeException(nameof(group));

    /// <summary>Whether a holder's line is empty because the holder is in a group of more than one.</summary>
    public bool IsMember(int holderLine) => _groupLineOf is not null && _groupLineOf[holderLine] >= 0;

    /// <summary>The names of the holder lines' holders, by line (the holding index's list of them); empty by class.</summary>
    public string[] Names { get; private set; } = [];

    /// <summary>The holding index the holder lines are the holders of (line h, holder h).</summary>
    public HoldingIndex Index => _index;

    /// <summary>A line's key's <see cref="KeyOrder.Prefix"/>: a holder line's from the index's list of them.</summary>
    public UInt128 KeyPrefix(int line, UInt128[] holderPrefixes) => line < _holderLines ? holderPrefixes[line] : KeyOrder.Prefix(Key(line));

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
            if (_instrumentSlotOf.TryGetValue(line, out var slot)) _instruments.ForEach(slot, ref state, each);
            return;
        }
        if (line >= _holderLines)
        {
            _extraShares.ForEach(line - _holderLines, ref state, each);
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
            _extraShares.ForEach(line - _holderLines, ref state, AddWeighted);
            if (state.Overflowed) return false;
            amounts[line] = state.Amount;
        }
        foreach (var (line, slot) in _instrumentSlotOf)
        {
            state.Amount = amounts[line];
            _instruments.ForEach(slot, ref state, AddWeighted);
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
    /// The shares by class of a line on the table (one that is not empty): a holder's read from the index, any other
    /// line's from its slot. Reads nothing <see cref="Dispose"/> gives back, so a table's rows read it after the tally.
    /// </summary>
    public ClassShares SharesOnTable(int line)
    {
        if (line < _holderLines) return new ClassShares.Held(_index, line);
        return _extraShares.Count(line - _holderLines) == 0 ? ClassShares.Empty : new ClassShares.Stored(_extraShares, line - _holderLines);
    }

    /// <summary>Which group of more than one a line is the line of (its index in <see cref="AffiliateGroups.GroupsOfMany"/>), or -1.</summary>
    public int GroupOfLine(int line) => line >= _holderLines && line - _holderLines < _groupLines ? line - _holderLines : -1;

    /// <summary>A line's instruments by class (empty but fully diluted). Reads nothing <see cref="Dispose"/> gives back.</summary>
    public ClassShares Instruments(int line) =>
        _instrumentSlotOf.Count > 0 && _instrumentSlotOf.TryGetValue(line, out var slot) ? new ClassShares.Stored(_instruments, slot) : ClassShares.Empty;

    /// <summary>
    /// Returns the rented array of the holders' groups. What a table's rows read (<see cref="Key"/>, <see cref="Names"/>,
    /// <see cref="GroupOfLine"/>, <see cref="SharesOnTable"/>, <see cref="Instruments"/>) does not read it.
    /// </summary>
    public void Dispose()
    {
        if (_groupLineOf is not null) ArrayPool<int>.Shared.Return(_groupLineOf);
        _groupLineOf = null;
    }

    /// <summary>A new line after the others, under <paramref name="key"/>, whose shares can have up to <paramref name="capacity"/> classes.</summary>
    private int NewLine(string key, int capacity)
    {
        _extraKeys.Add(key);
        _extraShares.NewSlot(capacity);
        return Count - 1;
    }

    /// <summary>The line of a class, or of a holder with instruments but no holdings, made (as <see cref="NewLine"/>) if there is none yet.</summary>
    private int LineOf(string key, int capacity)
    {
        ref var line = ref CollectionsMarshal.GetValueRefOrAddDefault(_byKey, key, out var exists);
        if (!exists) line = NewLine(key, capacity);
        return line;
    }

    private void AddShares(int line, int classIndex, long shares) => _extraShares.Add(line - _holderLines, classIndex, shares);
}
