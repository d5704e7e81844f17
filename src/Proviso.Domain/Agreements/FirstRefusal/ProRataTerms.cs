namespace Proviso.Domain.Agreements.FirstRefusal;

/// <summary>
/// The fraction of the Offered Shares each purchaser may buy, as the clause defines its numerator and denominator.
/// ROFR s.2.2(ii): numerator "the number of Ordinary Shares (including Preferred Shares on an as-converted basis and
/// assuming full conversion and exercise …) owned by that individual Investor"; denominator "the total number of
/// Ordinary Shares (… and Class B Ordinary Shares held by Sequoia IV and Trustbridge Partners V, L.P.) owned by the
/// Preferred Shares Investors other than the Transferor".
/// </summary>
public sealed record ProRataTerms(Citation Citation, HoldingMeasure Numerator, ProRataDenominator Denominator, FractionsAboveOne WhenAboveOne);

/// <summary>
/// The denominator's pool: the holders of a role (optionally less the Transferor), each measured by
/// <see cref="Measure"/>, plus named holders' holdings of stated classes (counted once even when the holder is also in
/// the role).
/// </summary>
public sealed record ProRataDenominator(string Role, bool ExcludeTransferor, HoldingMeasure Measure, IReadOnlyList<PoolAddition> Plus);

/// <summary>"… and Class B Ordinary Shares held by Sequoia IV and Trustbridge Partners V, L.P.": a party and the classes of its holding that also count.</summary>
public sealed record PoolAddition(string Party, IReadOnlyList<string> Classes);

/// <summary>What to do when the purchasers' fractions, as written, add up to more than one.</summary>
public enum FractionsAboveOne
{
    /// <summary>
    /// Widen the denominator to the sum of every purchaser's numerator, so the fractions add up to one (each keeps its
    /// proportion to the others). The reading taken by default; the as-written figures are reported beside it.
    /// </summary>
    Normalise,

    /// <summary>
    /// Keep the fractions as written; elections are accepted in the order given until the Offered Shares run out, and an
    /// election that would take more than remains is refused.
    /// </summary>
    AsWritten,
}
