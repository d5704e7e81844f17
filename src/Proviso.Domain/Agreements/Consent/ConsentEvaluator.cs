using NodaTime;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;

namespace Proviso.Domain.Agreements.Consent;

/// <summary>
/// Evaluates a consent group for a set of consenting holders on a date: each prong with its numerator, denominator and
/// result, whose consent is required and why, and the smallest set of further consents that would satisfy the prong and
/// the whole group.
/// <para>Interpretation (ROFR s.6.17, "All Shares held or acquired by any Affiliates shall be aggregated together for the
/// purpose of determining the availability of any rights of the Investors"): a named holder's minimum holding (e.g.
/// Tencent's 5,899,843 Series F) is tested on its shares together with its Affiliates'. Consents are counted holder by
/// holder: an Affiliate's shares count only if the Affiliate itself consents.</para>
/// </summary>
public static class ConsentEvaluator
{
    /// <summary>Above this many candidate combinations the smallest set is found greedily (minimal, not proven minimum).</summary>
    private const long ExactSearchBudget = 250_000;

    public static ConsentResult Evaluate(Agreement agreement, string groupId, Register.Register register, LocalDate asOf, IReadOnlyCollection<string> consenting)
    {
        var given = consenting.Select(agreement.HolderOf).ToHashSet(StringComparer.Ordinal);
        var interpretations = new List<string>();
        var compiled = Compile(agreement, agreement.ConsentGroup(groupId), register, asOf, new HashSet<string>(StringComparer.Ordinal), interpretations);
        return Report(agreement, compiled, register, asOf, given, interpretations);
    }

    // A compiled group: leaves that must all hold. Threshold leaves carry weights; party leaves carry required holders.
    private sealed record Compiled(ConsentGroup Group, IReadOnlyList<CompiledProng> Prongs);

    private abstract record CompiledProng(ConsentProng Prong);

    /// <summary>
    /// A threshold prong on one register and date. The weight of each class is read once and every sum is exact in whole
    /// numbers over one common denominator (<see cref="ClassWeights"/>), so it equals the sum of the holders' fractions.
    /// The total is each class's total from the register's holding index, weighted (the same sum as holding by holding);
    /// a holder's weight is read from the index when a set is summed, and the weights of every holder are tabulated only
    /// when a search for further consents needs them all.
    /// </summary>
    private sealed record CompiledThreshold : CompiledProng
    {
        private readonly Register.Register _register;
        private readonly HoldingIndex _index;
        private readonly ClassWeights _weights;
        private readonly InstrumentsByHolder? _instruments;
        private readonly Dictionary<string, ExactSum> _holderSums = new(StringComparer.Ordinal);
        private readonly ExactSum _total;
        private Dictionary<string, Fraction>? _all;

        public CompiledThreshold(ThresholdProng source, Register.Register register, ClassWeights weights, IReadOnlyList<RequiredConsenterStatus> required) : base(source)
        {
            Source = source;
            Required = required;
            _register = register;
            _index = register.HoldingsIndexed;
            _weights = weights;
            var total = default(ExactSum);
            weights.AddClassTotals(ref total, _index);
            if (source.InstrumentsAsExercised)
            {
                _instruments = new InstrumentsByHolder(register);
                foreach (var i in register.Instruments.Values)
                    if (i.Outstanding.IsPositive) weights.TryAdd(ref total, i.ClassId, i.Outstanding);
            }
            _total = total;
            Total = weights.ToFraction(total);
        }

        public ThresholdProng Source { get; }

        public Fraction Total { get; }

        public IReadOnlyList<RequiredConsenterStatus> Required { get; }

        /// <summary>Every holder with a holding (or, if counted, an instrument) of the prong's classes, and its weight.</summary>
        public IReadOnlyDictionary<string, Fraction> Weights => _all ??= Tabulate();

        public bool Satisfied(IReadOnlySet<string> set) =>
            !Total.IsZero && Source.Threshold.IsMetBy(Share(set)) && Required.Where(r => r.Required).All(r => set.Contains(r.HolderId));

        /// <summary>The set's weight over the total (the total is not zero).</summary>
        private Fraction Share(IReadOnlySet<string> set) => Fraction.Create(SumOf(set).Value, _total.Value);

        public Fraction Sum(IReadOnlySet<string> set) => _weights.ToFraction(SumOf(set));

