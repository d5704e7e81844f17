using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.FirstRefusal;

/// <summary>
/// The right of first refusal as terms (key <c>firstRefusal</c>): who must offer, who receives the Transfer Notice and
/// what it must contain, the refusal stages in order (one for Cloopen's Investors; the company's then the investors'
/// secondary refusal in the NVCA style), rounding, closing, non-cash consideration, special options and the sale
/// window after non-exercise. Nothing here names a company: a second agreement of the family is a new terms file.
/// </summary>
public sealed record FirstRefusalTerms(
    Citation Citation,
    IReadOnlyList<string> TransferorRoles,
    IReadOnlyList<string> TransferorExcludeRoles,
    IReadOnlyList<string> NoticeRecipientRoles,
    bool NoticeToCompany,
    IReadOnlyList<NoticeRequirement> NoticeContent,
    IReadOnlyList<RefusalStage> Stages,
    RoundingMethod Rounding,
    ClosingTerms Closing,
    NonCashTerms? NonCash,
    SpecialOptionTerms? SpecialOptions,
    SaleWindowTerms SaleWindow) : MechanismTerms(Citation)
{
    /// <summary>The stage with the given id.</summary>
    public RefusalStage Stage(string id) =>
        Stages.FirstOrDefault(s => s.Id == id) ?? throw new KeyNotFoundException($"first refusal has no stage '{id}' (stages: {string.Join(", ", Stages.Select(s => s.Id))})");
}

/// <summary>An element the Transfer Notice must contain, with the words that require it.</summary>
public sealed record NoticeRequirement(NoticeElement Element, string Description, Citation Citation);

/// <summary>
/// One round of first refusal: who may buy (the holders of a role, or the company itself), what starts each
/// purchaser's period (receipt of the Transfer Notice, or of the company's secondary notice), the period, how
/// entitlements are measured (pro rata; or, with no pro rata terms, all the shares still on offer), and the
/// over-allotment that follows it.
/// </summary>
public sealed record RefusalStage(
    string Id,
    string Name,
    Citation Citation,
    string? PurchaserRole,
    bool CompanyPurchases,
    StageTrigger Trigger,
    PeriodTerm Period,
    string PeriodName,
    ProRataTerms? ProRata,
    OverAllotmentTerms? OverAllotment,
    PeriodTerm? SecondaryNoticeDue);

/// <summary>What starts a stage's period for each purchaser.</summary>
public enum StageTrigger
{
    /// <summary>Each purchaser's receipt of the Transfer Notice.</summary>
    TransferNotice,

    /// <summary>Each purchaser's receipt of the company's secondary notice, given after the previous stage.</summary>
    SecondaryNotice,
}

/// <summary>
/// Over-allotment after a stage: the period after the stage's end, who may take up the shares others left (those who
/// exercised in full), and the basis on which competing requests are split.
/// </summary>
public sealed record OverAllotmentTerms(Citation Citation, PeriodTerm Period, string PeriodName, OverAllotmentBasis Basis);

/// <summary>The basis on which unsubscribed shares are split among Investors asking for more than there is.</summary>
public enum OverAllotmentBasis
{
    /// <summary>In proportion to the same fractions as the Pro Rata Shares.</summary>
    ProRataFractions,

    /// <summary>In proportion to the shares each elected to purchase in the stage itself (NVCA: "pro rata based on the number of shares … elected to purchase").</summary>
    AmountsElected,
}

/// <summary>
/// ROFR s.2.2(iii): the default closing "on the 40th day after the Company's receipt of the Transfer Notice, unless
/// such notice contemplated a later closing date".
/// </summary>
public sealed record ClosingTerms(Citation Citation, PeriodTerm DefaultDate, bool NoticeMayFixLaterDate);

/// <summary>
/// ROFR s.2.2(iv): non-cash consideration paid in cash equal to its fair market value; appraisal cost shared; if the
/// value is not determined within a period after the Company's receipt, closing within a period after valuation.
/// </summary>
public sealed record NonCashTerms(Citation Citation, PeriodTerm ValuationDue, PeriodTerm ClosingAfterValuation, AppraisalCostSplit CostSplit, Citation CostCitation);

/// <summary>"The cost of such appraisal shall be shared equally by the Transferor and the Investors exercising their right of first refusal."</summary>
public enum AppraisalCostSplit
{
    /// <summary>Equal shares per head: the Transferor and each exercising Investor pay the same.</summary>
    PerCapita,

    /// <summary>Half by the Transferor, half by the exercising Investors together, split equally among them.</summary>
    TransferorHalf,
}

/// <summary>
/// ROFR s.2.2(v): when a named purchaser would hold more than a threshold of the fully diluted voting power after
/// exercising in full, it may assign its rights or ask the company to repurchase, so that it holds at most the threshold.
/// </summary>
public sealed record SpecialOptionTerms(Citation Citation, string Party, Threshold Threshold, HoldingMeasure Measure, IReadOnlyList<string> PoolClasses, IReadOnlyList<SpecialOption> Options);

/// <summary>The options a special-options holder may exercise.</summary>
public enum SpecialOption
{
    /// <summary>"Assigning its rights to all or part of its Pro Rata Shares and/or Shares under the Over-allotment Rights … to other shareholders and/or the Key Employees".</summary>
    Assign,

    /// <summary>"Requesting the Company to repurchase all or part of Pro Rata Shares … provided that the Company has sufficient funds".</summary>
    CompanyRepurchase,
}

/// <summary>
/// ROFR s.2.4(i): "a period of sixty (60) days from the expiration of the Option Period in which to sell the remaining
/// Offered Shares to the third party transferee identified in the Transfer Notice upon terms and conditions … no more
/// favorable to the purchaser", the transferee's joinder before the sale is effective, and s.2.4(ii) revival after it.
/// </summary>
public sealed record SaleWindowTerms(Citation Citation, PeriodTerm Period, SaleWindowStart From, bool JoinderRequired, Citation JoinderCitation, Citation RevivalCitation);

/// <summary>What starts the sale window.</summary>
public enum SaleWindowStart
{
    /// <summary>The expiration of the (last) Option Period, co-sale periods included.</summary>
    OptionPeriodEnd,

    /// <summary>The company's receipt of the Transfer Notice (NVCA: "not later than ninety (90) days following delivery to the Company").</summary>
    CompanyReceipt,
}
