namespace Proviso.Domain.Register;

/// <summary>Read-only indexes over the register's holdings, for rules that read many holders at once.</summary>
public sealed partial class Register
{
    // Built on demand and published whole (one reference write), so a reader never sees half an index. Clone does not
    // copy it: a clone starts without one and builds its own when asked.
    private HoldingIndex? _holdingIndex;

    /// <summary>
    /// The non-empty holdings indexed by holder and by class, built on first use and kept for this version of the
    /// register. The register changes only by <see cref="Apply"/>, and every applied event increments
    /// <see cref="EventsApplied"/>, so an index built at the current count is current; any later event makes the next
    /// read build a new one.
    /// </summary>
    internal HoldingIndex HoldingsIndexed
    {
        get
        {
            var index = _holdingIndex;
            if (index is null || index.Version != EventsApplied) _holdingIndex = index = BuildHoldingIndex();
            return index;
        }
    }

    /// <summary>The index if one is built and current, without building one (null otherwise): for callers that read few holders.</summary>
    internal HoldingIndex? CurrentHoldingIndex => _holdingIndex is { } index && index.Version == EventsApplied ? index : null;

    /// <summary>
    /// One pass over the positions. Each holder with a non-empty holding gets an ordinal in the order its first holding
    /// is met; the classes keep the register's ordinals.
    /// </summary>
    private HoldingIndex BuildHoldingIndex()
    {
        var holderIds = new List<string>();
        var registerOrdinals = new List<int>();
        var holderOrdinals = new Dictionary<string, int>(StringComparer.Ordinal);
        var classOrdinals = new Dictionary<string, int>(_classOrdinals, StringComparer.Ordinal);
        // The index's ordinal of each of the register's holders, or -1 before its first non-empty holding is met.
        var indexOrdinal = new int[_holderIds.Count];
        Array.Fill(indexOrdinal, -1);

        // The non-empty positions in register order, as (holder, class, shares, position) ordinals.
        var holders = new int[_positionCount];
        var classes = new int[_positionCount];
        var shares = new long[_positionCount];
        var positions = new int[_positionCount];
        var n = 0;
        for (var i = 0; i < _positionCount; i++)
        {
            ref readonly var p = ref _positionSlots[i];
            if (p.Shares <= 0) continue;
            ref var holder = ref indexOrdinal[p.Holder];
            if (holder < 0)
            {
                holder = holderIds.Count;
                holderIds.Add(_holderIds[p.Holder]);
                registerOrdinals.Add(p.Holder);
                holderOrdinals.Add(_holderIds[p.Holder], holder);
            }
            holders[n] = holder;
            classes[n] = p.Class;
            shares[n] = p.Shares;
            positions[n] = i;
            n++;
        }
        return new HoldingIndex(EventsApplied, holderIds.ToArray(), registerOrdinals.ToArray(), holderOrdinals, _classIds.ToArray(), classOrdinals,
            holders, classes, shares, positions, n);
    }
}

/// <summary>
/// The non-empty holdings of one version of a register (what <see cref="Register.Holdings"/> lists), by holder and by
/// class, in flat arrays: each holder with a holding and each class has an ordinal, a holder's holdings are one slice
/// (class ordinals and shares), a class's holders another, and each class's total is summed once. Read-only once built,
/// so one index may be read by several callers at once.
/// </summary>
internal sealed class HoldingIndex
{
    private readonly string[] _holderIds;
    private readonly int[] _registerOrdinals;
    private readonly Dictionary<string, int> _holderOrdinals;
    private readonly string[] _classIds;
    private readonly Dictionary<string, int> _classOrdinals;
    private readonly int[] _holderStart;
    private readonly int[] _holdingClasses;
    private readonly long[] _holdingShares;
    private readonly int[] _holdingPositions;
    private readonly int[] _classStart;
    private readonly int[] _classHolders;
    private readonly Int128[] _classTotals;
    // Built on first use for the cap table, and kept with the index (one reference write publishes each whole).
    private UInt128[]? _keyPrefixes;
    private string[]? _holderNames;

