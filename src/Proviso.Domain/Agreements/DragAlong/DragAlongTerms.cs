using NodaTime;
using Proviso.Domain.Quantities;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// A drag-along clause as terms (key <c>dragAlong</c>; docs/drag-along.md). Every number, group and named party is data:
/// the Cloopen ROFR s.4 is one terms file, an NVCA-style drag-along another. Optional parts (an exclusion-clause limit,
/// a Preferential Sale, Restriction and Release Periods, a Listing Rules override) are null when an agreement has none.
/// </summary>
public sealed record DragAlongTerms(
    Citation Citation,
    Citation? BeforeQualifiedIpo,
    GroupReference DragHolders,
    GroupReference? Approval,
    MoneyFloor? ValuationFloor,
    Citation SameTerms,
    DistributionTerms Distribution,
    NoticeObligationsTerms Notice,
    Citation Withdrawal,
    Citation PowerOfAttorney,
    NewOfferTerms? NewOffers,
    PreferentialSaleTerms? PreferentialSale,
    RestrictionTerms? Restriction,
    CostTerms Costs,
    Citation TransferRestrictionsDisapply,
    ListingRulesTerms? ListingRules,
    string TimeZone) : MechanismTerms(Citation)
{
    /// <summary>The time zone in which "the date of the Drag-Along Notice" and month periods are counted.</summary>
    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[TimeZone];
}

/// <summary>A consent group of the agreement's <c>consents:</c> used by the clause ("the Drag Holders", "the Majority Investors").</summary>
public sealed record GroupReference(string GroupId, Citation Citation);

/// <summary>"no less than US$2,000,000,000": an amount and whether it is inclusive.</summary>
public sealed record MoneyFloor(Money Amount, Consent.Comparison Comparison, Citation Citation)
{
    public bool IsMetBy(Money value) => Comparison == Consent.Comparison.AtLeast ? value >= Amount : value > Amount;

    public override string ToString() => (Comparison == Consent.Comparison.AtLeast ? "no less than " : "more than ") + Amount;
}

/// <summary>How proceeds are distributed (s.4.1(i): "as a Deemed Liquidation Event … in accordance with Article 8.2(B)"), with the waterfall by name.</summary>
public sealed record DistributionTerms(string Waterfall, bool DeemedLiquidationEvent, Citation Citation, string? Note);

/// <summary>What the Drag-Along Notice requires of each other holder (s.4.1(i) to (v)), each with its words and clause.</summary>
public sealed record NoticeObligationsTerms(Citation Citation, IReadOnlyList<ObligationTerm> Obligations);

/// <summary>One obligation: a stable id (sell, vote, not-dissent, transfer, sign), what the clause says, and where.</summary>
public sealed record ObligationTerm(DragObligation Id, string Says, Citation Citation);

/// <summary>The undertakings the Drag-Along Notice imposes on each other holder.</summary>
public enum DragObligation
{
    /// <summary>s.4.1(i): sell at the same time as the Drag Holders, on the same terms.</summary>
    Sell,
    /// <summary>s.4.1(ii): vote or consent in favour, and against anything that would interfere.</summary>
    Vote,
    /// <summary>s.4.1(iii): not exercise dissenters' or appraisal rights.</summary>
    NotDissent,
    /// <summary>s.4.1(iv): transfer all its Equity Securities to the purchaser.</summary>
    Transfer,
    /// <summary>s.4.1(v): take all necessary actions, sign and deliver the documents and certificates.</summary>
    Sign,
}

/// <summary>
/// s.4.2: offers from New Offerors (at the same floor), the Exclusion Clause and its limit, and the order of preference
/// among offerors ((a) highest price, (b) soonest signing, (c) the fallback), and who the Determined Offeror is.
/// </summary>
public sealed record NewOfferTerms(
    Citation Citation,
    Citation ExclusionClause,
    PeriodTerm? ExclusionLimit,
    IReadOnlyList<string> LongerExclusionNeeds,
    Citation ExclusionLimitCitation,
    Citation OtherwiseDragHoldersChoose,
    Citation HighestPrice,
    Citation SoonestSigning,
    Citation Fallback,
    Citation DeterminedOfferor);

/// <summary>
/// s.4.2: the Preferential Sale: a window after receipt of the Drag Holders' written notice for a Buy-out Notice on
/// terms not less favourable, a window to sign with the buyer, reverting to the Determined Offeror, and forfeiture by silence.
/// </summary>
public sealed record PreferentialSaleTerms(
    Citation Citation,
    PeriodTerm BuyOutWindow,
    Citation BuyOutWindowCitation,
    PeriodTerm SigningWindow,
    Citation SigningWindowCitation,
    Citation Reverts,
    Citation Forfeiture,
    Citation NotADeemedLiquidationEvent);

/// <summary>s.4.6 to 4.10: the Restriction Period, the Release Period, the parties who may make a Special Sale, and what binds their successors.</summary>
public sealed record RestrictionTerms(
    PeriodTerm RestrictionPeriod,
    Citation RestrictionCitation,
    PeriodTerm ReleasePeriod,
    Citation ReleaseCitation,
    IReadOnlyList<string> SpecialSaleParties,
    Citation SuccessorTerms,
    Citation NoNewNoticeDuringRelease,
    Citation NewNoticeAfterRelease,
    Citation NotConsummatedInTime,
    Citation ConsummatedInTime);

/// <summary>s.4.3: expenses in proportion to proceeds; several, pro rata indemnities capped at net proceeds; holder-specific ones borne alone.</summary>
public sealed record CostTerms(Citation Expenses, Citation Indemnities, Citation OwnRepresentations);

/// <summary>s.4.11: a party whose transfers are subject to listing rules that prevail; its failure to perform for that reason is not a breach.</summary>
public sealed record ListingRulesTerms(string Party, string Rules, Citation Citation);
