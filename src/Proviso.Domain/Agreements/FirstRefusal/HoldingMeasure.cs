using NodaTime;
using Proviso.Domain.Agreements.Parties;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;

namespace Proviso.Domain.Agreements.FirstRefusal;

/// <summary>
/// A way of counting a holder's shares that an agreement defines in words, as data: which classes count, each on an
/// as-converted basis (a preferred share counts as the ordinary shares it converts into at the ratio in force), and
/// whether outstanding options and warrants count as if fully exercised. ROFR s.2.2(ii): "the number of Ordinary Shares
/// (including Preferred Shares on an as-converted basis and assuming full conversion and exercise of all options and
/// other outstanding convertible and exercisable securities …)".
/// </summary>
public sealed record HoldingMeasure(IReadOnlyList<string> Classes, bool InstrumentsAsExercised)
{
    /// <summary>The measure of <paramref name="holderId"/>'s holding on <paramref name="asOf"/>, exactly.</summary>
    public Fraction Of(Register.Register register, string holderId, LocalDate asOf) => Of(register, holderId, asOf, Classes);

    /// <summary>The measure over an explicit list of classes (used for additions such as "Class B held by Sequoia IV").</summary>
    public Fraction Of(Register.Register register, string holderId, LocalDate asOf, IEnumerable<string> classes)
    {
        var total = Fraction.Zero;
        var set = classes.ToHashSet(StringComparer.Ordinal);
        foreach (var classId in set)
        {
            if (!register.Classes.TryGetValue(classId, out var cls)) continue;
            var held = register.SharesOf(holderId, classId);
            if (held.IsPositive) total += held.ToFraction() * Ratio(cls, asOf);
        }
        if (InstrumentsAsExercised)
        {
            foreach (var i in register.Instruments.Values)
            {
                if (i.HolderId != holderId || !set.Contains(i.ClassId) || !i.Outstanding.IsPositive) continue;
                if (!register.Classes.TryGetValue(i.ClassId, out var cls)) continue;
                total += i.Outstanding.ToFraction() * Ratio(cls, asOf);
            }
        }
        return total;
    }

    /// <summary>
    /// This measure on one register and date, for measuring many holders: the ratios are read once, the instruments are
    /// grouped by holder once, and each holder's measure is summed exactly in whole numbers. Gives the same values as
    /// <see cref="Of(Register.Register, string, LocalDate)"/>.
    /// </summary>
    internal HoldingMeasurement On(Register.Register register, LocalDate asOf, InstrumentsByHolder? instruments = null) =>
        new(register, asOf, Classes, InstrumentsAsExercised, instruments);

    /// <summary>Ordinary shares per share of <paramref name="cls"/> on the date (1 for an ordinary class).</summary>
    public static Fraction Ratio(ShareClass cls, LocalDate asOf) => cls.RatioOn(asOf) ?? Fraction.One;

    /// <summary>"class-a, class-b, series-a … as converted, options and warrants as exercised".</summary>
    public string Describe() =>
        string.Join(", ", Classes) + " as converted" + (InstrumentsAsExercised ? ", options and warrants counted as fully exercised" : "");
}

/// <summary>The outstanding options and warrants of a register grouped by holder, read once for many holders.</summary>
internal sealed class InstrumentsByHolder(Register.Register register)
{
    private Dictionary<string, List<Instrument>>? _byHolder;

    /// <summary>The holder's outstanding instruments (the register's instruments are grouped on the first call).</summary>
    public IReadOnlyList<Instrument> Of(string holderId) => (_byHolder ??= Group()).TryGetValue(holderId, out var list) ? list : [];

    private Dictionary<string, List<Instrument>> Group()
    {
        var byHolder = new Dictionary<string, List<Instrument>>(StringComparer.Ordinal);
        foreach (var i in register.Instruments.Values)
        {
            if (!i.Outstanding.IsPositive) continue;
            if (!byHolder.TryGetValue(i.HolderId, out var list)) byHolder[i.HolderId] = list = new List<Instrument>(1);
            list.Add(i);
        }
        return byHolder;
    }
}

/// <summary>
/// A <see cref="HoldingMeasure"/> on one register and date: the same exact values as <see cref="HoldingMeasure.Of(Register.Register, string, LocalDate, IEnumerable{string})"/>,
/// holder by holder, without reading every instrument of the register for each holder.
/// </summary>
internal sealed class HoldingMeasurement
{
    private readonly Register.Register _register;
    private readonly ClassWeights _ratios;
    private readonly string[] _classes;
    private readonly InstrumentsByHolder? _instruments;

