using NodaTime;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.CoSale;

/// <summary>One co-seller's entitlement: the measures, the exact and whole Ordinary Share equivalents, what it asked for, and what it delivers in its own class.</summary>
public sealed record CoSaleShare(string HolderId, string ClassId, Fraction Numerator, Fraction Denominator, Fraction Exact, ShareCount WholeEquivalents, ShareCount Requested, ShareCount Delivered, Fraction RatioToOrdinary, Fraction EquivalentsDelivered);

/// <summary>The co-sale entitlements of a sale: the shares going to the third party, each co-seller's share, and the rounding applied.</summary>
public sealed record CoSaleTable(ShareCount ToThirdParty, Fraction TransferorMeasure, IReadOnlyList<CoSaleShare> Shares, string RoundingPolicy, Citation Citation)
{
    /// <summary>The Ordinary Share equivalents the co-sellers deliver in all, rounded up: the Transferor's own sale is cut by this much.</summary>
    public ShareCount EquivalentsDelivered => ShareCount.Of(checked((long)Fraction.Sum(Shares.Select(s => s.EquivalentsDelivered)).Ceiling()));
}

/// <summary>
/// ROFR s.2.3(ii): "The total number of Equity Securities that an Investor may elect to sell shall be equal to the
/// product of (a) the aggregate number of the Offered Shares being transferred to the third party transferee …,
/// multiplied by (b) a fraction, the numerator of which is the number of Ordinary Shares (including Class B Ordinary
/// Shares if applicable and Preferred Shares on an as-converted to Ordinary Share basis) owned by such Investor on the
/// date of the Transfer Notice and the denominator of which is the total number of Ordinary Shares (including Class B
/// Ordinary Shares and Preferred Shares on an as-converted basis and assuming full conversion and exercise of all
/// options and other outstanding convertible and exercisable securities) owned by the Transferor and all the Investors
/// exercising the right of co-sale hereunder."
/// <para>Interpretation: "the Offered Shares being transferred to the third party" are those left after first refusal
/// and over-allotment. The numerator and the denominator are measured as the terms state (in the Cloopen text the
/// numerator is as-converted only, the denominator also counts options and warrants as exercised). The entitlement is
/// a number of Ordinary Share equivalents; a co-seller holding preferred shares delivers the number of its own shares
/// that converts into at most that many ordinary shares (equivalents divided by the conversion ratio, rounded down),
/// unless the purchaser objects to Ordinary Share Equivalents, in which case those shares are converted at closing and
/// the ordinary shares delivered (s.2.3(iii)). A co-seller sells the lesser of its entitlement and what it asked for.
/// The Transferor's own sale is reduced by the equivalents the co-sellers deliver, so the purchaser buys the same
/// number of shares in all.</para>
/// </summary>
public static class CoSaleEntitlement
{
    public static CoSaleTable Compute(CoSaleTerms terms, Register.Register register, LocalDate noticeDate, string transferorId, ShareCount toThirdParty,
        IReadOnlyList<(string HolderId, string ClassId, ShareCount Requested)> coSellers, RoundingMethod rounding)
    {
        var denominatorMeasure = terms.Denominator.On(register, noticeDate);
        var numeratorMeasure = terms.Numerator.On(register, noticeDate, denominatorMeasure.Instruments);
        var transferorMeasure = denominatorMeasure.Of(transferorId);
        var denominator = transferorMeasure;
        foreach (var c in coSellers) denominator += denominatorMeasure.Of(c.HolderId);
        var exact = coSellers.Select(c =>
        {
            var n = numeratorMeasure.Of(c.HolderId);
            return (c, n, Exact: denominator.IsZero ? Fraction.Zero : toThirdParty.ToFraction() * n / denominator);
        }).ToList();
        var whole = WholeShareRounding.Apply(exact.Select(e => (e.c.HolderId, e.Exact)).ToList(), rounding);
        var shares = new List<CoSaleShare>();
        for (var i = 0; i < exact.Count; i++)
        {
            var (c, n, ex) = exact[i];
            var ratio = register.Classes.TryGetValue(c.ClassId, out var cls) ? HoldingMeasure.Ratio(cls, noticeDate) : Fraction.One;
            var inOwnClass = WholeShareRounding.Floor(whole[i].ToFraction() / ratio);
            var delivered = ShareCount.Min(inOwnClass, c.Requested);
            shares.Add(new CoSaleShare(c.HolderId, c.ClassId, n, denominator, ex, whole[i], c.Requested, delivered, ratio, delivered.ToFraction() * ratio));
        }
        return new CoSaleTable(toThirdParty, transferorMeasure, shares, WholeShareRounding.Describe(rounding), terms.EntitlementCitation);
    }
}
