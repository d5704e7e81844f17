using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>The grounds on which a member may cease its participation before the Definitive Agreement (s.5.01(a)).</summary>
public enum CessationGround
{
    /// <summary>s.5.01(a)(i): the Initial Sponsor agrees that the members are unable to agree, among themselves or with the Company, on the material terms.</summary>
    UnableToAgree,

    /// <summary>s.5.01(a)(ii): the member is not satisfied with the results of the due diligence investigation.</summary>
    DueDiligenceUnsatisfactory,
}

/// <summary>What a recorded cost is, for the purposes of Art. III and s.2.03.</summary>
public enum ExpenseKind
{
    /// <summary>Fees of a Joint Advisor engaged by the Initial Sponsor for the consortium (s.2.03(a)).</summary>
    JointAdvisor,

    /// <summary>Fees of an Advisor a member retained for itself (s.2.03(b)); <c>Approved</c> when the other members approved its scope and terms.</summary>
    SeparateAdvisor,

    /// <summary>Fees of the Financing Banks for the Debt Financing (s.1.04).</summary>
    FinancingBank,

    /// <summary>Any other out-of-pocket cost or expense in connection with the Transaction.</summary>
    OutOfPocket,

    /// <summary>A termination fee, reverse termination fee or similar break fee payable to the Company under the Definitive Agreement.</summary>
    TerminationFee,
}

/// <summary>An Additional Sponsor was admitted by a Deed of Adherence (s.1.02).</summary>
/// <param name="AgreementId">The consortium agreement.</param>
/// <param name="MemberId">The new member's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="HolderId">Its register holder id, if it is on the register.</param>
/// <param name="DeedOfAdherence">A reference to the executed deed.</param>
/// <param name="AdmittedAt">When the deed was executed.</param>
/// <param name="AdmittedBy">The member who decided the admission (the Initial Sponsor).</param>
public sealed record AdditionalSponsorAdmitted(string AgreementId, string MemberId, string Name, string? HolderId, string DeedOfAdherence, Instant AdmittedAt, string AdmittedBy) : LedgerEvent;

/// <summary>A member's commitment was recorded (replacing any earlier one): an equity commitment amount and/or Company Shares to roll over (s.1.03(b)).</summary>
public sealed record ConsortiumCommitmentRecorded(string AgreementId, string MemberId, Money? EquityCommitment, ShareCount RolloverShares, Instant RecordedAt, string? Reference) : LedgerEvent;

/// <summary>A member ceased its participation in the Transaction and the Consortium (s.5.01(a)).</summary>
public sealed record ConsortiumMemberCeased(string AgreementId, string MemberId, CessationGround Ground, Instant CeasedAt, string? InitialSponsorAgreement) : LedgerEvent;

/// <summary>A party gave its consent to a member's act: who, for whom, for what, when, and whether in writing.</summary>
public sealed record ConsortiumConsentGiven(string AgreementId, string ConsentId, string GivenBy, string ForMember, string Action, bool InWriting, Instant GivenAt, string? Reference) : LedgerEvent;

/// <summary>A member (or, to its knowledge, its Representative) received an approach about a Competing Proposal (s.1.05(c)(ii)).</summary>
public sealed record CompetingApproachReceived(string AgreementId, string ApproachId, string MemberId, Instant ReceivedAt, string From, string Nature) : LedgerEvent;

/// <summary>The member notified the other members of an approach (s.1.05(c)(ii)), with or without copies of written communications.</summary>
public sealed record CompetingApproachNotified(string AgreementId, string ApproachId, string MemberId, Instant NotifiedAt, bool CopiesProvided) : LedgerEvent;

/// <summary>The Definitive Agreement was executed.</summary>
public sealed record DefinitiveAgreementExecuted(string AgreementId, Instant ExecutedAt, string? Reference) : LedgerEvent;

/// <summary>The Company ceased to negotiate with the Consortium (s.5.01(b)(ii)): by rejecting the Proposal, signing with another person, or otherwise.</summary>
public sealed record CompanyCeasedNegotiating(string AgreementId, Instant CeasedAt, string How) : LedgerEvent;

/// <summary>Every member agreed in writing to terminate the Agreement (s.5.01(c)).</summary>
public sealed record ConsortiumTerminatedByAgreement(string AgreementId, Instant TerminatedAt, IReadOnlyList<string> SignedBy) : LedgerEvent;

/// <summary>A cost in connection with the Transaction was incurred (its <c>EffectiveOn</c> is the date incurred); <paramref name="PaidBy"/> is null when it is payable by the consortium and not yet paid by anyone.</summary>
public sealed record ConsortiumExpenseIncurred(string AgreementId, string ExpenseId, string? PaidBy, ExpenseKind Kind, string Payee, Money Amount, bool Approved, string? Description) : LedgerEvent;

/// <summary>A member's breach of the Agreement was recorded (relevant to s.3.01(c) and s.5.02(b)).</summary>
public sealed record ConsortiumBreachRecorded(string AgreementId, string MemberId, Instant BreachedAt, string Clause, string Description) : LedgerEvent;

/// <summary>The Transaction was consummated (the Closing).</summary>
public sealed record ConsortiumTransactionClosed(string AgreementId, Instant ClosedAt) : LedgerEvent;

/// <summary>Holdco received a break fee, work fee or similar payment in connection with the Transaction (s.3.01(d)).</summary>
public sealed record HoldcoBreakFeeReceived(string AgreementId, string FeeId, Money Amount, string Description) : LedgerEvent;

/// <summary>The implied per-share valuation of the Company Shares for rollovers was recorded (s.1.03(b): "the same implied per share valuation"), e.g. from the Definitive Agreement's per-share consideration.</summary>
public sealed record ImpliedPerShareValuationRecorded(string AgreementId, Money PricePerShare, string Basis) : LedgerEvent;
