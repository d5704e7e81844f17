using NodaTime;
using Proviso.Domain.Quantities;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>
/// The roles a consortium agreement gives its members. The CEO Entity and the Initial Sponsor are named in the terms;
/// Additional Sponsors join later by a Deed of Adherence (a ledger event), so membership is resolved from the terms and
/// the ledger together, never from the register alone.
/// </summary>
public enum ConsortiumRole
{
    /// <summary>The CEO's holding vehicle: "Cloopen Co., Ltd. (“CEO Entity”)" style preamble party.</summary>
    CeoEntity,

    /// <summary>"the “Initial Sponsor”": admits Additional Sponsors, gives the s.1.05 consents.</summary>
    InitialSponsor,

    /// <summary>"additional sponsor(s) … (the “Additional Sponsors”)" admitted under s.1.02.</summary>
    AdditionalSponsor,
}

/// <summary>
/// A set of parties a rule refers to. Each set is defined by the agreement (with its citation in
/// <see cref="ConsortiumTerms.RoleDefinitions"/>): "Initial Members" are the CEO Entity and the Initial Sponsor; "Sponsors"
/// are the Initial Sponsor and the Additional Sponsors; "Consortium Members" are the Initial Members and the Additional
/// Sponsors. <see cref="OtherMembers"/> is the Consortium Members other than the member acting.
/// </summary>
public enum PartySet
{
    /// <summary>The CEO Entity.</summary>
    CeoEntity,

    /// <summary>The Initial Sponsor.</summary>
    InitialSponsor,

    /// <summary>The CEO Entity and the Initial Sponsor.</summary>
    InitialMembers,

    /// <summary>Every admitted Additional Sponsor.</summary>
    AdditionalSponsors,

    /// <summary>The Initial Sponsor and the Additional Sponsors.</summary>
    Sponsors,

    /// <summary>The Initial Members and the Additional Sponsors.</summary>
    ConsortiumMembers,

    /// <summary>The Consortium Members other than the one acting.</summary>
    OtherMembers,
}

/// <summary>A party the terms name as an initial member, with the register holder it maps to (if it is on the register).</summary>
/// <param name="Id">The party's id in the terms (e.g. "ceo-entity").</param>
/// <param name="Name">The name as the agreement gives it.</param>
/// <param name="Role">Its role.</param>
/// <param name="HolderId">The register holder this party is, or null when it is not on the register (it then holds no Company Shares of record).</param>
/// <param name="Citation">Where the agreement names it.</param>
public sealed record ConsortiumParty(string Id, string Name, ConsortiumRole Role, string? HolderId, Citation Citation);

/// <summary>A defined term for a set of parties ("Initial Members"), with the clause that defines it.</summary>
public sealed record PartySetDefinition(PartySet Set, string Title, Citation Citation);

/// <summary>
/// "Exclusivity Period" means the period beginning on the date hereof and ending on the first to occur of: (a) the date
/// which falls on the expiry of 12 months after the date hereof, and (b) the termination of this Agreement pursuant to
/// Section 5.01(b)(ii) or Section 5.01(c).
/// </summary>
/// <param name="Citation">The definition.</param>
/// <param name="Period">The period from the agreement's date (e.g. 12 months, month end clamped).</param>
/// <param name="Zone">The time zone whose calendar days count (a term; see the Interpretation in <see cref="ExclusivityPeriod"/>).</param>
/// <param name="EndsEarlyOn">The termination clauses that end the period early (e.g. "5.01(b)(ii)", "5.01(c)").</param>
public sealed record ExclusivityTerms(Citation Citation, PeriodTerm Period, DateTimeZone Zone, IReadOnlyList<string> EndsEarlyOn);

/// <summary>
/// "the obligations contained in Section 6.02 shall continue to apply for a period of twenty-four (24) months following
/// execution of this Agreement".
/// </summary>
/// <param name="Citation">The clause.</param>
/// <param name="Period">The period after execution.</param>
/// <param name="ExecutedOn">The execution date, when the terms state one; otherwise the agreement's date ("dated as of").</param>
/// <param name="Zone">The time zone whose calendar days count.</param>
public sealed record ConfidentialityTerms(Citation Citation, PeriodTerm Period, LocalDate? ExecutedOn, DateTimeZone Zone);

/// <summary>One address for notices to a party: the main address or a "with a copy to" address.</summary>
/// <param name="PartyId">Whose address.</param>
/// <param name="IsCopy">True for a "with a copy (which shall not constitute notice) to" address.</param>
/// <param name="Name">The addressee (the party, or its counsel).</param>
/// <param name="Address">The postal address as written.</param>
/// <param name="Attention">"Attention:" line.</param>
/// <param name="Email">"Email:" line.</param>
/// <param name="Zone">The time zone of the place of receipt (IANA id).</param>
/// <param name="Citation">The clause.</param>
public sealed record NoticeAddressTerm(string PartyId, bool IsCopy, string Name, string Address, string? Attention, string? Email, string Zone, Citation Citation);

