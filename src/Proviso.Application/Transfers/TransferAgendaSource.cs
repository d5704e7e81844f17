using NodaTime;
using Proviso.Application.Agenda;
using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.Transfers;

namespace Proviso.Application.Transfers;

/// <summary>
/// The open deadlines of every transfer process (each purchaser's Option Period, the Extension Period, co-sale periods,
/// the valuation period, the default closing, the sale window), each under the matter "process: transferor → transferee".
/// The terms are the ones recorded in the ledger (the latest <see cref="AgreementTermsRecorded"/> of the process's
/// agreement); a process whose terms are not recorded has no deadlines to show.
/// </summary>
public sealed class TransferAgendaSource : IAgendaSource
{
    /// <inheritdoc />
    public IEnumerable<AgendaItem> OpenDeadlines(CompanyLedger ledger, Instant asOf)
    {
        var book = TransferBook.From(ledger.Timeline.ProcessEvents.Select(x => x.Event));
        var agreements = new Dictionary<string, Agreement?>(StringComparer.Ordinal);
        var items = new List<AgendaItem>();
        foreach (var p in book.Processes.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (p.Offer is null || p.Status is TransferStatus.Closed or TransferStatus.Void or TransferStatus.Lapsed) continue;
            if (!agreements.TryGetValue(p.AgreementId, out var a))
                agreements[p.AgreementId] = a = Proviso.Application.Terms.CompanyTerms.Agreement(ledger.Timeline, p.AgreementId);
            if (a is null) continue;
            var matter = $"{p.Id}: {p.TransferorId} → {p.Offer.TransfereeId}";
            // The domain's open list is by date; the agenda's is by instant (a deadline's last day may be partly past).
            items.AddRange(p.Deadlines(a).Where(d => d.ExpiresAt > asOf).Select(d => new AgendaItem("transfer", matter, d)));
        }
        return items;
    }
}
