using NodaTime;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Time;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>A member of the consortium: an initial party from the terms, or an Additional Sponsor admitted later.</summary>
/// <param name="Id">The member's id (the party id of the terms, or the id given on admission).</param>
/// <param name="Name">Its name.</param>
/// <param name="Role">Its role.</param>
/// <param name="HolderId">Its register holder id, or null when it is not on the register.</param>
/// <param name="JoinedAt">When it became a member: the start of the agreement's date for initial parties, the deed's execution for Additional Sponsors.</param>
/// <param name="CeasedAt">When it ceased under s.5.01(a), if it did.</param>
/// <param name="Ground">The s.5.01(a) ground, if it ceased.</param>
/// <param name="Citation">The clause that makes it a member.</param>
public sealed record ConsortiumMember(string Id, string Name, ConsortiumRole Role, string? HolderId, Instant JoinedAt, Instant? CeasedAt, CessationGround? Ground, Citation Citation)
{
    /// <summary>True if it had joined and had not ceased at <paramref name="at"/> (termination of the whole Agreement is checked separately).</summary>
    public bool IsMemberAt(Instant at) => JoinedAt <= at && (CeasedAt is null || at < CeasedAt);
}

/// <summary>A member's commitment as last recorded.</summary>
public sealed record Commitment(string MemberId, Money? EquityCommitment, ShareCount RolloverShares, Instant RecordedAt);

/// <summary>An approach about a Competing Proposal and, once given, the notice of it.</summary>
public sealed record CompetingApproach(string Id, string MemberId, Instant ReceivedAt, string From, string Nature, Instant? NotifiedAt, bool CopiesProvided);

/// <summary>A recorded cost.</summary>
public sealed record ConsortiumExpense(string Id, string? PaidBy, ExpenseKind Kind, string Payee, Money Amount, bool Approved, string? Description, LocalDate IncurredOn);

/// <summary>A recorded breach.</summary>
public sealed record ConsortiumBreach(string MemberId, Instant At, string Clause, string Description);

/// <summary>A break fee received by Holdco.</summary>
public sealed record BreakFee(string Id, Money Amount, string Description, LocalDate ReceivedOn);

/// <summary>
/// The state of a consortium: its terms, the agreement's date and Business Day calendar, and everything the ledger
/// records about it. Built by <see cref="Start"/> and changed only by <see cref="Apply"/> (the evolve step); events of
/// other agreements and of the register are ignored.
/// </summary>
public sealed record ConsortiumState
{
    private ConsortiumState(ConsortiumTerms terms, LocalDate agreementDate, BusinessCalendar calendar, IReadOnlyList<ConsortiumMember> members)
    {
        Terms = terms;
        AgreementDate = agreementDate;
        Calendar = calendar;
        Members = members;
    }

    /// <summary>The consortium's terms.</summary>
    public ConsortiumTerms Terms { get; }

    /// <summary>The agreement's date ("Dated as of").</summary>
    public LocalDate AgreementDate { get; }

    /// <summary>The agreement's Business Day calendar.</summary>
    public BusinessCalendar Calendar { get; }

    /// <summary>The agreement's id.</summary>
    public string AgreementId => Terms.AgreementId;

    /// <summary>The time zone the agreement's days are counted in (the Exclusivity Period's).</summary>
    public DateTimeZone Zone => Terms.Exclusivity.Zone;

    /// <summary>Every member ever admitted, initial parties first, then in order of admission.</summary>
    public IReadOnlyList<ConsortiumMember> Members { get; private init; }

    /// <summary>Each member's latest commitment.</summary>
    public IReadOnlyDictionary<string, Commitment> Commitments { get; private init; } = new Dictionary<string, Commitment>(StringComparer.Ordinal);

    /// <summary>Every consent recorded, in ledger order.</summary>
    public IReadOnlyList<ConsortiumConsentGiven> Consents { get; private init; } = [];

    /// <summary>Every approach recorded.</summary>
    public IReadOnlyList<CompetingApproach> Approaches { get; private init; } = [];

    /// <summary>Every cost recorded.</summary>
    public IReadOnlyList<ConsortiumExpense> Expenses { get; private init; } = [];

    /// <summary>Every breach recorded.</summary>
    public IReadOnlyList<ConsortiumBreach> Breaches { get; private init; } = [];

    /// <summary>Every break fee received by Holdco.</summary>
    public IReadOnlyList<BreakFee> BreakFees { get; private init; } = [];

    /// <summary>When the Definitive Agreement was executed, if it was.</summary>
    public Instant? DefinitiveAgreementAt { get; private init; }

    /// <summary>When the Company ceased to negotiate (s.5.01(b)(ii)), if it did.</summary>
    public Instant? CompanyCeasedNegotiatingAt { get; private init; }

    /// <summary>How the Company ceased to negotiate.</summary>
    public string? CompanyCeasedHow { get; private init; }

    /// <summary>When the members terminated by mutual written agreement (s.5.01(c)), if they did.</summary>
    public Instant? MutualTerminationAt { get; private init; }

    /// <summary>The implied per-share valuation recorded for rollovers, if any.</summary>
    public Money? PricePerShare { get; private init; }

    /// <summary>What the recorded valuation is based on.</summary>
    public string? PricePerShareBasis { get; private init; }