        private ExactSum SumOf(IReadOnlySet<string> set)
        {
            var sum = default(ExactSum);
            foreach (var holder in set) sum.Add(HolderSum(holder));
            return sum;
        }

        private ExactSum HolderSum(string holder)
        {
            if (_holderSums.TryGetValue(holder, out var known)) return known;
            var sum = default(ExactSum);
            if (_index.TryHolder(holder, out var h)) _weights.AddHoldings(ref sum, _index, h);
            if (_instruments is not null)
                foreach (var i in _instruments.Of(holder)) _weights.TryAdd(ref sum, i.ClassId, i.Outstanding);
            _holderSums[holder] = sum;
            return sum;
        }

        private Dictionary<string, Fraction> Tabulate()
        {
            var sums = new Dictionary<string, ExactSum>(StringComparer.Ordinal);
            foreach (var h in _register.Holdings())
            {
                if (!_weights.Contains(h.ClassId)) continue;
                ref var sum = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sums, h.HolderId, out _);
                _weights.TryAdd(ref sum, h.ClassId, h.Shares);
            }
            if (_instruments is not null)
            {
                foreach (var i in _register.Instruments.Values)
                {
                    if (!i.Outstanding.IsPositive || !_weights.Contains(i.ClassId)) continue;
                    ref var sum = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sums, i.HolderId, out _);
                    _weights.TryAdd(ref sum, i.ClassId, i.Outstanding);
                }
            }
            var all = new Dictionary<string, Fraction>(sums.Count, StringComparer.Ordinal);
            foreach (var (holder, sum) in sums) all[holder] = _weights.ToFraction(sum);
            return all;
        }
    }

    private sealed record CompiledGroup(GroupProng Source, Compiled Inner) : CompiledProng(Source)
    {
        public GroupProng Source { get; } = Source;
    }

    private sealed record CompiledParties(PartiesProng Source, IReadOnlyList<string> Holders) : CompiledProng(Source)
    {
        public PartiesProng Source { get; } = Source;
    }

    private static Compiled Compile(Agreement a, ConsentGroup group, Register.Register r, LocalDate asOf, HashSet<string> visiting, List<string> interpretations)
    {
        if (!visiting.Add(group.Id)) throw new InvalidOperationException($"consent group '{group.Id}' refers to itself");
        var prongs = new List<CompiledProng>();
        foreach (var p in group.Prongs)
        {
            prongs.Add(p switch
            {
                ThresholdProng t => CompileThreshold(a, t, r, asOf, interpretations),
                GroupProng g => new CompiledGroup(g, Compile(a, a.ConsentGroup(g.GroupId), r, asOf, visiting, interpretations)),
                PartiesProng pp => new CompiledParties(pp, pp.Parties.Select(a.HolderOf).ToList()),
                _ => throw new ArgumentOutOfRangeException(nameof(group), p.GetType().Name, "unknown prong"),
            });
        }
        visiting.Remove(group.Id);
        return new Compiled(group, prongs);
    }

    private static CompiledThreshold CompileThreshold(Agreement a, ThresholdProng t, Register.Register r, LocalDate asOf, List<string> interpretations)
    {
        // Every holding and instrument is of a class on the register, so only the prong's classes on the register weigh anything.
        var weights = new List<(string, Fraction)>();
        foreach (var classId in t.Classes)
            if (r.Classes.ContainsKey(classId)) weights.Add((classId, Weight(r, classId, asOf, t.Measure)));

        var required = new List<RequiredConsenterStatus>();
        foreach (var rc in t.MustInclude)
        {
            var holder = a.HolderOf(rc.Party);
            var reasons = new List<string>();
            var active = true;
            if (rc.AfterExerciseOf is { } insId)
            {
                var exercised = r.Instruments.TryGetValue(insId, out var ins) && ins.Exercised.IsPositive;
                active &= exercised;
                reasons.Add(exercised ? $"{insId} has been exercised" : $"{insId} has not been exercised, so {rc.Party}'s consent is not yet required");
            }
            if (rc.MinimumHolding is { } min && rc.MinimumHoldingClass is { } cls)
            {
                var adjusted = r.AdjustForSplits(cls, min.ToFraction(), a.Date, asOf);
                var held = ShareCount.Zero;
                foreach (var m in a.Affiliate.GroupMembersOf(a, r, asOf, holder)) held += r.SharesOf(m, cls);
                var holds = held.ToFraction() >= adjusted;
                active &= holds;
                var minText = adjusted.IsInteger ? new ShareCount((long)adjusted.Numerator).ToString() : adjusted.ToString();
                reasons.Add(holds
                    ? $"holds {held} {cls} with its Affiliates, no less than {minText}"
                    : $"holds {held} {cls} with its Affiliates, less than {minText}, so its consent is not required");
                if (adjusted != min.ToFraction())
                    interpretations.Add($"{rc.Party}'s threshold of {min} {cls} is {minText} after share splits (s.6.18).");
            }
            required.Add(new RequiredConsenterStatus(rc.Party, holder, active, false, string.Join("; ", reasons), rc.Citation));
        }
        return new CompiledThreshold(t, r, ClassWeights.Of(weights), required);
    }

    private static Fraction Weight(Register.Register r, string classId, LocalDate asOf, ConsentMeasure measure)
    {
        var cls = r.Classes[classId];
        var ratio = cls.RatioOn(asOf) ?? Fraction.One;
        if (measure == ConsentMeasure.AsConverted) return ratio;
        if (cls.VotesPerShare is { } v) return v;
        return cls.ConvertsInto is { } target && r.Classes.TryGetValue(target, out var t) ? ratio * (t.VotesPerShare ?? Fraction.One) : ratio;
    }

    private static bool Satisfied(Compiled c, IReadOnlySet<string> set) => c.Prongs.All(p => Satisfied(p, set));

    private static bool Satisfied(CompiledProng p, IReadOnlySet<string> set) => p switch
    {
        CompiledThreshold t => t.Satisfied(set),
        CompiledGroup g => Satisfied(g.Inner, set),
        CompiledParties pp => pp.Holders.All(set.Contains),
        _ => false,
    };

    // Deferred: the candidates (for a threshold, every holder's weight) are read only when a search for further consents runs.
    private static IEnumerable<string> Candidates(CompiledProng p)
    {
        var candidates = p switch
        {
            CompiledThreshold t => t.Weights.Where(w => w.Value.Sign > 0).Select(w => w.Key).Concat(t.Required.Select(x => x.HolderId)),
            CompiledGroup g => g.Inner.Prongs.SelectMany(Candidates),
            CompiledParties pp => pp.Holders,
            _ => [],
        };
        foreach (var c in candidates) yield return c;
    }

    /// <summary>The fewest further consents that satisfy <paramref name="satisfied"/>, searching exhaustively when affordable.</summary>
    private static (IReadOnlyList<string> Set, bool Proven) Smallest(IReadOnlySet<string> given, IEnumerable<string> candidatePool, Func<IReadOnlySet<string>, bool> satisfied, Func<string, Fraction> size)
    {
        if (satisfied(given)) return ([], true);
        var candidates = candidatePool.Distinct(StringComparer.Ordinal).Where(c => !given.Contains(c))
            .OrderByDescending(size).ThenBy(c => c, StringComparer.Ordinal).ToList();
        // Greedy: add the largest until satisfied, then drop any that are not needed.
        var chosen = new HashSet<string>(given, StringComparer.Ordinal);
        var added = new List<string>();
        foreach (var c in candidates)
        {
            if (satisfied(chosen)) break;
            chosen.Add(c);
            added.Add(c);
        }
        if (!satisfied(chosen)) return (candidates, false); // cannot be satisfied even with everyone
        foreach (var c in added.AsEnumerable().Reverse().ToList())
        {
            chosen.Remove(c);
            if (satisfied(chosen)) added.Remove(c); else chosen.Add(c);
        }
        // Exhaustive search for a smaller set, if the number of combinations is affordable.
        for (var k = 1; k < added.Count; k++)
        {
            if (Combinations(candidates.Count, k) > ExactSearchBudget) return (Order(added, size), false);
            foreach (var combo in Choose(candidates, k))
            {
                var set = new HashSet<string>(given, StringComparer.Ordinal);
                set.UnionWith(combo);
                if (satisfied(set)) return (Order(combo, size), true);
            }
        }
        return (Order(added, size), true);
    }

    private static IReadOnlyList<string> Order(IEnumerable<string> set, Func<string, Fraction> size) =>
        set.OrderByDescending(size).ThenBy(x => x, StringComparer.Ordinal).ToList();

    private static long Combinations(int n, int k)
    {
        long c = 1;
        for (var i = 1; i <= k; i++)
        {
            c = c * (n - k + i) / i;
            if (c > ExactSearchBudget) return c;
        }
        return c;
    }

    private static IEnumerable<List<string>> Choose(List<string> items, int k)
    {
        var idx = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return idx.Select(i => items[i]).ToList();
            var j = k - 1;
            while (j >= 0 && idx[j] == items.Count - k + j) j--;
            if (j < 0) yield break;
            idx[j]++;
            for (var m = j + 1; m < k; m++) idx[m] = idx[m - 1] + 1;
        }
    }

    private static ConsentResult Report(Agreement a, Compiled c, Register.Register r, LocalDate asOf, HashSet<string> given, List<string> interpretations)
    {
        // The holders' sizes order the search for further consents, which runs only when the consent is not given.
        Dictionary<string, Fraction>? sizes = null;
        Fraction Size(string h)
        {
            if (sizes is null)
            {
                sizes = new Dictionary<string, Fraction>(StringComparer.Ordinal);
                foreach (var p in c.Prongs) Collect(p, sizes);
            }
            return sizes.TryGetValue(h, out var s) ? s : Fraction.Zero;
        }

        var prongs = c.Prongs.Select(p => ReportProng(a, p, r, asOf, given, Size, interpretations)).ToList();
        var (smallest, proven) = Smallest(given, c.Prongs.SelectMany(Candidates), s => Satisfied(c, s), Size);
        return new ConsentResult(a.Id, c.Group.Id, c.Group.Name, c.Group.Citation, asOf, given.Order(StringComparer.Ordinal).ToList(),
            Satisfied(c, given), prongs, smallest, proven, interpretations.Distinct().ToList());
    }

    private static void Collect(CompiledProng p, Dictionary<string, Fraction> sizes)
    {
        switch (p)
        {
            case CompiledThreshold t:
                foreach (var (h, w) in t.Weights)
                    if (!sizes.TryGetValue(h, out var s) || w > s) sizes[h] = w;
                break;
            case CompiledGroup g:
                foreach (var q in g.Inner.Prongs) Collect(q, sizes);
                break;
        }
    }

    private static ProngResult ReportProng(Agreement a, CompiledProng p, Register.Register r, LocalDate asOf, HashSet<string> given, Func<string, Fraction> size, List<string> interpretations)
    {
        switch (p)
        {
            case CompiledThreshold t:
            {
                var num = t.Sum(given);
                Fraction? share = t.Total.IsZero ? null : num / t.Total;
                var required = t.Required.Select(x => x with { Given = given.Contains(x.HolderId) }).ToList();
                var (smallest, _) = Smallest(given, Candidates(t), t.Satisfied, size);
                var measure = t.Source.Measure == ConsentMeasure.AsConverted ? "as-converted voting power" : "votes";
                var desc = $"holders of {t.Source.Threshold} of the {measure} of {string.Join(", ", t.Source.Classes)}"
                           + (t.Source.InstrumentsAsExercised ? ", instruments counted as exercised" : "");
                if (t.Total.IsZero) interpretations.Add($"{t.Source.Label}: no {string.Join(", ", t.Source.Classes)} are outstanding on {asOf:yyyy-MM-dd}, so the prong cannot be satisfied.");
                return new ProngResult(t.Source.Label, desc, t.Source.Citation, t.Satisfied(given), num, t.Total, share, t.Source.Threshold, required, smallest, null);
            }
            case CompiledGroup g:
            {
                var nested = Report(a, g.Inner, r, asOf, given, interpretations);
                return new ProngResult(g.Source.Label, g.Inner.Group.Name, g.Source.Citation, nested.Satisfied, null, null, null, null, [], nested.SmallestFurtherConsents, nested);
            }
            case CompiledParties pp:
            {
                var missing = pp.Holders.Where(h => !given.Contains(h)).ToList();
                var required = pp.Source.Parties.Select(x => new RequiredConsenterStatus(x, a.HolderOf(x), true, given.Contains(a.HolderOf(x)), "named in the clause", pp.Source.Citation)).ToList();
                return new ProngResult(pp.Source.Label, "the consent of " + string.Join(" and ", pp.Source.Parties), pp.Source.Citation, missing.Count == 0, null, null, null, null, required, missing, null);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(p));
        }
    }
}
