using System.Numerics;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>
/// Splits an amount of money among parties in proportion to exact weights without losing or creating a minor unit
/// (<see cref="RoundingPolicy.LargestRemainder"/>): each party first gets its exact share rounded down to the minor unit
/// (the cent); the minor units left over go one each to the parties with the largest fractional remainders; equal
/// remainders are broken by party id, ordinal ascending. The shares always add up exactly to the amount, and each share
/// is within one minor unit of the exact share.
/// </summary>
public static class CentAllocation
{
    /// <summary>The split of <paramref name="amount"/> by <paramref name="weights"/>, in the order of <paramref name="weights"/>.</summary>
    /// <exception cref="ArgumentException">The amount is negative or not whole minor units, a weight is negative, the weights sum to zero, or a party appears twice.</exception>
    public static IReadOnlyList<(string PartyId, Money Share)> Split(Money amount, IReadOnlyList<(string PartyId, Fraction Weight)> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (amount.IsNegative) throw new ArgumentException($"cannot allocate a negative amount ({amount})", nameof(amount));
        if (!amount.IsWholeMinorUnits) throw new ArgumentException($"{amount} is not a whole number of {amount.Currency.Code} minor units", nameof(amount));
        if (weights.Count == 0) throw new ArgumentException("there is no one to allocate to", nameof(weights));
        if (weights.Select(w => w.PartyId).Distinct(StringComparer.Ordinal).Count() != weights.Count) throw new ArgumentException("a party appears twice among the weights", nameof(weights));
        if (weights.Any(w => w.Weight.Sign < 0)) throw new ArgumentException("weights cannot be negative", nameof(weights));
        var total = Fraction.Sum(weights.Select(w => w.Weight));
        if (total.IsZero) throw new ArgumentException("the weights add up to zero, so there is no proportion to allocate by", nameof(weights));

        var scale = BigInteger.Pow(10, amount.Currency.MinorUnits);
        var units = (amount.ToFraction() * Fraction.Of(scale)).Floor();
        var exact = weights.Select(w => Fraction.Of(units) * w.Weight / total).ToList();
        var floors = exact.Select(e => e.Floor()).ToList();
        var left = units - floors.Aggregate(BigInteger.Zero, (a, b) => a + b);
        var order = Enumerable.Range(0, weights.Count)
            .OrderByDescending(i => exact[i] - Fraction.Of(floors[i]))
            .ThenBy(i => weights[i].PartyId, StringComparer.Ordinal)
            .ToList();
        for (var k = 0; left > 0; k++, left--) floors[order[k]] += 1;
        return weights.Select((w, i) => (w.PartyId, new Money(ToDecimal(floors[i], amount.Currency.MinorUnits), amount.Currency))).ToList();
    }

    private static decimal ToDecimal(BigInteger minorUnits, int places)
    {
        var value = (decimal)minorUnits;
        for (var i = 0; i < places; i++) value /= 10m;
        return decimal.Round(value, places);
    }

    /// <summary>One sentence describing the policy, reported with every allocation.</summary>
    public static string Describe(RoundingPolicy policy) => policy switch
    {
        RoundingPolicy.LargestRemainder => "largest remainder: each share is rounded down to the cent, and the cents left over go one each to the largest fractional remainders (ties to the lower party id), so the shares add up exactly",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown rounding policy"),
    };
}
