namespace Proviso.Domain.Ledger;

/// <summary>The result of recomputing a company's hash chain: how many entries were checked and the first bad one.</summary>
public sealed record LedgerVerification(string CompanyId, long EntriesChecked, long? FirstBadSequence, string? Problem, string? HeadHash)
{
    public bool IsIntact => FirstBadSequence is null;

    /// <summary>
    /// Recomputes the chain over <paramref name="entries"/> in order. Reports the first entry whose sequence is out of
    /// order, whose previous hash does not match its predecessor's hash, or whose own hash does not match its fields.
    /// </summary>
    public static LedgerVerification Verify(string companyId, IEnumerable<LedgerEntry> entries)
    {
        var expectedPrevious = HashChain.Genesis;
        long expectedSequence = 1;
        long count = 0;
        string? head = null;
        foreach (var e in entries)
        {
            count++;
            if (e.CompanyId != companyId)
                return new(companyId, count, e.Sequence, $"entry {e.Sequence} belongs to company '{e.CompanyId}', not '{companyId}'", head);
            if (e.Sequence != expectedSequence)
                return new(companyId, count, e.Sequence, $"expected sequence {expectedSequence} but found {e.Sequence} (an entry is missing or out of order)", head);
            if (e.PreviousHash != expectedPrevious)
                return new(companyId, count, e.Sequence, $"entry {e.Sequence} names previous hash {Short(e.PreviousHash)} but entry {e.Sequence - 1} hashes to {Short(expectedPrevious)}", head);
            var recomputed = HashChain.Compute(e.CompanyId, e.Sequence, e.EventType, e.EffectiveOn, e.RecordedAt, e.Actor,
                e.IdempotencyKey, e.Command, e.Payload, e.PreviousHash);
            if (recomputed != e.Hash)
                return new(companyId, count, e.Sequence, $"entry {e.Sequence} ({e.EventType}) was altered: its fields hash to {Short(recomputed)}, not the stored {Short(e.Hash)}", head);
            expectedPrevious = e.Hash;
            head = e.Hash;
            expectedSequence++;
        }
        return new(companyId, count, null, null, head);
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}
