using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.DragAlong;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Application.DragAlong;

/// <summary>
/// Decides drag-along commands for <see cref="CompanyDecider"/> (found by reflection): finds the agreement the command
/// (or its process) names among the terms recorded in the company's ledger and hands the decision to the pure
/// <see cref="DragAlongDecider"/>.
/// </summary>
public sealed class DragAlongCommandDecider : ICommandDecider
{
    /// <inheritdoc />
    public Decision? Decide(DecisionState state, object command)
    {
        if (command is not (RecordQualifiedIpo or AcceptApprovedSale or DragCommand)) return null;
        var timeline = state.Timeline;
        string? agreementId;
        switch (command)
        {
            case RecordQualifiedIpo q: agreementId = q.AgreementId; break;
            case AcceptApprovedSale a: agreementId = a.AgreementId; break;
            default:
                var d = (DragCommand)command;
                agreementId = DragAlongBook.From(timeline.ProcessEvents.Select(x => x.Event)).Find(d.ProcessId)?.AgreementId;
                if (agreementId is null) return Decision.Reject("drag.unknown-process", $"There is no drag-along process '{d.ProcessId}'.");
                break;
        }
        var agreement = Terms.CompanyTerms.Agreement(timeline, agreementId);
        if (agreement is null) return Decision.Reject("terms.not-recorded", $"No terms for agreement '{agreementId}' are recorded for this company.");
        return DragAlongDecider.Decide(agreement, timeline, command);
    }

    /// <summary>The recorded agreements that have drag-along terms, by id.</summary>
    public static IReadOnlyList<Agreement> Agreements(RegisterTimeline timeline)
    {
        return Terms.CompanyTerms.Agreements(timeline).Where(a => a.Mechanism<DragAlongTerms>(DragAlongDecider.Key) is not null).ToList();
    }
}
