using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Application.Consortium;

/// <summary>
/// Decides consortium commands against a company's timeline: finds the consortium's recorded terms, folds its events,
/// and asks the pure <see cref="ConsortiumDecider"/>. Found by <see cref="CompanyDecider"/> by reflection.
/// </summary>
public sealed class ConsortiumCommandDecider : ICommandDecider
{
    /// <inheritdoc />
    public Decision? Decide(DecisionState state, object command)
    {
        if (command is not ConsortiumCommand c) return null;
        var timeline = state.Timeline;
        if (!ConsortiumLedger.AgreementIds(timeline).Contains(c.AgreementId, StringComparer.Ordinal))
            return Decision.Reject("consortium.unknown-agreement", $"No consortium agreement '{c.AgreementId}' is recorded for '{timeline.Latest.CompanyId}'; import its terms first.");
        var view = ConsortiumLedger.Load(timeline, c.AgreementId);
        if (c is AdmitAdditionalSponsor a && a.HolderId is { } h && !timeline.Latest.Holders.ContainsKey(h))
            return Decision.Reject("consortium.unknown-holder", $"'{h}' is not a holder on the register of '{timeline.Latest.CompanyId}'; register it first or admit the sponsor without a holder.", view.Terms.Admission.Citation);
        return ConsortiumDecider.Decide(view.State, c);
    }
}