    /// <summary>When the Transaction closed, if it did.</summary>
    public Instant? ClosedAt { get; private init; }

    /// <summary>The first instant of the agreement's date in its time zone: when the initial members' membership and the Exclusivity Period begin.</summary>
    public Instant StartsAt => Zone.AtStartOfDay(AgreementDate).ToInstant();

    /// <summary>The state on the agreement's date: the initial parties are members, nothing else has happened.</summary>
    public static ConsortiumState Start(ConsortiumTerms terms, LocalDate agreementDate, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(calendar);
        var start = terms.Exclusivity.Zone.AtStartOfDay(agreementDate).ToInstant();
        var members = terms.InitialParties.Select(p => new ConsortiumMember(p.Id, p.Name, p.Role, p.HolderId, start, null, null, p.Citation)).ToList();
        return new ConsortiumState(terms, agreementDate, calendar, members);
    }

    /// <summary>Folds events in order (events of other agreements are ignored).</summary>
    public static ConsortiumState Replay(ConsortiumTerms terms, LocalDate agreementDate, BusinessCalendar calendar, IEnumerable<LedgerEvent> events)
    {
        var state = Start(terms, agreementDate, calendar);
        foreach (var e in events) state = state.Apply(e);
        return state;
    }

    /// <summary>The member with this id, or null.</summary>
    public ConsortiumMember? Member(string id) => Members.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal));

    /// <summary>The member with this id or register holder id, or null.</summary>
    public ConsortiumMember? MemberOrHolder(string idOrHolder) =>
        Member(idOrHolder) ?? Members.FirstOrDefault(m => string.Equals(m.HolderId, idOrHolder, StringComparison.Ordinal));

    /// <summary>Evolve: the state after <paramref name="e"/>.</summary>
    public ConsortiumState Apply(LedgerEvent e)
    {
        switch (e)
        {
            case AdditionalSponsorAdmitted a when a.AgreementId == AgreementId:
                return this with
                {
                    Members = [.. Members, new ConsortiumMember(a.MemberId, a.Name, ConsortiumRole.AdditionalSponsor, a.HolderId, a.AdmittedAt, null, null, Terms.Admission.Citation)],
                };
            case ConsortiumCommitmentRecorded c when c.AgreementId == AgreementId:
                return this with
                {
                    Commitments = new Dictionary<string, Commitment>(Commitments, StringComparer.Ordinal)
                    {
                        [c.MemberId] = new Commitment(c.MemberId, c.EquityCommitment, c.RolloverShares, c.RecordedAt),
                    },
                };
            case ConsortiumMemberCeased c when c.AgreementId == AgreementId:
                return this with
                {
                    Members = Members.Select(m => m.Id == c.MemberId ? m with { CeasedAt = c.CeasedAt, Ground = c.Ground } : m).ToList(),
                };
            case ConsortiumConsentGiven c when c.AgreementId == AgreementId:
                return this with { Consents = [.. Consents, c] };
            case CompetingApproachReceived a when a.AgreementId == AgreementId:
                return this with { Approaches = [.. Approaches, new CompetingApproach(a.ApproachId, a.MemberId, a.ReceivedAt, a.From, a.Nature, null, false)] };
            case CompetingApproachNotified n when n.AgreementId == AgreementId:
                return this with
                {
                    Approaches = Approaches.Select(a => a.Id == n.ApproachId ? a with { NotifiedAt = n.NotifiedAt, CopiesProvided = n.CopiesProvided } : a).ToList(),
                };
            case DefinitiveAgreementExecuted d when d.AgreementId == AgreementId:
                return this with { DefinitiveAgreementAt = d.ExecutedAt };
            case CompanyCeasedNegotiating c when c.AgreementId == AgreementId:
                return this with { CompanyCeasedNegotiatingAt = c.CeasedAt, CompanyCeasedHow = c.How };
            case ConsortiumTerminatedByAgreement t when t.AgreementId == AgreementId:
                return this with { MutualTerminationAt = t.TerminatedAt };
            case ConsortiumExpenseIncurred x when x.AgreementId == AgreementId:
                return this with { Expenses = [.. Expenses, new ConsortiumExpense(x.ExpenseId, x.PaidBy, x.Kind, x.Payee, x.Amount, x.Approved, x.Description, x.EffectiveOn)] };
            case ConsortiumBreachRecorded b when b.AgreementId == AgreementId:
                return this with { Breaches = [.. Breaches, new ConsortiumBreach(b.MemberId, b.BreachedAt, b.Clause, b.Description)] };
            case ConsortiumTransactionClosed c when c.AgreementId == AgreementId:
                return this with { ClosedAt = c.ClosedAt };
            case HoldcoBreakFeeReceived f when f.AgreementId == AgreementId:
                return this with { BreakFees = [.. BreakFees, new BreakFee(f.FeeId, f.Amount, f.Description, f.EffectiveOn)] };
            case ImpliedPerShareValuationRecorded v when v.AgreementId == AgreementId:
                return this with { PricePerShare = v.PricePerShare, PricePerShareBasis = v.Basis };
            default:
                return this;
        }
    }

    /// <summary>The local date of an instant in the agreement's time zone (the date an event takes effect).</summary>
    public LocalDate DateOf(Instant at) => at.InZone(Zone).Date;
}
