using NodaTime;
using Proviso.Domain.Agreements.Parties;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.FirstRefusal;

/// <summary>One purchaser's Pro Rata Shares: the numerator and denominator as the clause defines them, the exact entitlement and the whole shares.</summary>
public sealed record ProRataShare(string HolderId, Fraction Numerator, Fraction Denominator, Fraction FractionAsWritten, Fraction FractionApplied, Fraction Exact, ShareCount Whole);

/// <summary>
/// The Pro Rata Shares of every purchaser of a stage, computed on one date: the offered shares, each share, the rounding
/// policy and the shares rounding left over, and the ambiguities met on the way.
/// </summary>
public sealed record ProRataTable(
    string StageId,
    LocalDate AsOf,
    ShareCount Offered,
    IReadOnlyList<ProRataShare> Shares,
    Fraction DenominatorAsWritten,
    Fraction SumOfFractionsAsWritten,
    FractionsAboveOne Reading,
    RoundingMethod Rounding,
    string RoundingPolicy,
    ShareCount RoundingRemainder,
    IReadOnlyList<Ambiguity> Ambiguities,
    Citation Citation)
{
    /// <summary>The entry for a holder, or null if it has no entitlement in this stage.</summary>
    public ProRataShare? For(string holderId) => Shares.FirstOrDefault(s => s.HolderId == holderId);
}

/// <summary>
/// ROFR s.2.2(ii): "The total number of Equity Securities that each individual Investor may elect to purchase (the 'Pro
/// Rata Shares') shall be equal to the product of (i) the aggregate number of the Offered Shares … multiplied by (ii) a
/// fraction, the numerator of which is the number of Ordinary Shares … owned by that individual Investor on the date of
/// the Transfer Notice and the denominator of which is the total number of Ordinary Shares … owned by the Preferred
/// Shares Investors other than the Transferor."
/// <para>Interpretation: the numerator and denominator are terms (<see cref="ProRataTerms"/>), computed exactly as
/// fractions on the register as of the date of the Transfer Notice. When the fractions as written add up to more than
/// one (an Investor counted in numerators is not counted in the denominator, e.g. an Investor holding only Class B
/// shares that the denominator does not name), the result says so and applies the reading the terms choose
/// (<see cref="FractionsAboveOne"/>). Shares held by Affiliates are not aggregated here: s.6.17 aggregates them "for
/// the purpose of determining the availability of any rights", not for measuring them.</para>
/// </summary>
public static class ProRataEntitlement
{
    /// <summary>Computes the table for <paramref name="purchasers"/> (already resolved for the stage, Transferor excluded).</summary>
    public static ProRataTable Compute(
        Agreement agreement, Register.Register register, LocalDate asOf, string stageId, string transferorId,
        IReadOnlyList<string> purchasers, ShareCount offered, ProRataTerms terms, RoundingMethod rounding)
    {
        // The pool is resolved once, and each measure reads the register once for all the holders it measures.
        var pool = PoolMembers(agreement, register, asOf, transferorId, terms.Denominator);
        var denominatorMeasure = terms.Denominator.Measure.On(register, asOf);
        var denominator = Denominator(agreement, register, asOf, transferorId, terms.Denominator, pool, denominatorMeasure);
        var numeratorMeasure = terms.Numerator == terms.Denominator.Measure
            ? denominatorMeasure
            : terms.Numerator.On(register, asOf, denominatorMeasure.Instruments);
        var numerators = new List<(string Holder, Fraction Value)>(purchasers.Count);
        foreach (var p in purchasers) numerators.Add((p, numeratorMeasure.Of(p)));
        var sumNumerators = Fraction.Sum(numerators.Select(n => n.Value));
        var ambiguities = new List<Ambiguity>();
        var sumAsWritten = denominator.IsZero ? Fraction.Zero : sumNumerators / denominator;
        var applied = denominator;

        if (denominator.IsZero && sumNumerators.Sign > 0)
        {
            ambiguities.Add(new Ambiguity("pro-rata-denominator-zero",
                $"The denominator ({Describe(terms.Denominator)}) is zero on {asOf:yyyy-MM-dd}, so the fraction is undefined.",
                "the denominator is widened to the sum of the purchasers' numerators", null, terms.Citation));
            applied = sumNumerators;
        }
        else if (sumAsWritten > Fraction.One)
        {
            var outside = numerators.Where(n => n.Value.Sign > 0 && !InPool(agreement, pool, terms.Denominator, n.Holder)).Select(n => n.Holder).ToList();
            var who = outside.Count == 0 ? "" : $" ({string.Join(", ", outside)} {(outside.Count == 1 ? "is" : "are")} counted in a numerator but not in the denominator)";
            var taken = terms.WhenAboveOne == FractionsAboveOne.Normalise
                ? $"normalise: the denominator is widened from {denominator} to {sumNumerators}, the sum of the purchasers' numerators, so the Pro Rata Shares add up to the Offered Shares and keep their proportions"
                : "as written: each purchaser may elect up to its fraction as written; elections are accepted in turn until the Offered Shares run out";
            var alternative = terms.WhenAboveOne == FractionsAboveOne.Normalise
                ? "as written: each purchaser may elect up to its fraction as written, and elections beyond the Offered Shares would have to be cut back"
                : $"normalise: widen the denominator to {sumNumerators} so the fractions add up to one";
            ambiguities.Add(new Ambiguity("pro-rata-sum-exceeds-one",
                $"The purchasers' fractions as written add up to {sumAsWritten} ({sumAsWritten.ToPercentString(4)}), more than one{who}.",
                taken, alternative, terms.Citation));
            if (terms.WhenAboveOne == FractionsAboveOne.Normalise) applied = sumNumerators;
        }

        var exact = numerators.Select(n => (n.Holder, Value: applied.IsZero ? Fraction.Zero : offered.ToFraction() * n.Value / applied)).ToList();
        if (terms.WhenAboveOne == FractionsAboveOne.AsWritten)
            exact = exact.Select(e => (e.Holder, Fraction.Min(e.Value, offered.ToFraction()))).ToList();
        var whole = WholeShareRounding.Apply(exact.Select(e => (e.Holder, e.Value)).ToList(), rounding);
        var shares = new List<ProRataShare>();
        for (var i = 0; i < numerators.Count; i++)
        {
            var n = numerators[i].Value;
            shares.Add(new ProRataShare(numerators[i].Holder, n, denominator,
                denominator.IsZero ? Fraction.Zero : n / denominator,
                applied.IsZero ? Fraction.Zero : n / applied,
                exact[i].Value, whole[i]));
        }
        var distributed = ShareCount.Sum(whole);
        var remainder = distributed >= offered ? ShareCount.Zero : offered - distributed;
        var exactTotal = Fraction.Sum(exact.Select(e => e.Value));
        var roundingLeft = WholeShareRounding.Floor(Fraction.Min(exactTotal, offered.ToFraction())) - distributed;
        if (roundingLeft.IsPositive)
            ambiguities.Add(new Ambiguity("rounding-remainder",
                $"Rounding fractional Pro Rata Shares leaves {roundingLeft} Offered Share{(roundingLeft.Value == 1 ? "" : "s")} unassigned.",
                WholeShareRounding.Describe(rounding), "round to nearest (which could assign more shares than are offered)", terms.Citation));
        return new ProRataTable(stageId, asOf, offered, shares, denominator, sumAsWritten, terms.WhenAboveOne, rounding,
            WholeShareRounding.Describe(rounding), remainder, ambiguities, terms.Citation);
    }