    public HoldingMeasurement(Register.Register register, LocalDate asOf, IEnumerable<string> classes, bool instrumentsAsExercised, InstrumentsByHolder? instruments = null)
    {
        _register = register;
        var ratios = new List<(string, Fraction)>();
        foreach (var classId in classes)
            if (register.Classes.TryGetValue(classId, out var cls)) ratios.Add((classId, HoldingMeasure.Ratio(cls, asOf)));
        _ratios = ClassWeights.Of(ratios);
        _classes = _ratios.Classes.ToArray();
        _instruments = instrumentsAsExercised ? instruments ?? new InstrumentsByHolder(register) : null;
    }

    /// <summary>The instruments index this measurement reads (null when instruments do not count), to share with another measurement.</summary>
    public InstrumentsByHolder? Instruments => _instruments;

    /// <summary>The measure of one holder's holding.</summary>
    public Fraction Of(string holderId)
    {
        var sum = default(ExactSum);
        Add(ref sum, holderId);
        return _ratios.ToFraction(sum);
    }

    /// <summary>The measures of several holders added together.</summary>
    /// <remarks>
    /// A set of holders large against the register is measured in one pass over the holdings and the instruments
    /// instead of a lookup per holder and class (a lookup costs a few steps of a pass, so the pass wins once the lookups
    /// would number more than a third of the holdings): the same sum, read in register order.
    /// </remarks>
    public Fraction Total(IEnumerable<string> holderIds)
    {
        var sum = default(ExactSum);
        if (holderIds is IReadOnlySet<string> set && (long)set.Count * _classes.Length * 3 > _register.HoldingCount)
        {
            foreach (var h in _register.Holdings())
                if (set.Contains(h.HolderId)) _ratios.TryAdd(ref sum, h.ClassId, h.Shares);
            if (_instruments is not null)
                foreach (var i in _register.Instruments.Values)
                    if (i.Outstanding.IsPositive && set.Contains(i.HolderId)) _ratios.TryAdd(ref sum, i.ClassId, i.Outstanding);
        }
        else
        {
            foreach (var h in holderIds) Add(ref sum, h);
        }
        return _ratios.ToFraction(sum);
    }

    /// <summary>
    /// The measures of a role's members added together: the members the register's holding index knows are read from it,
    /// their shares summed class by class in whole numbers and weighed once per class (the same exact sum as holder by
    /// holder); members it does not know, or every member when the role was resolved without an index, are measured as
    /// <see cref="Total(IEnumerable{string})"/> measures them.
    /// </summary>
    public Fraction Total(RoleMembers members)
    {
        if (members.Index is not { } index) return Total(members.Others);
        var sum = default(ExactSum);
        Span<Int128> byClass = index.ClassCount <= 64 ? stackalloc Int128[index.ClassCount] : new Int128[index.ClassCount];
        foreach (var h in members.Ordinals)
        {
            var classes = index.ClassesOf(h);
            var shares = index.SharesOf(h);
            for (var i = 0; i < classes.Length; i++) byClass[classes[i]] += shares[i];
        }
        _ratios.AddClassTotals(ref sum, index, byClass);
        if (_instruments is not null)
            foreach (var i in _register.Instruments.Values)
                if (i.Outstanding.IsPositive && index.TryHolder(i.HolderId, out var h) && members.Contains(h)) _ratios.TryAdd(ref sum, i.ClassId, i.Outstanding);
        foreach (var other in members.Others) Add(ref sum, other);
        return _ratios.ToFraction(sum);
    }

    private void Add(ref ExactSum sum, string holderId)
    {
        // A holder's holdings from the register's holding index when one is built (one lookup instead of one per class;
        // a holder the index does not know has no non-empty holding).
        if (_register.CurrentHoldingIndex is { } index)
        {
            if (index.TryHolder(holderId, out var holder)) _ratios.AddHoldings(ref sum, index, holder);
        }
        else
        {
            AddLookedUp(ref sum, holderId);
        }
        if (_instruments is null) return;
        foreach (var i in _instruments.Of(holderId)) _ratios.TryAdd(ref sum, i.ClassId, i.Outstanding);
    }

    private void AddLookedUp(ref ExactSum sum, string holderId)
    {
        foreach (var classId in _classes)
        {
            var held = _register.SharesOf(holderId, classId);
            if (held.IsPositive) _ratios.TryAdd(ref sum, classId, held);
        }
    }
}
