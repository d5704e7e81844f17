using Proviso.Domain.Quantities;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>How the Transaction ended, for Art. III.</summary>
public enum TransactionOutcome
{
    /// <summary>s.3.01(a): the Transaction is consummated.</summary>
    Closed,

    /// <summary>s.3.01(b): the Transaction is not consummated, and s.3.01(c) does not apply.</summary>
    FailedWithoutBreach,

    /// <summary>s.3.01(c): the Transaction is not consummated due to the unilateral breach of one or more members.</summary>
    FailedByBreach,
}

/// <summary>Part of a cost borne by a party ("holdco" for Holdco).</summary>
public sealed record CostShare(string PartyId, Money Amount);

/// <summary>One recorded cost: how much a break fee met, who bears the rest, and the rule that says so.</summary>
public sealed record CostLine(string ExpenseId, ExpenseKind Kind, string Payee, Money Amount, string? PaidBy, Money BreakFeeApplied, IReadOnlyList<CostShare> BorneBy, string Rule, Citation Citation, bool Allocated);

/// <summary>A break fee received by Holdco: the part applied to Consortium Expenses and the balance paid to members.</summary>
public sealed record BreakFeeLine(string FeeId, Money Amount, Money AppliedToExpenses, IReadOnlyList<CostShare> Balance, Citation Citation, bool Allocated);

/// <summary>A member's position: what it paid, what it bears, what a break fee gave back, and what it owes (positive) or is owed (negative), per currency.</summary>
public sealed record MemberCostSummary(
    string MemberId,
    IReadOnlyList<Money> Paid,
    IReadOnlyList<Money> Bears,
    IReadOnlyList<Money> BreakFeeReimbursed,
    IReadOnlyList<Money> BreakFeeBalanceReceived,
    IReadOnlyList<Money> Settlement,
    IReadOnlyList<string> Liabilities);

/// <summary>Who bears what under an outcome, line by line and member by member, with the rounding policy stated.</summary>
public sealed record CostReport(
    TransactionOutcome Outcome,
    IReadOnlyList<string> Breaching,
    CommittedEquityTable Equity,
    IReadOnlyList<CostLine> Lines,
    IReadOnlyList<BreakFeeLine> BreakFees,
    IReadOnlyList<MemberCostSummary> Members,
    IReadOnlyList<Money> HoldcoBears,
    IReadOnlyList<Money> TotalCosts,
    string RoundingPolicy,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Interpretations);

/// <summary>
/// Who bears the costs of the Transaction (Art. III).
/// s.3.01(a): on Closing, Holdco or the Company reimburses "all of their out-of-pocket costs and expenses", including
/// Joint Advisors, "Advisors who were retained by an Initial Member" and the Financing Banks (the "Consortium Expenses").
/// s.3.01(b): if the Transaction fails without a breach, "each Consortium Member which engages any separate Advisors shall
/// be solely responsible for" them (s.2.03(b)), and the members pay the rest "ratably in proportion to their respective
/// committed equity ownership", "including any termination fee payable to the Company … and any fees and expenses payable
/// to any Joint Advisors". s.3.01(c): if it fails "due to the unilateral breach of this Agreement by one or more
/// Consortium Members", the breaching members are "solely and fully liable for all reverse termination fees or similar
/// break fees", indemnify the others, and "reimburse any non-breaching Consortium Member for all out-of-pocket costs and
/// expenses". s.3.01(d): break fees received by Holdco "will first be used to meet any Consortium Expenses and any balance
/// will be paid to each Consortium Member on a pro rata basis in accordance with their respective … committed equity".
/// </summary>
/// <remarks>
/// Interpretation: (1) an Advisor approved under s.2.03(b) "shall not be deemed a separate Advisor": its fees are shared;
/// an unapproved separate Advisor of an Additional Sponsor is not reimbursed on Closing (s.2.03(b) "solely
/// responsible"), while one retained by an Initial Member is (s.3.01(a)(i)); on failure every member bears its own
/// unapproved separate Advisors (s.3.01(b)(i)). (2) A ratable share is by committed equity among the current members and
/// any member that ceased under s.5.01(a) after the cost was incurred (s.5.02(a): it remains liable for "its share of any
/// Consortium Expenses incurred prior to the termination … with respect to such Consortium Member"; "prior" is strict, so a
/// cost incurred on the day of cessation is not its). (3) Several breaching members share their liability by committed
/// equity (s.4.01: obligations are several), equally if none has committed equity; a cost payable by the consortium and
/// paid by no one yet is borne by the breaching members. Losses to be indemnified under s.3.01(c)(ii) are not costs the
/// ledger can quantify and are listed as liabilities. (4) A break fee meets Consortium Expenses in its own currency only,
/// in proportion to their unmet amounts (a termination fee payable to the Company is not a Consortium Expense), and its
/// balance goes to the current members. (5) Every split uses <see cref="CentAllocation"/>: nothing is lost to rounding.
/// </remarks>
public static class ExpenseSharing
{
    /// <summary>The party id used for Holdco (or the Company, or the entity the Initial Sponsor agrees) in cost shares.</summary>
    public const string Holdco = "holdco";