/// <summary>
/// The notices clause as data: the cut-off for deemed receipt (Art. VII: "if received prior to 5:00 p.m. on a Business
/// Day in the place of receipt"), the addresses, and whether a copy address is a condition of a notice's effectiveness.
/// </summary>
/// <param name="Citation">The clause.</param>
/// <param name="Cutoff">The local cut-off time.</param>
/// <param name="CopyIsConditionOfEffectiveness">False when the copy "shall not constitute notice" (this agreement); true
/// where a notice "must also be given to such address … to be effective".</param>
/// <param name="CopyCitation">The words that decide the copy's status.</param>
/// <param name="Addresses">Every address, main and copy.</param>
public sealed record NoticeTerms(Citation Citation, LocalTime Cutoff, bool CopyIsConditionOfEffectiveness, Citation CopyCitation, IReadOnlyList<NoticeAddressTerm> Addresses);

/// <summary>
/// Admission of Additional Sponsors (s.1.02): who decides (the Initial Sponsor, "at its sole discretion"), by what
/// instrument (a Deed of Adherence), and who may sign it on the members' behalf.
/// </summary>
public sealed record AdmissionTerms(Citation Citation, PartySet DecidedBy, string Instrument, Citation AuthorityCitation);

/// <summary>
/// Commitments and committed equity (s.1.03(b)): each Sponsor rolls over Company Shares and/or delivers an equity
/// commitment, "in each case at the same implied per share valuation for the Company Shares"; the resulting committed
/// equity ownership of Holdco is the basis of every pro rata split (s.3.01(b), (d)).
/// </summary>
/// <param name="Citation">s.1.03(b).</param>
/// <param name="Currency">The currency of commitments and of the per-share price.</param>
/// <param name="RolloverCitation">The CEO Entity's rollover undertaking.</param>
public sealed record CommitmentTerms(Citation Citation, Currency Currency, Citation RolloverCitation);

/// <summary>When a restriction binds.</summary>
public enum ActionWindow
{
    /// <summary>While the Agreement is in force for the member.</summary>
    InForce,

    /// <summary>Within the Exclusivity Period, while the member is a member.</summary>
    ExclusivityPeriod,

    /// <summary>Prior to the execution of the Definitive Agreement, while the Agreement is in force for the member.</summary>
    BeforeDefinitiveAgreement,

    /// <summary>Within the confidentiality period, which survives termination (s.5.02).</summary>
    ConfidentialityPeriod,
}

/// <summary>What happens outside the window: the restriction lapses (the act is free) or the right lapses (the act is no longer available).</summary>
public enum OutsideWindow
{
    /// <summary>Outside the window, the agreement no longer restricts the act.</summary>
    Unrestricted,

    /// <summary>Outside the window, the act is not available under the agreement at all (a right, not a restriction).</summary>
    Unavailable,
}

/// <summary>How a consent requirement treats an actor who is itself one of the parties whose consent is needed.</summary>
public enum SelfConsent
{
    /// <summary>The actor's own act is its consent; only the others' consents are still needed.</summary>
    Satisfies,

    /// <summary>The actor cannot consent for itself: if it is the only consenter, the act is prohibited.</summary>
    Unavailable,
}

/// <summary>What a rule requires of an act inside its window.</summary>
public abstract record ActionRequirement
{
    private protected ActionRequirement() { }

    /// <summary>The act is prohibited outright.</summary>
    public sealed record Prohibited : ActionRequirement;

    /// <summary>The act is expressly allowed (e.g. s.1.05(e): vote "in such Consortium Member's sole discretion").</summary>
    public sealed record Allowed : ActionRequirement;

    /// <summary>The act needs the consent of a set of parties, possibly in writing and in advance.</summary>
    public sealed record Consent(PartySet Of, bool Written, bool Prior, SelfConsent Self) : ActionRequirement;

    /// <summary>Only members of a set may do it (e.g. only the Initial Sponsor admits Additional Sponsors).</summary>
    public sealed record OnlyBy(PartySet Set) : ActionRequirement;
}

/// <summary>
/// A carve-out: when the stated fact holds (and, if <see cref="OnlyFor"/> is set, the actor is in that set), the act is
/// treated as <see cref="Effect"/> instead of the rule's requirement.
/// </summary>
/// <param name="Fact">The fact that triggers it, e.g. "required-by-law", "external-fund-manager".</param>
/// <param name="Description">What the carve-out says, for people.</param>
/// <param name="Citation">The clause.</param>
/// <param name="Effect">What the act becomes (allowed, or needing a different consent).</param>
/// <param name="OnlyFor">If set, the carve-out applies only to actors in this set.</param>
/// <param name="Obligation">An obligation that comes with relying on the carve-out, if any.</param>
public sealed record Carveout(string Fact, string Description, Citation Citation, ActionRequirement Effect, PartySet? OnlyFor, string? Obligation);

