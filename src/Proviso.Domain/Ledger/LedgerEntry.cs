using NodaTime;

namespace Proviso.Domain.Ledger;

/// <summary>
/// An event as it is submitted to a company's ledger: what happened (<see cref="EventType"/> and its canonical JSON
/// <see cref="Payload"/>), when it takes effect (<see cref="EffectiveOn"/>), when it was recorded, by whom, under which
/// idempotency key and because of which command. The store assigns the sequence number and the hashes.
/// </summary>
public sealed record NewLedgerEntry(
    string EventType,
    LocalDate? EffectiveOn,
    Instant RecordedAt,
    string Actor,
    string? IdempotencyKey,
    string? Command,
    string Payload);

/// <summary>
/// One stored entry of a company's append-only ledger. <see cref="Sequence"/> starts at 1 and has no gaps.
/// <see cref="Hash"/> is SHA-256 over the entry's canonical bytes and the previous entry's hash (see <see cref="HashChain"/>),
/// so altering any stored field of any entry breaks the chain from that entry on.
/// </summary>
public sealed record LedgerEntry(
    string CompanyId,
    long Sequence,
    string EventType,
    LocalDate? EffectiveOn,
    Instant RecordedAt,
    string Actor,
    string? IdempotencyKey,
    string? Command,
    string Payload,
    string PreviousHash,
    string Hash)
{
    public static LedgerEntry Seal(string companyId, long sequence, NewLedgerEntry entry, string previousHash) =>
        new(companyId, sequence, entry.EventType, entry.EffectiveOn, entry.RecordedAt, entry.Actor,
            entry.IdempotencyKey, entry.Command, entry.Payload, previousHash,
            HashChain.Compute(companyId, sequence, entry.EventType, entry.EffectiveOn, entry.RecordedAt, entry.Actor,
                entry.IdempotencyKey, entry.Command, entry.Payload, previousHash));
}