    /// <summary>Computes the report for <paramref name="outcome"/>.</summary>
    /// <param name="state">The consortium.</param>
    /// <param name="outcome">How the Transaction ended.</param>
    /// <param name="breaching">For <see cref="TransactionOutcome.FailedByBreach"/>: the breaching members (the recorded breaches when empty).</param>
    /// <param name="pricePerShare">The implied per-share valuation for rollover shares (needed only when a rollover is recorded).</param>
    /// <exception cref="ArgumentException">An unknown or missing breaching member, or committed equity that cannot be computed.</exception>
    public static CostReport Compute(ConsortiumState state, TransactionOutcome outcome, IReadOnlyList<string> breaching, Money? pricePerShare)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(breaching);
        var terms = state.Terms;
        var costs = terms.Costs;
        var interpretations = new List<string>();
        var problems = new List<string>();
        var equity = CommittedEquity.Compute(state, pricePerShare);
        var breachers = new List<string>();
        if (outcome == TransactionOutcome.FailedByBreach)
        {
            var named = breaching.Count > 0 ? breaching : state.Breaches.Select(b => b.MemberId).Distinct(StringComparer.Ordinal).ToList();
            if (named.Count == 0) throw new ArgumentException("s.3.01(c) needs the breaching member(s): name them or record the breach first", nameof(breaching));
            foreach (var b in named)
            {
                var m = state.MemberOrHolder(b) ?? throw new ArgumentException($"'{b}' is not a member of the consortium", nameof(breaching));
                if (!breachers.Contains(m.Id)) breachers.Add(m.Id);
            }
        }
        else if (outcome == TransactionOutcome.FailedWithoutBreach && state.Breaches.Count > 0)
        {
            interpretations.Add($"Breaches are recorded ({string.Join(", ", state.Breaches.Select(b => $"{b.MemberId} of s.{b.Clause}"))}); if the Transaction failed due to them, s.3.01(c) applies instead ({terms.Termination.EffectOfTermination}).");
        }

        var current = state.Members.Where(m => m.CeasedAt is null).Select(m => m.Id).ToList();

        // s.3.01(d): break fees first meet Consortium Expenses, then the balance goes to the members.
        var unmet = state.Expenses.ToDictionary(e => e.Id, e => e.Amount, StringComparer.Ordinal);
        var applied = state.Expenses.ToDictionary(e => e.Id, e => Money.Zero(e.Amount.Currency), StringComparer.Ordinal);
        var feeLines = new List<BreakFeeLine>();
        foreach (var fee in state.BreakFees)
        {
            var eligible = state.Expenses.Where(e => IsConsortiumExpense(state, e) && e.Amount.Currency.Code == fee.Amount.Currency.Code && unmet[e.Id].Amount > 0m).ToList();
            var need = Money.Sum(eligible.Select(e => unmet[e.Id]), fee.Amount.Currency);
            var use = need <= fee.Amount ? need : fee.Amount;
            if (use.Amount > 0m)
            {
                foreach (var (id, part) in CentAllocation.Split(use, eligible.Select(e => (e.Id, unmet[e.Id].ToFraction())).ToList()))
                {
                    unmet[id] -= part;
                    applied[id] += part;
                }
            }

            var balance = fee.Amount - use;
            var shares = new List<CostShare>();
            var ok = true;
            if (balance.Amount > 0m)
            {
                var weights = equity.Weights(current);
                if (Fraction.Sum(weights.Select(w => w.Weight)).IsZero)
                {
                    ok = false;
                    problems.Add($"break fee {fee.Id}: the balance of {balance.ToInvariantString()} cannot be paid pro rata because no current member has committed equity recorded ({costs.BreakFees})");
                }
                else
                {
                    shares.AddRange(CentAllocation.Split(balance, weights).Select(s => new CostShare(s.PartyId, s.Share)));
                }
            }

            feeLines.Add(new BreakFeeLine(fee.Id, fee.Amount, use, shares, costs.BreakFees, ok));
        }

