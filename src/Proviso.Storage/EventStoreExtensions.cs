using Proviso.Domain.Ledger;

namespace Proviso.Storage;

/// <summary>Conveniences over <see cref="IEventStore"/> that every implementation gets for free.</summary>
public static class EventStoreExtensions
{
    /// <summary>
    /// Reads the company's whole ledger and recomputes its hash chain with <see cref="LedgerVerification.Verify"/>,
    /// which names the first entry that is missing, out of order or altered. Entries are streamed from the store into
    /// the verifier one at a time, so a ledger of any length is verified without being held in memory.
    /// </summary>
    public static Task<LedgerVerification> VerifyAsync(this IEventStore store, string companyId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Task.Run(
            () => LedgerVerification.Verify(companyId, store.ReadAsync(companyId, 0, ct).ToBlockingEnumerable(ct)), ct);
    }
}
