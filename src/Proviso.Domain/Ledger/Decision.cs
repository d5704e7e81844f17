using Proviso.Domain.Agreements;

namespace Proviso.Domain.Ledger;

/// <summary>Why a command was refused: the rule that refused it (a stable id), a message for people, and the clause if an agreement is the source.</summary>
public sealed record Rejection(string RuleId, string Message, Citation? Citation = null)
{
    public override string ToString() => Citation is null ? $"[{RuleId}] {Message}" : $"[{RuleId}] {Message} ({Citation})";
}

/// <summary>
/// The result of deciding a command: the events to record, or the rejections. A rejected command records nothing.
/// </summary>
public abstract record Decision
{
    private Decision() { }

    public sealed record Accepted(IReadOnlyList<LedgerEvent> Events) : Decision;

    public sealed record Rejected(IReadOnlyList<Rejection> Reasons) : Decision;

    public static Decision Accept(params LedgerEvent[] events) => new Accepted(events);
    public static Decision Accept(IReadOnlyList<LedgerEvent> events) => new Accepted(events);
    public static Decision Reject(string ruleId, string message, Citation? citation = null) => new Rejected([new Rejection(ruleId, message, citation)]);
    public static Decision Reject(IReadOnlyList<Rejection> reasons) => new Rejected(reasons);

    public bool IsAccepted => this is Accepted;
}