    internal HoldingIndex(long version, string[] holderIds, int[] registerOrdinals, Dictionary<string, int> holderOrdinals, string[] classIds,
        Dictionary<string, int> classOrdinals, int[] holders, int[] classes, long[] shares, int[] positions, int count)
    {
        Version = version;
        _holderIds = holderIds;
        _registerOrdinals = registerOrdinals;
        _holderOrdinals = holderOrdinals;
        _classIds = classIds;
        _classOrdinals = classOrdinals;
        HoldingCount = count;

        // Counting sorts, stable: within a holder, its holdings keep register order; within a class, its holders too.
        _holderStart = new int[holderIds.Length + 1];
        _classStart = new int[classIds.Length + 1];
        _classTotals = new Int128[classIds.Length];
        for (var i = 0; i < count; i++)
        {
            _holderStart[holders[i] + 1]++;
            _classStart[classes[i] + 1]++;
            _classTotals[classes[i]] += shares[i];
        }
        for (var h = 0; h < holderIds.Length; h++) _holderStart[h + 1] += _holderStart[h];
        for (var c = 0; c < classIds.Length; c++) _classStart[c + 1] += _classStart[c];
        _holdingClasses = new int[count];
        _holdingShares = new long[count];
        _holdingPositions = new int[count];
        _classHolders = new int[count];
        var nextOfHolder = _holderStart[..^1];
        var nextOfClass = _classStart[..^1];
        for (var i = 0; i < count; i++)
        {
            var at = nextOfHolder[holders[i]]++;
            _holdingClasses[at] = classes[i];
            _holdingShares[at] = shares[i];
            _holdingPositions[at] = positions[i];
            _classHolders[nextOfClass[classes[i]]++] = holders[i];
        }
    }

    /// <summary>The register's <see cref="Register.EventsApplied"/> when this index was built.</summary>
    public long Version { get; }

    /// <summary>The number of non-empty holdings.</summary>
    public int HoldingCount { get; }

    /// <summary>Holders with a non-empty holding have ordinals 0 to <see cref="HolderCount"/> - 1.</summary>
    public int HolderCount => _holderIds.Length;

    /// <summary>Classes (every class on the register, held or not) have ordinals 0 to <see cref="ClassCount"/> - 1.</summary>
    public int ClassCount => _classIds.Length;

    public string HolderId(int holder) => _holderIds[holder];

    public string ClassId(int cls) => _classIds[cls];

    /// <summary>The ordinal of a holder with a non-empty holding; false for any other id (a holder with no shares, an unknown id).</summary>
    public bool TryHolder(string holderId, out int holder) => _holderOrdinals.TryGetValue(holderId, out holder);

    /// <summary>The ordinal of a class on the register, or -1.</summary>
    public int ClassOrdinal(string classId) => _classOrdinals.TryGetValue(classId, out var c) ? c : -1;

    /// <summary>The classes of a holder's non-empty holdings (ordinals), each once, in register order.</summary>
    public ReadOnlySpan<int> ClassesOf(int holder) => _holdingClasses.AsSpan(_holderStart[holder], _holderStart[holder + 1] - _holderStart[holder]);

    /// <summary>The shares of those holdings, aligned with <see cref="ClassesOf"/>.</summary>
    public ReadOnlySpan<long> SharesOf(int holder) => _holdingShares.AsSpan(_holderStart[holder], _holderStart[holder + 1] - _holderStart[holder]);

    /// <summary>
    /// Where those holdings stand in register order (their positions' places among every position the register has
    /// had, emptied ones included), aligned with <see cref="ClassesOf"/>: ascending within a holder, and comparable
    /// across holders.
    /// </summary>
    public ReadOnlySpan<int> PositionsOf(int holder) => _holdingPositions.AsSpan(_holderStart[holder], _holderStart[holder + 1] - _holderStart[holder]);

    /// <summary>The holders (ordinals) with a non-empty holding of a class, each once, in register order.</summary>
    public ReadOnlySpan<int> HoldersOf(int cls) => _classHolders.AsSpan(_classStart[cls], _classStart[cls + 1] - _classStart[cls]);

    /// <summary>The total of a class's holdings (its issued and outstanding shares), exactly.</summary>
    public Int128 TotalOf(int cls) => _classTotals[cls];

    /// <summary>
    /// Each holder's id's first eight UTF-16 code units as one number (<see cref="Views.KeyOrder.Prefix"/>), by
    /// ordinal: computed on first use and kept, so that ordering holders by id reads one array, not every id.
    /// </summary>
    public UInt128[] KeyPrefixes
    {
        get
        {
            if (Volatile.Read(ref _keyPrefixes) is { } prefixes) return prefixes;
            prefixes = new UInt128[_holderIds.Length];
            for (var h = 0; h < prefixes.Length; h++) prefixes[h] = Views.KeyOrder.Prefix(_holderIds[h]);
            // Published whole (two threads asking at once may each build it; either result is the same).
            Volatile.Write(ref _keyPrefixes, prefixes);
            return prefixes;
        }
    }

    /// <summary>
    /// Each holder's name, by ordinal, read through <paramref name="nameAt"/> (by the register's ordinal) on first use
    /// and kept: the index is of one version of the register, and a holder's name changes only by an event, which makes
    /// a new version (and a new index).
    /// </summary>
    public string[] HolderNames(Func<int, string> nameAt)
    {
        if (Volatile.Read(ref _holderNames) is { } names) return names;
        names = new string[_holderIds.Length];
        for (var h = 0; h < names.Length; h++) names[h] = nameAt(_registerOrdinals[h]);
        Volatile.Write(ref _holderNames, names); // published whole, as above
        return names;
    }
}
