using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Application.Transfers;

/// <summary>
/// Decides transfer commands for <see cref="CompanyDecider"/>: finds the agreement the command (or its process) names
/// among the terms recorded in the company's ledger, and hands the decision to the pure <see cref="TransferDecider"/>
/// with the state's incrementally kept processes (<see cref="DecisionState.Transfers"/>), so no command folds the whole
/// ledger.
/// </summary>
public sealed class TransferCommandDecider : ICommandDecider
{
    public Decision? Decide(DecisionState state, object command)
    {
        if (command is not (ProposeTransfer or RecordLockUp or TransferCommand)) return null;
        var transfers = state.Transfers;
        string? agreementId;
        switch (command)
        {
            case ProposeTransfer p: agreementId = p.AgreementId; break;
            case RecordLockUp l: agreementId = l.AgreementId; break;
            default:
                var t = (TransferCommand)command;
                agreementId = transfers.Find(t.ProcessId)?.AgreementId;
                if (agreementId is null) return Decision.Reject("transfer.unknown-process", $"There is no transfer process '{t.ProcessId}'.");
                break;
        }
        var agreement = transfers.Agreement(agreementId);
        if (agreement is null) return Decision.Reject("terms.not-recorded", $"No terms for agreement '{agreementId}' are recorded for this company.");
        // A closing decides register entries against every entry recorded; every other command reads the register as of a date.
        var timeline = command is CloseTransfer ? state.Timeline : state.RegisterHistory;
        return TransferDecider.Decide(agreement, timeline, transfers.Book, command);
    }
}