    /// <summary>The denominator as written: the pool's measure plus the named additions, each holding counted once.</summary>
    public static Fraction Denominator(Agreement agreement, Register.Register register, LocalDate asOf, string transferorId, ProRataDenominator pool) =>
        Denominator(agreement, register, asOf, transferorId, pool, PoolMembers(agreement, register, asOf, transferorId, pool), pool.Measure.On(register, asOf));

    private static Fraction Denominator(Agreement agreement, Register.Register register, LocalDate asOf, string transferorId, ProRataDenominator pool,
        RoleMembers members, HoldingMeasurement measure)
    {
        var total = measure.Total(members);
        foreach (var add in pool.Plus)
        {
            var holder = agreement.HolderOf(add.Party);
            if (pool.ExcludeTransferor && holder == transferorId) continue;
            var extra = members.Contains(holder) ? add.Classes.Except(pool.Measure.Classes, StringComparer.Ordinal) : add.Classes;
            total += new HoldingMeasurement(register, asOf, extra, pool.Measure.InstrumentsAsExercised, measure.Instruments).Of(holder);
        }
        return total;
    }

    /// <summary>The pool's holders, resolved once over the register's holding index (a role of class holders is read class by class).</summary>
    private static RoleMembers PoolMembers(Agreement agreement, Register.Register register, LocalDate asOf, string transferorId, ProRataDenominator pool)
    {
        var members = agreement.RoleNamed(pool.Role).ResolveMembers(agreement, register, asOf);
        if (pool.ExcludeTransferor) members.Remove(transferorId);
        return members;
    }

    private static bool InPool(Agreement agreement, RoleMembers members, ProRataDenominator pool, string holder) =>
        members.Contains(holder)
        || pool.Plus.Any(p => agreement.HolderOf(p.Party) == holder);

    private static string Describe(ProRataDenominator pool) =>
        $"{pool.Measure.Describe()} owned by the {pool.Role}" + (pool.ExcludeTransferor ? " other than the Transferor" : "")
        + string.Concat(pool.Plus.Select(p => $", plus {string.Join(", ", p.Classes)} held by {p.Party}"));
}
