using NodaTime;
using Proviso.Application.Agenda;
using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements.Consortium;

namespace Proviso.Application.Consortium;

/// <summary>The consortium's open deadlines on the company's agenda: end of exclusivity, end of confidentiality, approach notices.</summary>
public sealed class ConsortiumAgendaSource : IAgendaSource
{
    public IEnumerable<AgendaItem> OpenDeadlines(CompanyLedger ledger, Instant asOf)
    {
        foreach (var id in ConsortiumLedger.AgreementIds(ledger.Timeline))
        {
            var view = ConsortiumLedger.Load(ledger.Timeline, id);
            foreach (var d in ConsortiumAgenda.OpenDeadlines(view.State, asOf)) yield return new AgendaItem("consortium", view.Agreement.Title, d);
        }
    }
}
