using NodaTime;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.DragAlong;

/// <summary>
/// An offer to buy all the equity of the Group Companies: who offers, the valuation of the Group Companies it implies
/// (the figure tested against the floor and compared between offerors), any price per share it states by class, terms
/// it states for some classes only (which s.4.1(i) forbids), its material terms, and when the offeror can sign.
/// </summary>
public sealed record SaleOffer(
    string OfferId,
    string OfferorId,
    string OfferorName,
    string OfferorTimeZone,
    Money Valuation,
    IReadOnlyDictionary<string, Money> ClassPrices,
    IReadOnlyList<string> ClassSpecificTerms,
    IReadOnlyList<string> MaterialTerms,
    Instant? CanSignBy);

/// <summary>An instruction in a drag-along process: the process, the instant it happened (the domain never reads a clock) and its effective date.</summary>
public abstract record DragCommand(string ProcessId)
{
    public required LocalDate EffectiveOn { get; init; }
    public required Instant At { get; init; }
}

/// <summary>
/// The Drag Holders accept an offer (s.4.1): the holders who agree, the holders who approve for the approval group, and
/// (s.4.7) the written consents of holders when a new notice is sought within a Release Period.
/// </summary>
public sealed record AcceptApprovedSale(string ProcessId, string AgreementId, SaleOffer Offer, IReadOnlyList<string> Accepting,
    IReadOnlyList<string> Approving, IReadOnlyList<string> ReleaseConsents) : DragCommand(ProcessId);

/// <summary>The Company delivers the Drag-Along Notice to each other holder of Equity Securities.</summary>
public sealed record DeliverDragAlongNotice(string ProcessId, IReadOnlyList<NoticeDelivery> Deliveries) : DragCommand(ProcessId);

/// <summary>
/// Record what holders did about their obligations under the notice: performed, failed (a Director approving the Sale
/// then acts under the power of attorney, s.4.4), or could not perform because listing rules prevail (s.4.11).
/// </summary>
public sealed record RecordDragObligations(string ProcessId, IReadOnlyList<DragObligation> Obligations, IReadOnlyList<string> Performed,
    IReadOnlyList<string> Failed, string? Director, IReadOnlyList<string> ListingRulesConflict) : DragCommand(ProcessId);

/// <summary>Withdraw the Drag-Along Notice with the written acceptance of the holders listed.</summary>
public sealed record WithdrawDragAlongNotice(string ProcessId, IReadOnlyList<string> WrittenAcceptances) : DragCommand(ProcessId);

/// <summary>Record an Exclusion Clause agreed between the Offeror and the Drag Holders, running to <see cref="EndsOn"/> inclusive.</summary>
public sealed record AgreeExclusionClause(string ProcessId, LocalDate EndsOn, IReadOnlyList<string> AgreedBy) : DragCommand(ProcessId);

/// <summary>Record that the Exclusion Clause is invalid, terminated or expired early.</summary>
public sealed record EndExclusionClause(string ProcessId, string Reason) : DragCommand(ProcessId);

/// <summary>Record an offer from a New Offeror made to a holder other than the Drag Holders (s.4.2).</summary>
public sealed record RecordNewOffer(string ProcessId, SaleOffer Offer, string ReceivedBy) : DragCommand(ProcessId);

/// <summary>Record that an offeror failed to execute the Decisive Agreement (s.4.2(ii)(c)).</summary>
public sealed record RecordOfferorFailure(string ProcessId, string OfferId) : DragCommand(ProcessId);

/// <summary>The Drag Holders determine the offeror with whom the Decisive Agreement will be executed.</summary>
public sealed record DetermineOfferor(string ProcessId, string OfferId) : DragCommand(ProcessId);

/// <summary>The Determined Offeror requests execution; the Drag Holders' written notice goes to the Company and the other holders.</summary>
public sealed record RequestDecisiveAgreement(string ProcessId, IReadOnlyList<NoticeDelivery> Deliveries) : DragCommand(ProcessId);

/// <summary>A holder other than the Drag Holders gives a Buy-out Notice on terms it states are not less favourable.</summary>
public sealed record GiveBuyOutNotice(string ProcessId, string HolderId, Money Valuation, bool TermsNoLessFavourable, IReadOnlyList<NoticeDelivery> Deliveries) : DragCommand(ProcessId);

/// <summary>Record the end of every holder's Buy-out window: those who stayed silent forfeit the Preferential Sale for the Restriction Period.</summary>
public sealed record CloseBuyOutWindow(string ProcessId) : DragCommand(ProcessId);

/// <summary>Record that the Preferential Sale was not signed in time: the Drag Holders may go back to the Determined Offeror.</summary>
public sealed record LapsePreferentialSale(string ProcessId) : DragCommand(ProcessId);

/// <summary>With whom a Decisive Agreement is signed.</summary>
public enum DecisiveCounterparty
{
    /// <summary>The Determined Offeror.</summary>
    DeterminedOfferor,
    /// <summary>The holder who gave the Buy-out Notice (the Preferential Sale).</summary>
    PreferentialBuyer,
}

/// <summary>Record the execution of the Decisive Agreement.</summary>
public sealed record SignDecisiveAgreement(string ProcessId, DecisiveCounterparty Counterparty) : DragCommand(ProcessId);

/// <summary>Close the Sale: every holding to the buyer in one append, the proceeds, the expenses and the indemnities (s.4.3).</summary>
public sealed record CloseDragSale(string ProcessId, Money? Expenses, Money? Indemnity, IReadOnlyList<HolderSpecificClaim> HolderSpecific) : DragCommand(ProcessId);

/// <summary>Part of a holding sold in a Special Sale.</summary>
public sealed record SpecialSaleShares(string ClassId, ShareCount Shares);

/// <summary>A named holder executes a Decisive Agreement with a successor in the Release Period (s.4.6).</summary>
public sealed record SignSpecialSale(string ProcessId, string SaleId, string Party, string SuccessorId, string SuccessorName, string SuccessorTimeZone,
    IReadOnlyList<SpecialSaleShares> Shares) : DragCommand(ProcessId);

/// <summary>The Special Sale is consummated: the shares move to the successor (s.4.9, 4.10).</summary>
public sealed record CloseSpecialSale(string ProcessId, string SaleId) : DragCommand(ProcessId);

/// <summary>Record that a Qualified IPO happened: the drag-along applies "at any time before a Qualified IPO" only.</summary>
public sealed record RecordQualifiedIpo(string AgreementId, string Description)
{
    public required LocalDate EffectiveOn { get; init; }
    public required Instant At { get; init; }
}
