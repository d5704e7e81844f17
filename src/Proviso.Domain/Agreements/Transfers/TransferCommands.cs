using NodaTime;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>
/// What the Transferor proposes: the Offered Shares (one class), the prospective transferee (identity, address, and the
/// facts needed to enter it on the register), the consideration (cash per share, or property described), the material
/// terms, and a closing date if the notice fixes one.
/// </summary>
public sealed record TransferOffer(
    string ClassId,
    ShareCount Shares,
    string TransfereeId,
    string TransfereeName,
    string? TransfereeAddress,
    string TransfereeTimeZone,
    Money? PricePerShare,
    string? NonCashConsideration,
    IReadOnlyList<string> MaterialTerms,
    LocalDate? ProposedClosingDate)
{
    /// <summary>True when the consideration is property other than cash (s.2.2(iv)).</summary>
    public bool IsNonCash => NonCashConsideration is not null;
}

/// <summary>An instruction in a transfer process: the process, the instant it happened (the domain never reads a clock) and its effective date.</summary>
public abstract record TransferCommand(string ProcessId)
{
    public required LocalDate EffectiveOn { get; init; }
    public required Instant At { get; init; }
}

/// <summary>Propose a transfer; the restrictions (s.2.1, 2.5, 2.6, 3) decide whether it may proceed and by which path.</summary>
public sealed record ProposeTransfer(
    string ProcessId,
    string AgreementId,
    string TransferorId,
    TransferOffer Offer,
    IReadOnlyList<string> Consenting,
    PermittedTransferClaim? Permitted = null,
    string? IndirectThrough = null) : TransferCommand(ProcessId);

/// <summary>Give the Transfer Notice: what it contains and how it reached each recipient.</summary>
public sealed record GiveTransferNotice(string ProcessId, IReadOnlyList<NoticeElement> Includes, IReadOnlyList<NoticeDelivery> Deliveries) : TransferCommand(ProcessId);

/// <summary>Give the company's secondary notice that opens a later refusal stage (NVCA style).</summary>
public sealed record GiveSecondaryNotice(string ProcessId, string StageId, IReadOnlyList<NoticeDelivery> Deliveries) : TransferCommand(ProcessId);

/// <summary>A purchaser's allocation of part of its purchase to one of its Affiliates.</summary>
public sealed record Apportionment(string HolderId, ShareCount Shares);

/// <summary>Elect to purchase Offered Shares under first refusal, in whole or in part, optionally apportioned among Affiliates.</summary>
public sealed record ElectFirstRefusal(string ProcessId, string HolderId, ShareCount Shares, IReadOnlyList<Apportionment> Apportion, string? StageId = null) : TransferCommand(ProcessId);

/// <summary>Which right is waived.</summary>
public enum WaivedRight
{
    FirstRefusal,
    CoSale,
    OverAllotment,
    All,
}

/// <summary>Waive a right in this process (s.6.10: "any Party may waive the observance as to such Party").</summary>
public sealed record WaiveRights(string ProcessId, string HolderId, WaivedRight Right) : TransferCommand(ProcessId);

/// <summary>Elect to sell alongside the Transferor (s.2.3): the class the Investor will deliver and the number it wishes to sell.</summary>
public sealed record ElectCoSale(string ProcessId, string HolderId, string ClassId, ShareCount Shares) : TransferCommand(ProcessId);

/// <summary>Ask for unsubscribed Offered Shares under the Over-allotment Rights, up to a number.</summary>
public sealed record RequestOverAllotment(string ProcessId, string HolderId, ShareCount Shares, string? StageId = null) : TransferCommand(ProcessId);

/// <summary>How a non-cash consideration's value was settled.</summary>
public enum ValuationMethod
{
    /// <summary>Agreed between the Transferor and the exercising Investors.</summary>
    Agreed,

    /// <summary>Determined by an appraiser (s.2.2(iv)(b)).</summary>
    Appraisal,
}

/// <summary>Record the cash equivalent per share of a non-cash consideration, and the appraisal cost if any.</summary>
public sealed record RecordValuation(string ProcessId, Money CashPerShare, ValuationMethod Method, Money? AppraisalCost) : TransferCommand(ProcessId);

/// <summary>The prospective purchaser's stance toward the co-sellers.</summary>
public enum PurchaserStance
{
    /// <summary>It prohibits the co-sellers' participation or refuses to buy from them (s.2.3(v)).</summary>
    RefusesCoSellers,

    /// <summary>It objects to the delivery of Ordinary Share Equivalents in lieu of Ordinary Shares (s.2.3(iii)).</summary>
    ObjectsToEquivalents,
}

/// <summary>Record what the prospective purchaser said about the co-sellers.</summary>
public sealed record RecordPurchaserStance(string ProcessId, PurchaserStance Stance) : TransferCommand(ProcessId);

/// <summary>Exercise a special option (s.2.2(v)): assign part of the purchase to another shareholder, or ask the company to repurchase it.</summary>
public sealed record ExerciseSpecialOption(string ProcessId, string HolderId, SpecialOption Option, ShareCount Shares, string? AssigneeId, bool CompanyHasSufficientFunds) : TransferCommand(ProcessId);

/// <summary>The Transferor's sale of what remains to the named transferee (s.2.4): price and any term better for the buyer than the notice's.</summary>
public sealed record ThirdPartySale(string TransfereeId, Money? PricePerShare, IReadOnlyList<string> TermsMoreFavourableToBuyer, Instant? JoinderSignedAt);

/// <summary>Close: every purchase, co-sale and the Transferor's own sale, in one decision.</summary>
public sealed record CloseTransfer(string ProcessId, ThirdPartySale? Sale) : TransferCommand(ProcessId);

/// <summary>Record that the sale window ended without the sale: the rights revive (s.2.4(ii)).</summary>
public sealed record LapseSaleWindow(string ProcessId) : TransferCommand(ProcessId);

/// <summary>Record the final prospectus date and the lock-up end the company and the managing underwriter specified (s.3).</summary>
public sealed record RecordLockUp(string AgreementId, LocalDate ProspectusDate, LocalDate EndsOn)
{
    public required LocalDate EffectiveOn { get; init; }
}
