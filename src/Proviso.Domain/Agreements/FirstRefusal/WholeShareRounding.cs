using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.FirstRefusal;

/// <summary>How exact entitlements (fractions of shares) become whole shares. A named policy, reported in every result.</summary>
public enum RoundingMethod
{
    /// <summary>Each entitlement rounded down; the shares left over are offered in over-allotment (the default).</summary>
    RoundDown,

    /// <summary>
    /// Each entitlement rounded down, then the whole shares left over (the floor of the exact total less the rounded
    /// total) given one at a time to the largest fractional parts, ties to the larger exact entitlement, then by holder id.
    /// </summary>
    LargestRemainder,
}

/// <summary>
/// Turns exact entitlements into whole shares under a <see cref="RoundingMethod"/>. Neither method ever gives out more
/// than the floor of the exact total, so allocations never exceed what is offered.
/// </summary>
public static class WholeShareRounding
{
    /// <summary>One sentence naming the policy, for every result that reports whole shares.</summary>
    public static string Describe(RoundingMethod method) => method switch
    {
        RoundingMethod.RoundDown => "round-down: each fractional entitlement is rounded down to whole shares; the shares left over are offered in over-allotment",
        RoundingMethod.LargestRemainder => "largest-remainder: entitlements are rounded down, then the whole shares left over go one at a time to the largest fractional parts",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown rounding method"),
    };

    /// <summary>Whole shares for each (key, exact) pair, in the input order.</summary>
    public static IReadOnlyList<ShareCount> Apply(IReadOnlyList<(string Key, Fraction Exact)> exact, RoundingMethod method)
    {
        var whole = exact.Select(e => Floor(e.Exact)).ToArray();
        if (method == RoundingMethod.RoundDown || exact.Count == 0) return whole;
        var total = Fraction.Sum(exact.Select(e => e.Exact));
        var spare = (long)total.Floor() - whole.Sum(w => w.Value);
        var order = Enumerable.Range(0, exact.Count)
            .OrderByDescending(i => exact[i].Exact - whole[i].ToFraction())
            .ThenByDescending(i => exact[i].Exact)
            .ThenBy(i => exact[i].Key, StringComparer.Ordinal)
            .ToList();
        for (var k = 0; k < order.Count && spare > 0; k++)
        {
            if ((exact[order[k]].Exact - whole[order[k]].ToFraction()).IsZero) break;
            whole[order[k]] += ShareCount.Of(1);
            spare--;
        }
        return whole;
    }

    /// <summary>The whole part of a non-negative exact number of shares.</summary>
    public static ShareCount Floor(Fraction exact)
    {
        var f = exact.Floor();
        if (f.Sign < 0) return ShareCount.Zero;
        return ShareCount.Of(checked((long)f));
    }
}
