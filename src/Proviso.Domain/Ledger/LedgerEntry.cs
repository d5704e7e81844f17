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
    private string? _payload = Payload;
    private LedgerEvent? _event;
    private HashText _previousHash = HashText.Of(PreviousHash);
    private HashText _hash = HashText.Of(Hash);

    /// <summary>The previous entry's <see cref="Hash"/> (<see cref="HashChain.Genesis"/> for the first).</summary>
    public string PreviousHash
    {
        get => _previousHash.ToString();
        init => _previousHash = HashText.Of(value);
    }

    /// <summary>
    /// SHA-256 over the entry's canonical bytes and <see cref="PreviousHash"/>, as 64 lowercase hex digits (kept as its
    /// 32 bytes, and written out when asked for).
    /// </summary>
    public string Hash
    {
        get => _hash.ToString();
        init => _hash = HashText.Of(value);
    }

    /// <summary>
    /// The event's canonical JSON, as stored and hashed. An entry made by <see cref="HoldingEvent"/> keeps its event
    /// instead and writes this text from it when asked for (the same text: the codec's output for that event).
    /// </summary>
    public string Payload
    {
        get => _payload ?? EventCodec.Serialize(_event!);
        init
        {
            _payload = value;
            _event = null;
        }
    }

    /// <summary>
    /// This entry holding <paramref name="decoded"/> in place of its payload text, for a ledger kept in memory that keeps
    /// the event anyway: the payload is the larger part of an entry, and an election's event is a third of its size.
    /// Only for the event this entry's payload was written from (<see cref="EventCodec.ToEntry"/>), whose serialisation
    /// is that payload; equal to this entry.
    /// </summary>
    public LedgerEntry HoldingEvent(LedgerEvent decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        var copy = this with { };
        copy._payload = null;
        copy._event = decoded;
        return copy;
    }

    /// <summary>Equal when every stored field is (the payload compared as text, however each entry holds it).</summary>
    public bool Equals(LedgerEntry? other) =>
        other is not null && (ReferenceEquals(this, other) ||
        (Sequence == other.Sequence && CompanyId == other.CompanyId && _hash.Equals(other._hash) && _previousHash.Equals(other._previousHash)
         && EventType == other.EventType && EffectiveOn == other.EffectiveOn && RecordedAt == other.RecordedAt && Actor == other.Actor
         && IdempotencyKey == other.IdempotencyKey && Command == other.Command
         && ((_event is not null && ReferenceEquals(_event, other._event)) || Payload == other.Payload)));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CompanyId, Sequence, _hash);

    public static LedgerEntry Seal(string companyId, long sequence, NewLedgerEntry entry, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        return Seal(companyId, sequence, entry, previousHash, HashText.Of(previousHash));
    }

    /// <summary>
    /// <paramref name="entry"/> sealed as the entry after <paramref name="previous"/> (of the same company, the next
    /// sequence, chained to its hash): the same entry as <see cref="Seal(string, long, NewLedgerEntry, string)"/> with
    /// those values, without writing the previous hash out as a string.
    /// </summary>
    public static LedgerEntry SealAfter(LedgerEntry previous, NewLedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(previous);
        Span<char> text = stackalloc char[64];
        return previous._hash.TryFormat(text, out var length)
            ? Seal(previous.CompanyId, checked(previous.Sequence + 1), entry, text[..length], previous._hash)
            : Seal(previous.CompanyId, checked(previous.Sequence + 1), entry, previous.Hash);
    }

    private static LedgerEntry Seal(string companyId, long sequence, NewLedgerEntry entry, ReadOnlySpan<char> previousText, HashText previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Span<byte> hash = stackalloc byte[32];
        HashChain.Compute(companyId, sequence, entry.EventType, entry.EffectiveOn, entry.RecordedAt, entry.Actor,
            entry.IdempotencyKey, entry.Command, entry.Payload, previousText, hash);
        return new LedgerEntry(companyId, sequence, entry, previousHash, HashText.Of(hash));
    }

    /// <summary>A sealed entry with its hashes given as they are kept (the texts are not parsed again).</summary>
    private LedgerEntry(string companyId, long sequence, NewLedgerEntry entry, HashText previousHash, HashText hash)
        : this(companyId, sequence, entry.EventType, entry.EffectiveOn, entry.RecordedAt, entry.Actor, entry.IdempotencyKey, entry.Command, entry.Payload, "", "")
    {
        _previousHash = previousHash;
        _hash = hash;
    }

    /// <summary>Writes <see cref="Hash"/> into <paramref name="destination"/> (64 characters for any hash this code computed); false if it does not fit.</summary>
    public bool TryFormatHash(Span<char> destination, out int charsWritten) => _hash.TryFormat(destination, out charsWritten);

    /// <summary>Writes <see cref="PreviousHash"/> into <paramref name="destination"/>, as <see cref="TryFormatHash"/> does.</summary>
    public bool TryFormatPreviousHash(Span<char> destination, out int charsWritten) => _previousHash.TryFormat(destination, out charsWritten);
}
