using Proviso.Application.Ledgers;
using Proviso.Application.Terms;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Application.Transfers;

/// <summary>
/// Decides transfer commands for <see cref="CompanyDecider"/>: finds the agreement the command (or its process) names
/// among the terms recorded in the company's ledger, and hands the decision to the pure
/// <see cref="TransferDecider"/>.
/// </summary>
public sealed class TransferCommandDecider : ICommandDecider
{
    public Decision? Decide(RegisterTimeline timeline, object command)
    {
        string? agreementId;
        switch (command)
        {
            case ProposeTransfer p: agreementId = p.AgreementId; break;
            case RecordLockUp l: agreementId = l.AgreementId; break;
            case TransferCommand t:
                agreementId = TransferBook.From(timeline.ProcessEvents.Select(x => x.Event)).Find(t.ProcessId)?.AgreementId;
                if (agreementId is null) return Decision.Reject("transfer.unknown-process", $"There is no transfer process '{t.ProcessId}'.");
                break;
            default:
                return null;
        }
        var agreement = CompanyTerms.Agreement(timeline, agreementId);
        if (agreement is null) return Decision.Reject("terms.not-recorded", $"No terms for agreement '{agreementId}' are recorded for this company.");
        return TransferDecider.Decide(agreement, timeline, command);
    }
}