        var lines = new List<CostLine>();
        foreach (var e in state.Expenses)
        {
            var rest = unmet[e.Id];
            var (rule, cite, bearers) = Rule(state, equity, outcome, breachers, e);
            IReadOnlyList<CostShare> borne;
            var allocated = true;
            if (rest.IsZero)
            {
                borne = [];
                rule = $"met in full by a break fee received by Holdco; {rule}";
            }
            else if (bearers.Count == 1)
            {
                borne = [new CostShare(bearers[0].Id, rest)];
            }
            else
            {
                var weights = bearers;
                if (Fraction.Sum(weights.Select(w => w.Weight)).IsZero)
                {
                    if (outcome == TransactionOutcome.FailedByBreach)
                    {
                        weights = bearers.Select(b => (b.Id, Fraction.One)).ToList();
                        interpretations.Add("No breaching member has committed equity recorded, so the breaching members share equally (s.4.01: several liability).");
                    }
                    else
                    {
                        borne = [];
                        allocated = false;
                        problems.Add($"expense {e.Id}: {rest.ToInvariantString()} is to be shared ratably by committed equity, but none of {string.Join(", ", bearers.Select(b => b.Id))} has committed equity recorded; record the commitments (s.1.03(b))");
                        lines.Add(new CostLine(e.Id, e.Kind, e.Payee, e.Amount, e.PaidBy, applied[e.Id], borne, rule, cite, allocated));
                        continue;
                    }
                }

                borne = CentAllocation.Split(rest, weights.Select(w => (w.Id, w.Weight)).ToList()).Select(s => new CostShare(s.PartyId, s.Share)).ToList();
            }

            lines.Add(new CostLine(e.Id, e.Kind, e.Payee, e.Amount, e.PaidBy, applied[e.Id], borne, rule, cite, allocated));
        }

