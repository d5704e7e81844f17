using Proviso.Domain.Ledger;

namespace Proviso.Domain.Agreements.Consortium;

/// <summary>
/// Decide: a consortium command against the consortium's state gives events or a rejection that cites the rule. Each
/// command's rule lives in its own file where it has one (<see cref="AdditionalSponsorAdmission"/>,
/// <see cref="MemberCessation"/>); the rest are recording checks (the member exists, the Agreement is in force, ids are
/// unique, amounts are in whole minor units).
/// </summary>
public static class ConsortiumDecider
{
    /// <summary>The decision on <paramref name="command"/>.</summary>
    public static Decision Decide(ConsortiumState state, ConsortiumCommand command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        if (command.AgreementId != state.AgreementId)
            return Decision.Reject("consortium.wrong-agreement", $"The command is for '{command.AgreementId}', not '{state.AgreementId}'.");
        if (command.At < state.StartsAt)
            return Decision.Reject("consortium.before-agreement", $"{ConsortiumText.Moment(command.At, state.Zone)} is before the Agreement's date, {ConsortiumText.Date(state.AgreementDate)}.", state.Terms.Citation);
        var on = state.DateOf(command.At);
        var id = state.AgreementId;
        var zone = state.Zone;
        switch (command)
        {
            case AdmitAdditionalSponsor a:
                return AdditionalSponsorAdmission.Decide(state, a);
            case CeaseParticipation c:
                return MemberCessation.Decide(state, c);
            case RecordCommitment c:
            {
                var m = state.MemberOrHolder(c.MemberId);
                if (m is null) return UnknownMember(state, c.MemberId);
                var currency = state.Terms.Commitments.Currency;
                if (c.EquityCommitment is { } eq && (eq.Currency.Code != currency.Code || eq.IsNegative || !eq.IsWholeMinorUnits))
                    return Decision.Reject("consortium.bad-commitment", $"An equity commitment must be a non-negative amount in {currency.Code}, in whole minor units; found {eq}.", state.Terms.Commitments.Citation);
                if (c.RolloverShares.IsNegative)
                    return Decision.Reject("consortium.bad-commitment", "Rollover shares cannot be negative.", state.Terms.Commitments.Citation);
                return Decision.Accept(new ConsortiumCommitmentRecorded(id, m.Id, c.EquityCommitment, c.RolloverShares, c.At, c.Reference) { EffectiveOn = on });
            }

            case GiveConsortiumConsent g:
            {
                if (state.Consents.Any(x => x.ConsentId == g.ConsentId))
                    return Decision.Reject("consortium.duplicate-id", $"A consent '{g.ConsentId}' is already recorded.");
                if (!state.Terms.Actions.ContainsKey(g.Action))
                    return Decision.Reject("consortium.unknown-action", $"The terms define no action '{g.Action}' (defined: {string.Join(", ", state.Terms.Actions.Keys)}).", state.Terms.Citation);
                var by = state.MemberOrHolder(g.GivenBy);
                if (by is null) return UnknownMember(state, g.GivenBy);
                var forMember = state.MemberOrHolder(g.ForMember);
                if (forMember is null) return UnknownMember(state, g.ForMember);
                if (!by.IsMemberAt(g.At))
                    return Decision.Reject("consortium.not-a-member", $"{by.Id} is not a Consortium Member at {ConsortiumText.Moment(g.At, zone)}, so it cannot consent under the Agreement.");
                return Decision.Accept(new ConsortiumConsentGiven(id, g.ConsentId, by.Id, forMember.Id, g.Action, g.InWriting, g.At, g.Reference) { EffectiveOn = on });
            }

            case RecordCompetingApproach r:
            {
                if (state.Approaches.Any(x => x.Id == r.ApproachId))
                    return Decision.Reject("consortium.duplicate-id", $"An approach '{r.ApproachId}' is already recorded.");
                var m = state.MemberOrHolder(r.MemberId);
                if (m is null) return UnknownMember(state, r.MemberId);
                return Decision.Accept(new CompetingApproachReceived(id, r.ApproachId, m.Id, r.At, r.From, r.Nature) { EffectiveOn = on });
            }

            case NotifyCompetingApproach n:
            {
                var a = state.Approaches.FirstOrDefault(x => x.Id == n.ApproachId);
                if (a is null) return Decision.Reject("consortium.unknown-approach", $"No approach '{n.ApproachId}' is recorded.", state.Terms.ApproachNotification.Citation);
                if (a.NotifiedAt is not null) return Decision.Reject("consortium.already-notified", $"Approach '{n.ApproachId}' was already notified.", state.Terms.ApproachNotification.Citation);
                if (n.At < a.ReceivedAt) return Decision.Reject("consortium.notice-before-receipt", $"Approach '{n.ApproachId}' cannot be notified before it was received ({ConsortiumText.Moment(a.ReceivedAt, zone)}).", state.Terms.ApproachNotification.Citation);
                return Decision.Accept(new CompetingApproachNotified(id, a.Id, a.MemberId, n.At, n.CopiesProvided) { EffectiveOn = on });
            }

            case RecordDefinitiveAgreement d:
            {
                if (state.DefinitiveAgreementAt is not null) return Decision.Reject("consortium.definitive-agreement-recorded", "The Definitive Agreement's execution is already recorded.");
                if (ConsortiumTermination.At(state, d.At) is { } t)
                    return Decision.Reject("consortium.terminated", $"The Agreement terminated at {ConsortiumText.Moment(t.At, zone)}: {t.Explanation}.", t.Citation);
                return Decision.Accept(new DefinitiveAgreementExecuted(id, d.At, d.Reference) { EffectiveOn = on });
            }

            case RecordCompanyCeasedNegotiating c:
            {
                if (ConsortiumTermination.At(state, c.At) is { } t)
                    return Decision.Reject("consortium.terminated", $"The Agreement had already terminated at {ConsortiumText.Moment(t.At, zone)} under s.{t.Clause}.", t.Citation);
                return Decision.Accept(new CompanyCeasedNegotiating(id, c.At, c.How) { EffectiveOn = on });
            }

            case TerminateByMutualAgreement t:
            {
                var cite = state.Terms.Termination.MutualAgreement;
                if (ConsortiumTermination.At(state, t.At) is { } done)
                    return Decision.Reject("consortium.terminated", $"The Agreement had already terminated at {ConsortiumText.Moment(done.At, zone)} under s.{done.Clause}.", done.Citation);
                var members = state.Members.Where(m => m.IsMemberAt(t.At)).Select(m => m.Id).ToList();
                var signed = t.SignedBy.Select(s => state.MemberOrHolder(s)?.Id ?? s).ToHashSet(StringComparer.Ordinal);
                var missing = members.Where(m => !signed.Contains(m)).ToList();
                if (missing.Count > 0)
                    return Decision.Reject("consortium.mutual-termination-incomplete", $"Termination under s.5.01(c) needs the written agreement of each Consortium Member; missing: {string.Join(", ", missing)}.", cite);
                return Decision.Accept(new ConsortiumTerminatedByAgreement(id, t.At, members) { EffectiveOn = on });
            }

            case RecordExpense x:
            {
                if (state.Expenses.Any(e => e.Id == x.ExpenseId)) return Decision.Reject("consortium.duplicate-id", $"An expense '{x.ExpenseId}' is already recorded.");
                string? paidBy = null;
                if (x.PaidBy is not null)
                {
                    var m = state.MemberOrHolder(x.PaidBy);
                    if (m is null) return UnknownMember(state, x.PaidBy);
                    paidBy = m.Id;
                }

                if (x.Amount.IsNegative || x.Amount.IsZero || !x.Amount.IsWholeMinorUnits)
                    return Decision.Reject("consortium.bad-amount", $"An expense must be a positive amount in whole minor units; found {x.Amount}.", state.Terms.Costs.FailureWithoutBreach);
                return Decision.Accept(new ConsortiumExpenseIncurred(id, x.ExpenseId, paidBy, x.Kind, x.Payee, x.Amount, x.Approved, x.Description) { EffectiveOn = x.IncurredOn });
            }

            case RecordBreach b:
            {
                var m = state.MemberOrHolder(b.MemberId);
                if (m is null) return UnknownMember(state, b.MemberId);
                return Decision.Accept(new ConsortiumBreachRecorded(id, m.Id, b.At, b.Clause, b.Description) { EffectiveOn = on });
            }

            case RecordClosing c:
                if (state.ClosedAt is not null) return Decision.Reject("consortium.closed", "The Closing is already recorded.");
                if (state.DefinitiveAgreementAt is not { } da || da > c.At)
                    return Decision.Reject("consortium.closing-without-definitive-agreement", "The Transaction cannot close before the Definitive Agreement is executed.");
                return Decision.Accept(new ConsortiumTransactionClosed(id, c.At) { EffectiveOn = on });
            case RecordPerShareValuation v:
                if (v.PricePerShare.Currency.Code != state.Terms.Commitments.Currency.Code || v.PricePerShare.IsNegative || v.PricePerShare.IsZero)
                    return Decision.Reject("consortium.bad-valuation", $"The per-share valuation must be a positive amount in {state.Terms.Commitments.Currency.Code}; found {v.PricePerShare}.", state.Terms.Commitments.Citation);
                return Decision.Accept(new ImpliedPerShareValuationRecorded(id, v.PricePerShare, v.Basis) { EffectiveOn = on });
            case RecordBreakFee f:
                if (state.BreakFees.Any(x => x.Id == f.FeeId)) return Decision.Reject("consortium.duplicate-id", $"A break fee '{f.FeeId}' is already recorded.");
                if (f.Amount.IsNegative || f.Amount.IsZero || !f.Amount.IsWholeMinorUnits)
                    return Decision.Reject("consortium.bad-amount", $"A break fee must be a positive amount in whole minor units; found {f.Amount}.", state.Terms.Costs.BreakFees);
                return Decision.Accept(new HoldcoBreakFeeReceived(id, f.FeeId, f.Amount, f.Description) { EffectiveOn = on });
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "unknown consortium command");
        }
    }

    private static Decision UnknownMember(ConsortiumState state, string id) =>
        Decision.Reject("consortium.unknown-member", $"'{id}' is not a member of the consortium (members: {string.Join(", ", state.Members.Select(m => m.Id))}).", state.Terms.Citation);
}
