using NodaTime;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>
/// An instruction about a consortium, at an instant. Imperative names; <see cref="ConsortiumDecider"/> answers with
/// events or a rejection. <see cref="AgreementId"/> and <see cref="At"/> are set with <c>with</c> or an initializer; a
/// command without them is refused (wrong agreement, or a moment before the agreement).
/// </summary>
public abstract record ConsortiumCommand
{
    /// <summary>The consortium agreement's id.</summary>
    public string AgreementId { get; init; } = "";

    /// <summary>When the act happens (or happened).</summary>
    public Instant At { get; init; }
}

/// <summary>Admit an Additional Sponsor by a Deed of Adherence (s.1.02).</summary>
public sealed record AdmitAdditionalSponsor(string MemberId, string Name, string? HolderId, string DeedOfAdherence, string DecidedBy) : ConsortiumCommand;

/// <summary>Record a member's commitment: an equity commitment and/or a number of Company Shares to roll over (s.1.03(b)).</summary>
public sealed record RecordCommitment(string MemberId, Money? EquityCommitment, ShareCount RolloverShares, string? Reference) : ConsortiumCommand;

/// <summary>A member ceases its participation (s.5.01(a)); for ground (i), the Initial Sponsor's agreement is referenced.</summary>
public sealed record CeaseParticipation(string MemberId, CessationGround Ground, string? InitialSponsorAgreement) : ConsortiumCommand;

/// <summary>Record a consent given by <paramref name="GivenBy"/> to <paramref name="ForMember"/> for an act (an action id of the terms).</summary>
public sealed record GiveConsortiumConsent(string ConsentId, string GivenBy, string ForMember, string Action, bool InWriting, string? Reference) : ConsortiumCommand;

/// <summary>Record that a member received an approach about a Competing Proposal.</summary>
public sealed record RecordCompetingApproach(string ApproachId, string MemberId, string From, string Nature) : ConsortiumCommand;

/// <summary>Record that a member notified the others of an approach.</summary>
public sealed record NotifyCompetingApproach(string ApproachId, bool CopiesProvided) : ConsortiumCommand;

/// <summary>Record the execution of the Definitive Agreement.</summary>
public sealed record RecordDefinitiveAgreement(string? Reference) : ConsortiumCommand;

/// <summary>Record that the Company ceased to negotiate with the Consortium (s.5.01(b)(ii)).</summary>
public sealed record RecordCompanyCeasedNegotiating(string How) : ConsortiumCommand;

/// <summary>Terminate by the mutual written agreement of each member (s.5.01(c)).</summary>
public sealed record TerminateByMutualAgreement(IReadOnlyList<string> SignedBy) : ConsortiumCommand;

/// <summary>Record a cost incurred on <paramref name="IncurredOn"/>.</summary>
public sealed record RecordExpense(string ExpenseId, string? PaidBy, ExpenseKind Kind, string Payee, Money Amount, bool Approved, string? Description, LocalDate IncurredOn) : ConsortiumCommand;

/// <summary>Record a member's breach of the Agreement.</summary>
public sealed record RecordBreach(string MemberId, string Clause, string Description) : ConsortiumCommand;

/// <summary>Record the Closing of the Transaction.</summary>
public sealed record RecordClosing : ConsortiumCommand;

/// <summary>Record a break fee or similar payment received by Holdco.</summary>
public sealed record RecordBreakFee(string FeeId, Money Amount, string Description) : ConsortiumCommand;

/// <summary>Record the implied per-share valuation at which rollover shares count as committed equity (s.1.03(b)).</summary>
public sealed record RecordPerShareValuation(Money PricePerShare, string Basis) : ConsortiumCommand;
