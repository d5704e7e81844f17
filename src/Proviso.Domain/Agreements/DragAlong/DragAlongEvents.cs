using NodaTime;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>A Qualified IPO happened: no drag-along process may start or continue after it (s.4.1 "At any time before a Qualified IPO").</summary>
public sealed record QualifiedIpoRecorded(string AgreementId, string Description, Instant At) : LedgerEvent;

/// <summary>The Drag Holders accepted the offer: who they are, every test with its numbers, and the approval (s.4.1).</summary>
public sealed record ApprovedSaleAccepted(string ProcessId, string AgreementId, SaleOffer Offer, IReadOnlyList<string> DragHolders,
    IReadOnlyList<DragTestLine> Tests, IReadOnlyList<DragTestLine> Approval, IReadOnlyList<string> Notes, Instant At) : LedgerEvent;

/// <summary>The Drag-Along Notice was delivered: its date, each recipient's deemed receipt and the obligations it imposes (s.4.1(i)-(v)).</summary>
public sealed record DragAlongNoticeDelivered(string ProcessId, LocalDate NoticeDate, IReadOnlyList<ReceiptRecord> Receipts,
    IReadOnlyList<string> Bound, IReadOnlyList<ObligationTerm> Obligations, Instant At) : LedgerEvent;

/// <summary>Holders performed obligations under the notice.</summary>
public sealed record DragObligationsPerformed(string ProcessId, IReadOnlyList<DragObligation> Obligations, IReadOnlyList<string> Holders, Instant At) : LedgerEvent;

/// <summary>A holder failed to act: the irrevocable power of attorney and proxy to a Director approving the Sale now applies (s.4.4).</summary>
public sealed record DragPowerOfAttorneyArose(string ProcessId, string HolderId, IReadOnlyList<DragObligation> Obligations, string Director, Citation Citation, Instant At) : LedgerEvent;

/// <summary>A holder could not perform because listing rules prevail: suspended, not a breach (s.4.11).</summary>
public sealed record DragObligationSuspended(string ProcessId, string HolderId, IReadOnlyList<DragObligation> Obligations, string Reason, Citation Citation, Instant At) : LedgerEvent;

/// <summary>The Drag-Along Notice was withdrawn with every holder's written acceptance (s.4.1).</summary>
public sealed record DragAlongNoticeWithdrawn(string ProcessId, IReadOnlyList<string> Acceptances, Citation Citation, Instant At) : LedgerEvent;

/// <summary>An Exclusion Clause binds the holders from its start to <see cref="EndsOn"/> inclusive (s.4.2(i)).</summary>
public sealed record ExclusionClauseAgreed(string ProcessId, LocalDate StartsOn, LocalDate EndsOn, IReadOnlyList<string> AgreedBy, bool BeyondLimit, string Explanation, Instant At) : LedgerEvent;

/// <summary>The Exclusion Clause became invalid, terminated or expired (s.4.2(ii)).</summary>
public sealed record ExclusionClauseEnded(string ProcessId, string Reason, Instant At) : LedgerEvent;

/// <summary>A New Offeror's offer, at no less than the floor, was received by a holder (s.4.2); barred while an Exclusion Clause binds.</summary>
public sealed record NewOfferReceived(string ProcessId, SaleOffer Offer, string ReceivedBy, LocalDate? BarredUntil, Instant At) : LedgerEvent;

/// <summary>An offeror failed to execute the Decisive Agreement (s.4.2(ii)(c)).</summary>
public sealed record OfferorFailedToSign(string ProcessId, string OfferId, Instant At) : LedgerEvent;

/// <summary>The Determined Offeror, with the basis of the choice and its clause.</summary>
public sealed record OfferorDetermined(string ProcessId, string OfferId, string Basis, string Explanation, Citation Citation, Instant At) : LedgerEvent;

/// <summary>The Drag Holders' written notice to execute the Decisive Agreement with the Determined Offeror; each recipient's receipt starts its Buy-out window.</summary>
public sealed record DecisiveAgreementRequested(string ProcessId, string OfferId, IReadOnlyList<ReceiptRecord> Receipts, Instant At) : LedgerEvent;

/// <summary>A holder gave a Buy-out Notice on terms not less favourable: the Preferential Sale (s.4.2).</summary>
public sealed record BuyOutNoticeGiven(string ProcessId, string HolderId, Money Valuation, LocalDate IssuedOn, string BuyerTimeZone, IReadOnlyList<ReceiptRecord> Receipts, Instant At) : LedgerEvent;

/// <summary>Every Buy-out window has ended; the holders listed stayed silent and forfeit the Preferential Sale for the Restriction Period.</summary>
public sealed record BuyOutWindowClosed(string ProcessId, IReadOnlyList<string> Forfeited, Citation Citation, Instant At) : LedgerEvent;

/// <summary>The Preferential Sale was not signed within its window: back to the Determined Offeror (s.4.2).</summary>
public sealed record PreferentialSaleLapsed(string ProcessId, string HolderId, Citation Citation, Instant At) : LedgerEvent;

/// <summary>The Decisive Agreement was executed with the buyer.</summary>
public sealed record DecisiveAgreementSigned(string ProcessId, string BuyerId, string? OfferId, bool Preferential, Money Valuation, Instant At) : LedgerEvent;

/// <summary>One holding sold at closing: to whom, how many, for how much, and whether a Director signed under the power of attorney.</summary>
public sealed record DragLeg(string FromHolderId, string ToHolderId, string ClassId, ShareCount Shares, Money Consideration, bool UnderPowerOfAttorney);

/// <summary>The Sale closed: every leg (recorded in the same append as the register entries), the proceeds, the costs and the notes.</summary>
public sealed record DragSaleClosed(string ProcessId, string BuyerId, IReadOnlyList<DragLeg> Legs, ProceedsDistribution Distribution, CostAllocation Costs,
    bool DeemedLiquidationEvent, IReadOnlyList<string> Notes, IReadOnlyList<Citation> Citations, Instant At) : LedgerEvent;

/// <summary>A named holder executed a Decisive Agreement for a Special Sale with its successor in the Release Period (s.4.6).</summary>
public sealed record SpecialSaleAgreed(string ProcessId, string SaleId, string Party, string SellerId, string SuccessorId, string SuccessorName,
    string SuccessorTimeZone, IReadOnlyList<SpecialSaleShares> Shares, Instant At) : LedgerEvent;

/// <summary>The Special Sale was consummated; the successor is bound by the named holder's terms from <see cref="BoundFrom"/> (s.4.9, 4.10).</summary>
public sealed record SpecialSaleConsummated(string ProcessId, string SaleId, string Party, string SuccessorId, bool WithinReleasePeriod, Instant BoundFrom,
    string Explanation, Citation Citation, Instant At) : LedgerEvent;
