using NodaTime;
using Proviso.Application.Agenda;
using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements.DragAlong;
using Proviso.Domain.Agreements.Transfers;

namespace Proviso.Application.DragAlong;

/// <summary>
/// The open deadlines of every drag-along process (the Restriction Period, the Release Period, each holder's Buy-out
/// window, the Preferential Sale's signing window), under the matter "process: Approved Sale to the Offeror". The terms
/// are the ones recorded in the ledger; a process after a Qualified IPO has none.
/// </summary>
public sealed class DragAlongAgendaSource : IAgendaSource
{
    /// <inheritdoc />
    public IEnumerable<AgendaItem> OpenDeadlines(CompanyLedger ledger, Instant asOf)
    {
        var book = DragAlongBook.From(ledger.Timeline.ProcessEvents.Select(x => x.Event));
        if (book.Processes.Count == 0) return [];
        var items = new List<AgendaItem>();
        foreach (var a in DragAlongCommandDecider.Agreements(ledger.Timeline))
        {
            var terms = a.Mechanism<DragAlongTerms>(DragAlongDecider.Key)!;
            if (book.QualifiedIpoOf(a.Id) is { } ipo && ipo.At <= asOf) continue;
            var calendar = TransferProcess.CalendarOf(a);
            foreach (var p in book.Processes.Values.Where(p => p.AgreementId == a.Id).OrderBy(p => p.Id, StringComparer.Ordinal))
                items.AddRange(p.OpenDeadlines(terms, calendar, asOf).Select(d => new AgendaItem("drag-along", $"{p.Id}: Approved Sale to {p.Offer.OfferorName}", d)));
        }
        return items;
    }
}