        var members = state.Members.Select(m => Summary(state, outcome, breachers, m, lines, feeLines)).ToList();
        var holdco = Totals(lines.SelectMany(l => l.BorneBy).Where(s => s.PartyId == Holdco).Select(s => s.Amount));
        var total = Totals(state.Expenses.Select(e => e.Amount));
        return new CostReport(outcome, breachers, equity, lines, feeLines, members, holdco, total, CentAllocation.Describe(costs.Rounding), problems, interpretations.Distinct().ToList());
    }

    /// <summary>True if the cost is a Consortium Expense (s.3.01(a)): everything but a termination fee payable to the Company and an unapproved separate Advisor of an Additional Sponsor.</summary>
    public static bool IsConsortiumExpense(ConsortiumState state, ConsortiumExpense e) =>
        e.Kind != ExpenseKind.TerminationFee && !(e.Kind == ExpenseKind.SeparateAdvisor && !e.Approved && state.Member(e.PaidBy ?? "")?.Role == ConsortiumRole.AdditionalSponsor);

    private static (string Rule, Citation Citation, IReadOnlyList<(string Id, Fraction Weight)> Bearers) Rule(
        ConsortiumState state, CommittedEquityTable equity, TransactionOutcome outcome, IReadOnlyList<string> breachers, ConsortiumExpense e)
    {
        var costs = state.Terms.Costs;
        var separate = e.Kind == ExpenseKind.SeparateAdvisor && !e.Approved && e.PaidBy is not null;
        switch (outcome)
        {
            case TransactionOutcome.Closed:
                if (separate && state.Member(e.PaidBy!)?.Role == ConsortiumRole.AdditionalSponsor)
                    return ($"an Additional Sponsor's separate Advisor, not approved by the other members: borne by {e.PaidBy} alone", costs.SeparateAdvisors, [(e.PaidBy!, Fraction.One)]);
                return (e.PaidBy is null ? "paid by Holdco at or immediately following the Closing" : $"reimbursed to {e.PaidBy} by Holdco at or immediately following the Closing", costs.Closing, [(Holdco, Fraction.One)]);
            case TransactionOutcome.FailedWithoutBreach:
                if (separate)
                    return ($"a separate Advisor engaged by {e.PaidBy}: {e.PaidBy} is solely responsible", costs.FailureWithoutBreach, [(e.PaidBy!, Fraction.One)]);
                {
                    var participants = Participants(state, e);
                    return ($"shared ratably by committed equity among {string.Join(", ", participants)}", costs.FailureWithoutBreach, equity.Weights(participants));
                }

            case TransactionOutcome.FailedByBreach:
                if (e.Kind == ExpenseKind.TerminationFee)
                    return ($"a reverse termination or similar break fee: the breaching member(s) {string.Join(", ", breachers)} are solely and fully liable", costs.FailureByBreach, equity.Weights(breachers));
                if (e.PaidBy is { } payer && breachers.Contains(payer))
                    return ($"incurred by {payer}, a breaching member: borne by it", costs.FailureByBreach, [(payer, Fraction.One)]);
                return (e.PaidBy is null
                        ? $"payable by the consortium: borne by the breaching member(s) {string.Join(", ", breachers)}"
                        : $"incurred by {e.PaidBy}, a non-breaching member: reimbursed by the breaching member(s) {string.Join(", ", breachers)}",
                    costs.FailureByBreach, equity.Weights(breachers));
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown outcome");
        }
    }

    /// <summary>The members who share a cost ratably: current members, and members that ceased after the cost was incurred (s.5.02(a)).</summary>
    public static IReadOnlyList<string> Participants(ConsortiumState state, ConsortiumExpense e) =>
        state.Members.Where(m => m.CeasedAt is not { } ceased || e.IncurredOn < state.DateOf(ceased)).Select(m => m.Id).ToList();

    private static MemberCostSummary Summary(ConsortiumState state, TransactionOutcome outcome, IReadOnlyList<string> breachers, ConsortiumMember m, IReadOnlyList<CostLine> lines, IReadOnlyList<BreakFeeLine> fees)
    {
        var paidLines = lines.Where(l => l.PaidBy == m.Id).ToList();
        var paid = Totals(paidLines.Select(l => l.Amount));
        var bears = Totals(lines.SelectMany(l => l.BorneBy).Where(s => s.PartyId == m.Id).Select(s => s.Amount));
        var reimbursed = Totals(paidLines.Select(l => l.BreakFeeApplied));
        var balance = Totals(fees.SelectMany(f => f.Balance).Where(s => s.PartyId == m.Id).Select(s => s.Amount));
        var currencies = paid.Concat(bears).Concat(reimbursed).Select(x => x.Currency).DistinctBy(c => c.Code).OrderBy(c => c.Code, StringComparer.Ordinal);
        var settlement = currencies.Select(c => Pick(bears, c) - Pick(paid, c) + Pick(reimbursed, c)).ToList();
        var liabilities = new List<string>();
        var t = state.Terms;
        if (m.CeasedAt is { } ceased)
            liabilities.Add($"ceased at {ConsortiumText.Moment(ceased, state.Zone)}: liable under Article III for its share of Consortium Expenses incurred before {ConsortiumText.Date(state.DateOf(ceased))} ({t.Termination.EffectOfCessation})");
        if (outcome == TransactionOutcome.FailedByBreach && breachers.Contains(m.Id))
        {
            liabilities.Add($"solely and fully liable for all reverse termination fees or similar break fees ({t.Costs.FailureByBreach})");
            liabilities.Add($"must indemnify and hold harmless each non-breaching member against losses arising out of the breach; not quantified here ({t.Costs.FailureByBreach})");
        }

        return new MemberCostSummary(m.Id, paid, bears, reimbursed, balance, settlement, liabilities);
    }

    private static Money Pick(IReadOnlyList<Money> list, Currency c) => list.FirstOrDefault(x => x.Currency.Code == c.Code) is { Currency: not null } found ? found : Money.Zero(c);

    /// <summary>Amounts summed per currency, ordered by currency code.</summary>
    public static IReadOnlyList<Money> Totals(IEnumerable<Money> amounts) =>
        amounts.GroupBy(a => a.Currency.Code, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Money.Sum(g, g.First().Currency)).ToList();
}
