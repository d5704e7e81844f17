using Proviso.Application.Ledgers;
using Proviso.Domain.Ledger;
using Proviso.Storage;

namespace Proviso.Application.Disclosure;

/// <summary>What importing facts did.</summary>
public sealed record ImportResult(string Outcome, int Read, int Written, int AlreadyRecorded, long Version);

/// <summary>
/// Records filing and ownership facts in a company's ledger: facts whose idempotency key the ledger already holds are
/// skipped, the rest are appended in one atomic append (all or nothing), so importing the same file twice changes nothing.
/// </summary>
public static class FilingImport
{
    public static async Task<ImportResult> ExecuteAsync(IEventStore store, string companyId, IReadOnlyList<SourcedFact> facts, Actor actor, CancellationToken ct = default)
    {
        var ledger = await CompanyLedger.LoadAsync(store, companyId, ct);
        if (!ledger.Exists)
            throw new InputException(null, $"there is no company '{companyId}' in {store.Location}; import it first (proviso import DIR)");
        var added = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<NewLedgerEntry>();
        foreach (var f in facts)
        {
            if (ledger.HasIdempotencyKey(f.Key) || !added.Add(f.Key)) continue;
            entries.Add(EventCodec.ToEntry(f.Event, actor.Now, actor.Name, f.Key, "Import" + EventCodec.TypeName(f.Event).Replace("Recorded", "", StringComparison.Ordinal)));
        }

        if (entries.Count == 0) return new ImportResult("unchanged", facts.Count, 0, facts.Count, ledger.Version);
        var outcome = await store.AppendAsync(companyId, ledger.Version, entries, ct);
        return outcome switch
        {
            AppendOutcome.Appended a => new ImportResult("imported", facts.Count, a.Entries.Count, facts.Count - a.Entries.Count, a.Entries[^1].Sequence),
            AppendOutcome.Duplicate => new ImportResult("unchanged", facts.Count, 0, facts.Count, ledger.Version),
            AppendOutcome.Conflict c => new ImportResult("conflict", facts.Count, 0, 0, c.ActualVersion),
            _ => throw new InvalidOperationException("unknown append outcome"),
        };
    }
}