/// <summary>A restricted (or expressly permitted) act of a member, as the terms state it.</summary>
/// <param name="Id">A stable id, e.g. "transfer-securities".</param>
/// <param name="Title">What the act is, for people.</param>
/// <param name="Citation">The operative clause, with its words.</param>
/// <param name="Window">When the rule binds.</param>
/// <param name="Outside">What happens outside the window.</param>
/// <param name="Requirement">What the act needs inside the window.</param>
/// <param name="Carveouts">Exceptions.</param>
public sealed record ActionRule(string Id, string Title, Citation Citation, ActionWindow Window, OutsideWindow Outside, ActionRequirement Requirement, IReadOnlyList<Carveout> Carveouts);

/// <summary>
/// s.1.05(c)(ii): "promptly notify the other Consortium Members if it … receives any approach or communication with respect
/// to any Competing Proposal". "Promptly" has no fixed length; <see cref="Horizon"/> is the period after which the engine
/// reports the notice as overdue (a stated policy of the terms file, not words of the agreement).
/// </summary>
public sealed record ApproachNotificationTerms(Citation Citation, PeriodTerm Horizon, string HorizonBasis);

/// <summary>How the cents of an allocation are rounded (one named policy, reported with every allocation).</summary>
public enum RoundingPolicy
{
    /// <summary>Each share is floored to the minor unit; the remaining minor units go one each to the largest fractional remainders, ties to the lower party id (ordinal).</summary>
    LargestRemainder,
}

/// <summary>The cost clauses (Art. III) with their citations, and the rounding policy.</summary>
/// <param name="Closing">s.3.01(a).</param>
/// <param name="FailureWithoutBreach">s.3.01(b).</param>
/// <param name="FailureByBreach">s.3.01(c).</param>
/// <param name="BreakFees">s.3.01(d).</param>
/// <param name="SeparateAdvisors">s.2.03(b).</param>
/// <param name="Several">s.4.01 (several liability).</param>
/// <param name="Rounding">The rounding policy.</param>
public sealed record CostTerms(Citation Closing, Citation FailureWithoutBreach, Citation FailureByBreach, Citation BreakFees, Citation SeparateAdvisors, Citation Several, RoundingPolicy Rounding);

/// <summary>A provision that survives termination (s.5.02): its reference and title.</summary>
public sealed record SurvivingProvision(string Reference, string Title);

/// <summary>The termination clauses (Art. V), and what survives.</summary>
/// <param name="Cessation">s.5.01(a): a member may cease before the Definitive Agreement.</param>
/// <param name="ExclusivityExpiry">s.5.01(b)(i): automatic on the expiry of the Exclusivity Period without a signed Definitive Agreement.</param>
/// <param name="CompanyStopsNegotiating">s.5.01(b)(ii): automatic when the Company ceases to negotiate.</param>
/// <param name="MutualAgreement">s.5.01(c): by mutual written agreement of each member.</param>
/// <param name="EffectOfCessation">s.5.02(a).</param>
/// <param name="EffectOfTermination">s.5.02(b).</param>
/// <param name="NoOtherLiability">s.5.02(c).</param>
/// <param name="Survives">The provisions that continue to bind.</param>
public sealed record TerminationTerms(
    Citation Cessation,
    Citation ExclusivityExpiry,
    Citation CompanyStopsNegotiating,
    Citation MutualAgreement,
    Citation EffectOfCessation,
    Citation EffectOfTermination,
    Citation NoOtherLiability,
    IReadOnlyList<SurvivingProvision> Survives);

/// <summary>
/// A consortium agreement's terms, as data: its parties and roles, the Exclusivity Period, confidentiality, notices,
/// admission, commitments, the restricted acts, costs and termination. Read from the <c>consortium</c> section of a terms
/// file; nothing here names a party in code.
/// </summary>
public sealed record ConsortiumTerms(
    Citation Citation,
    IReadOnlyList<ConsortiumParty> InitialParties,
    IReadOnlyList<PartySetDefinition> RoleDefinitions,
    ExclusivityTerms Exclusivity,
    ConfidentialityTerms Confidentiality,
    NoticeTerms Notices,
    AdmissionTerms Admission,
    CommitmentTerms Commitments,
    IReadOnlyDictionary<string, ActionRule> Actions,
    ApproachNotificationTerms ApproachNotification,
    CostTerms Costs,
    TerminationTerms Termination) : MechanismTerms(Citation)
{
    /// <summary>The key of this section under <c>mechanisms:</c> in a terms file.</summary>
    public const string Key = "consortium";

    /// <summary>The agreement's id.</summary>
    public string AgreementId => Citation.AgreementId;

    /// <summary>The initial party with the given role (exactly one CEO Entity and one Initial Sponsor).</summary>
    public ConsortiumParty Initial(ConsortiumRole role) =>
        InitialParties.SingleOrDefault(p => p.Role == role) ?? throw new InvalidOperationException($"the terms of {AgreementId} name no {role}");

    /// <summary>The definition of a set of parties, with its citation.</summary>
    public PartySetDefinition Definition(PartySet set) =>
        RoleDefinitions.FirstOrDefault(d => d.Set == set) ?? new PartySetDefinition(set, set.ToString(), Citation);
}
