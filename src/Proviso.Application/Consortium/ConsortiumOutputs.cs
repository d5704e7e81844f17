using NodaTime;
using Proviso.Domain.Agreements.Consortium;

namespace Proviso.Application.Consortium;

/// <summary>The stable JSON shapes and text lines of cost reports and action assessments (docs/consortium.md).</summary>
public static class ConsortiumOutputs
{
    /// <summary>A cost report as plain data.</summary>
    public static object Costs(CostReport r) => new
    {
        outcome = r.Outcome,
        breaching = r.Breaching,
        rounding = r.RoundingPolicy,
        committedEquity = new
        {
            currency = r.Equity.Currency.Code,
            pricePerShare = r.Equity.PricePerShare?.ToInvariantString(),
            total = r.Equity.Total.ToDecimalString(2),
            explanation = r.Equity.Explanation,
            members = r.Equity.Lines.Select(l => new { member = l.MemberId, equity = l.EquityCommitment.ToInvariantString(), rolloverShares = l.RolloverShares.Value, rolloverValue = l.RolloverValue.ToDecimalString(2), total = l.Total.ToDecimalString(2), share = l.Share.ToString(), percent = l.Share.ToPercentString(4) }).ToList(),
        },
        totalCosts = r.TotalCosts.Select(m => m.ToInvariantString()).ToList(),
        holdcoBears = r.HoldcoBears.Select(m => m.ToInvariantString()).ToList(),
        lines = r.Lines.Select(l => new
        {
            expense = l.ExpenseId,
            kind = l.Kind,
            payee = l.Payee,
            amount = l.Amount.ToInvariantString(),
            paidBy = l.PaidBy,
            breakFeeApplied = l.BreakFeeApplied.ToInvariantString(),
            borneBy = l.BorneBy.Select(b => new { party = b.PartyId, amount = b.Amount.ToInvariantString() }).ToList(),
            rule = l.Rule,
            citation = l.Citation.ToString(),
            allocated = l.Allocated,
        }).ToList(),
        breakFees = r.BreakFees.Select(f => new
        {
            fee = f.FeeId,
            amount = f.Amount.ToInvariantString(),
            appliedToExpenses = f.AppliedToExpenses.ToInvariantString(),
            balance = f.Balance.Select(b => new { party = b.PartyId, amount = b.Amount.ToInvariantString() }).ToList(),
            citation = f.Citation.ToString(),
        }).ToList(),
        members = r.Members.Select(m => new
        {
            member = m.MemberId,
            paid = m.Paid.Select(x => x.ToInvariantString()).ToList(),
            bears = m.Bears.Select(x => x.ToInvariantString()).ToList(),
            breakFeeReimbursed = m.BreakFeeReimbursed.Select(x => x.ToInvariantString()).ToList(),
            breakFeeBalanceReceived = m.BreakFeeBalanceReceived.Select(x => x.ToInvariantString()).ToList(),
            settlement = m.Settlement.Select(x => x.ToInvariantString()).ToList(),
            liabilities = m.Liabilities,
        }).ToList(),
        problems = r.Problems,
        interpretations = r.Interpretations,
    };

    /// <summary>A cost report as lines for people.</summary>
    public static IReadOnlyList<string> CostLines(CostReport r)
    {
        var lines = new List<string> { $"Costs if the Transaction {Words(r.Outcome)}{(r.Breaching.Count > 0 ? $" (breaching: {string.Join(", ", r.Breaching)})" : "")}: total {Join(r.TotalCosts)}" };
        foreach (var l in r.Lines)
            lines.Add($"  {l.ExpenseId} {l.Kind} {l.Payee} {l.Amount.ToInvariantString()}{(l.PaidBy is null ? "" : $" paid by {l.PaidBy}")}: {l.Rule}{(l.BreakFeeApplied.IsZero ? "" : $"; break fee applied {l.BreakFeeApplied.ToInvariantString()}")} -> {string.Join(", ", l.BorneBy.Select(b => $"{b.PartyId} {b.Amount.ToInvariantString()}"))} ({l.Citation})");
        foreach (var f in r.BreakFees)
            lines.Add($"  break fee {f.FeeId} {f.Amount.ToInvariantString()}: {f.AppliedToExpenses.ToInvariantString()} to Consortium Expenses, balance {string.Join(", ", f.Balance.Select(b => $"{b.PartyId} {b.Amount.ToInvariantString()}"))} ({f.Citation})");
        if (r.HoldcoBears.Count > 0) lines.Add($"  Holdco bears {Join(r.HoldcoBears)}");
        foreach (var m in r.Members)
        {
            lines.Add($"  {m.MemberId}: paid {Join(m.Paid)}, bears {Join(m.Bears)}, settlement {Join(m.Settlement)} (positive: pays in; negative: is reimbursed){(m.BreakFeeBalanceReceived.Count > 0 ? $", receives {Join(m.BreakFeeBalanceReceived)} of break fees" : "")}");
            foreach (var x in m.Liabilities) lines.Add($"    liable: {x}");
        }

        lines.Add($"  rounding: {r.RoundingPolicy}");
        foreach (var p in r.Problems) lines.Add($"  problem: {p}");
        foreach (var i in r.Interpretations) lines.Add($"  interpretation: {i}");
        return lines;
    }

    /// <summary>An assessment as plain data.</summary>
    public static object Assessment(ActionAssessment a, DateTimeZone zone) => new
    {
        action = a.Action,
        title = a.Title,
        member = a.MemberId,
        at = ConsortiumText.IsoMoment(a.At, zone),
        permission = a.Permission,
        consents = a.Consents.Select(c => new { party = c.PartyId, name = c.Name, written = c.Written, prior = c.Prior, given = c.Given, consent = c.ConsentId, note = c.Note }).ToList(),
        obligations = a.Obligations,
        reasons = a.Reasons.Select(r => new { text = r.Text, citation = r.Citation.ToString() }).ToList(),
        citations = a.Citations.Select(c => c.ToString()).ToList(),
        interpretations = a.Interpretations,
    };

    /// <summary>An assessment as lines for people.</summary>
    public static IReadOnlyList<string> AssessmentLines(ActionAssessment a, DateTimeZone zone)
    {
        var lines = new List<string> { $"{a.MemberId}: {a.Title} at {ConsortiumText.Moment(a.At, zone)}: {a.Permission switch { Permission.Allowed => "ALLOWED", Permission.AllowedWithConsent => "ALLOWED WITH CONSENT", _ => "PROHIBITED" }}" };
        foreach (var r in a.Reasons) lines.Add($"  - {r.Text} ({r.Citation})");
        foreach (var c in a.Consents) lines.Add($"  consent of {c.Name} ({c.PartyId}), {(c.Prior ? "prior " : "")}{(c.Written ? "written" : "any form")}: {(c.Given ? "given" : "missing")}: {c.Note}");
        foreach (var o in a.Obligations) lines.Add($"  obligation: {o}");
        foreach (var i in a.Interpretations) lines.Add($"  interpretation: {i}");
        return lines;
    }

    private static string Words(TransactionOutcome o) => o switch
    {
        TransactionOutcome.Closed => "closes (s.3.01(a))",
        TransactionOutcome.FailedWithoutBreach => "fails without a breach (s.3.01(b))",
        _ => "fails through a member's unilateral breach (s.3.01(c))",
    };

    private static string Join(IReadOnlyList<Domain.Quantities.Money> amounts) => amounts.Count == 0 ? "nothing" : string.Join(" + ", amounts.Select(a => a.ToInvariantString()));
}
