using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Application.Transfers;

/// <summary>
/// Decides transfer commands for <see cref="CompanyDecider"/> exactly as <see cref="TransferCommandDecider"/> does (the
/// agreement the command or its process names, among the terms recorded in the ledger, then the pure
/// <see cref="TransferDecider"/>), but parses the recorded terms once per recorded-terms event
/// (<see cref="TransferIndex.AgreementOf"/>) instead of on every command (the terms' YAML took milliseconds per
/// command, the largest cost of the API's write path), and finds the process's agreement with one pass over the events
/// that sets it, without folding every process.
/// <para>Found by <see cref="Proviso.Application.Discovery"/> like every decider; deciders are asked in name order and
/// the first answer is used, so this one answers before <see cref="TransferCommandDecider"/>, whose answers it equals
/// (tests/Proviso.Server.Tests, "Caching", checks both).</para>
/// </summary>
public sealed class CachedTransferCommandDecider : ICommandDecider
{
    public Decision? Decide(RegisterTimeline timeline, object command)
    {
        if (command is not (ProposeTransfer or RecordLockUp or TransferCommand)) return null;
        // One pass: the latest terms recorded for each agreement (as CompanyTerms.Recorded), and the process's agreement
        // as a TransferBook of the timeline folds it (a proposal sets it; a refused attempt only before any proposal).
        var processId = command is TransferCommand and not ProposeTransfer ? ((TransferCommand)command).ProcessId : null;
        var terms = new Dictionary<string, AgreementTermsRecorded>(StringComparer.Ordinal);
        string? processAgreement = null;
        var proposed = false;
        foreach (var (_, e) in timeline.Events)
        {
            if (e is AgreementTermsRecorded t)
            {
                terms[t.AgreementId] = t;
                continue;
            }
            if (processId is null || TransferBook.ProcessIdOf(e) != processId) continue;
            processAgreement ??= "";
            if (e is TransferProposed p)
            {
                processAgreement = p.AgreementId;
                proposed = true;
            }
            else if (e is TransferRefused r && !proposed)
            {
                processAgreement = r.AgreementId;
            }
        }
        string agreementId;
        switch (command)
        {
            case ProposeTransfer p: agreementId = p.AgreementId; break;
            case RecordLockUp l: agreementId = l.AgreementId; break;
            case TransferCommand t:
                if (processAgreement is null) return Decision.Reject("transfer.unknown-process", $"There is no transfer process '{t.ProcessId}'.");
                agreementId = processAgreement;
                break;
            default:
                return null;
        }
        if (!terms.TryGetValue(agreementId, out var recorded)) return Decision.Reject("terms.not-recorded", $"No terms for agreement '{agreementId}' are recorded for this company.");
        return TransferDecider.Decide(TransferIndex.AgreementOf(recorded), timeline, command);
    }
}
