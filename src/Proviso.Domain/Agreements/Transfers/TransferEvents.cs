using NodaTime;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.Transfers;

/// <summary>How a proposed transfer may proceed.</summary>
public enum TransferPath
{
    /// <summary>Through the Transfer Notice, first refusal and co-sale (s.2.2, 2.3, 2.4).</summary>
    FirstRefusal,

    /// <summary>Approved under s.2.1 and not subject to first refusal: straight to completion.</summary>
    Approved,

    /// <summary>To a Permitted Transferee (s.2.5): no consent, no first refusal or co-sale; joinder before completion.</summary>
    Permitted,

    /// <summary>An Investor's free transfer (s.2.6): joinder before completion.</summary>
    Free,

    /// <summary>A transfer of a Holding Company's own equity (s.2.1(iii)), approved: nothing on the company's register changes.</summary>
    Indirect,

    /// <summary>The agreement does not restrict this transferor.</summary>
    NotRestricted,
}

/// <summary>A transfer was proposed and may proceed by <see cref="Path"/>; the conditions still to meet and the Transferor's continuing liability, if any, are stated.</summary>
public sealed record TransferProposed(
    string ProcessId, string AgreementId, string TransferorId, TransferOffer Offer, TransferPath Path,
    IReadOnlyList<string> Conditions, string? ContinuingLiability, IReadOnlyList<Citation> Citations, Instant At) : LedgerEvent;

/// <summary>
/// A transfer attempt that does not comply with the agreement, recorded with its reasons. It is void (s.2.1(ii): "shall
/// not be recorded on the books of the Company") and never reaches the register.
/// </summary>
public sealed record TransferRefused(string ProcessId, string AgreementId, string TransferorId, string Attempt, IReadOnlyList<Rejection> Reasons, Instant At) : LedgerEvent;

/// <summary>The final prospectus date and the lock-up end were recorded (s.3).</summary>
public sealed record LockUpRecorded(string AgreementId, LocalDate ProspectusDate, LocalDate EndsOn) : LedgerEvent;

/// <summary>The Transfer Notice was served: its content, each recipient's deemed receipt, and the first stage's Pro Rata Shares as of the notice date.</summary>
public sealed record TransferNoticeServed(string ProcessId, IReadOnlyList<NoticeElement> Includes, IReadOnlyList<ReceiptRecord> Receipts, ProRataTable Entitlements, Instant At) : LedgerEvent;

/// <summary>The company's secondary notice was served for a later stage, with that stage's entitlements.</summary>
public sealed record SecondaryNoticeServed(string ProcessId, string StageId, IReadOnlyList<ReceiptRecord> Receipts, ProRataTable Entitlements, Instant At) : LedgerEvent;

/// <summary>A purchaser elected to buy Offered Shares (in full when <see cref="InFull"/>), apportioned as stated.</summary>
public sealed record FirstRefusalElected(string ProcessId, string StageId, string HolderId, ShareCount Shares, ShareCount Entitlement, bool InFull, IReadOnlyList<Apportionment> Apportion, Instant At) : LedgerEvent;

/// <summary>A holder waived a right in this process.</summary>
public sealed record RightsWaived(string ProcessId, string HolderId, WaivedRight Right, Instant At) : LedgerEvent;

/// <summary>An Investor elected to sell alongside the Transferor, up to the number stated.</summary>
public sealed record CoSaleElected(string ProcessId, string HolderId, string ClassId, ShareCount Shares, Instant At) : LedgerEvent;

/// <summary>An Investor that exercised in full asked for unsubscribed shares, up to the number stated.</summary>
public sealed record OverAllotmentRequested(string ProcessId, string StageId, string HolderId, ShareCount Shares, Instant At) : LedgerEvent;

/// <summary>A party's share of the appraisal cost.</summary>
public sealed record CostShare(string PartyId, Money Amount);

/// <summary>The cash equivalent of a non-cash consideration was settled; the appraisal cost split is stated.</summary>
public sealed record ValuationRecorded(string ProcessId, Money CashPerShare, ValuationMethod Method, Money? AppraisalCost, IReadOnlyList<CostShare> CostShares, LocalDate DeterminedOn, Instant At) : LedgerEvent;

/// <summary>The prospective purchaser's stance toward the co-sellers was recorded.</summary>
public sealed record PurchaserStanceRecorded(string ProcessId, PurchaserStance Stance, Instant At) : LedgerEvent;

/// <summary>A special option was exercised (s.2.2(v)).</summary>
public sealed record SpecialOptionExercised(string ProcessId, string HolderId, SpecialOption Option, ShareCount Shares, string? AssigneeId, Instant At) : LedgerEvent;

/// <summary>Unsubscribed shares were allocated under the Over-allotment Rights, round by round.</summary>
public sealed record OverAllotmentAllocated(string ProcessId, string StageId, OverAllotmentResult Result, Instant At) : LedgerEvent;

/// <summary>What a closing leg is.</summary>
public enum LegKind
{
    FirstRefusalPurchase,
    OverAllotmentPurchase,
    CompanyPurchase,
    SpecialOptionAssignee,
    SpecialOptionCompanyRepurchase,
    CoSale,
    CoSaleBoughtByTransferor,
    CoSaleConversion,
    ThirdPartySale,
    PermittedTransfer,
    FreeTransfer,
    ApprovedTransfer,
}

/// <summary>One leg of a closing: from whom, to whom, which class, how many, at what price, and why.</summary>
public sealed record ClosingLeg(LegKind Kind, string FromHolderId, string ToHolderId, string ClassId, ShareCount Shares, Money? PricePerShare, Citation Citation);

/// <summary>The transfer closed: every leg, recorded in the same append as the register entries.</summary>
public sealed record TransferClosed(string ProcessId, IReadOnlyList<ClosingLeg> Legs, string RoundingPolicy, IReadOnlyList<Ambiguity> Ambiguities, IReadOnlyList<string> Notes, Instant At) : LedgerEvent;

/// <summary>The sale window ended without the sale: first refusal and co-sale apply again to any later disposition of the shares (s.2.4(ii)).</summary>
public sealed record RightsRevived(string ProcessId, string TransferorId, string ClassId, ShareCount Shares, Citation Citation, Instant At) : LedgerEvent;
