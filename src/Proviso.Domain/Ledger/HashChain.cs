using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using Proviso.Domain.Time;

namespace Proviso.Domain.Ledger;

/// <summary>
/// The ledger's tamper evidence: each entry's hash is SHA-256 over a canonical, length-prefixed encoding of every
/// stored field plus the previous entry's hash. The first entry's previous hash is <see cref="Genesis"/>.
/// Canonical bytes: for each field in a fixed order, a 4-byte big-endian length then its UTF-8 bytes (absent
/// optional fields are written as length -1), so no two different entries share an encoding.
/// </summary>
public static class HashChain
{
    public static readonly string Genesis = new('0', 64);

    public static string Compute(
        string companyId, long sequence, string eventType, LocalDate? effectiveOn, Instant recordedAt,
        string actor, string? idempotencyKey, string? command, string payload, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Compute(companyId, sequence, eventType, effectiveOn, recordedAt, actor, idempotencyKey, command, payload, previousHash, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// The same hash as <see cref="Compute(string, long, string, LocalDate?, Instant, string, string?, string?, string, string)"/>,
    /// as its 32 bytes in <paramref name="hash"/> (the text is their lowercase hex), with the previous hash's text given
    /// as a span.
    /// </summary>
    public static void Compute(
        string companyId, long sequence, string eventType, LocalDate? effectiveOn, Instant recordedAt,
        string actor, string? idempotencyKey, string? command, string payload, ReadOnlySpan<char> previousHash, Span<byte> hash)
    {
        Span<char> number = stackalloc char[20];
        if (!sequence.TryFormat(number, out var digits, default, System.Globalization.CultureInfo.InvariantCulture)) throw new InvalidOperationException("a sequence has at most 20 digits");
        // The date and instant as LocalDatePattern.Iso and InstantPattern.ExtendedIso write them (IsoText).
        Span<char> dateText = stackalloc char[IsoText.MaxDateLength];
        var dateLength = effectiveOn is { } d ? IsoText.Format(d, dateText) : -1;
        Span<char> instantText = stackalloc char[IsoText.MaxInstantLength];
        ReadOnlySpan<char> instant = instantText[..IsoText.Format(recordedAt, instantText)];
        ReadOnlySpan<char> sequenceText = number[..digits];
        var size = Size(Version) + Size(companyId) + Size(sequenceText) + Size(eventType) + (dateLength < 0 ? 4 : Size(dateText[..dateLength])) + Size(instant) + Size(actor)
                   + Size(idempotencyKey) + Size(command) + Size(payload) + Size(previousHash);
        var rented = size > 1024 ? ArrayPool<byte>.Shared.Rent(size) : null;
        var bytes = rented is null ? stackalloc byte[size] : rented.AsSpan(0, size);
        try
        {
            var at = 0;
            Write(bytes, ref at, Version);
            Write(bytes, ref at, companyId);
            Write(bytes, ref at, sequenceText);
            Write(bytes, ref at, eventType);
            if (dateLength < 0) Write(bytes, ref at, (string?)null);
            else Write(bytes, ref at, dateText[..dateLength]);
            Write(bytes, ref at, instant);
            Write(bytes, ref at, actor);
            Write(bytes, ref at, idempotencyKey);
            Write(bytes, ref at, command);
            Write(bytes, ref at, payload);
            Write(bytes, ref at, previousHash);
            SHA256.HashData(bytes[..at], hash);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private const string Version = "proviso-ledger-v1";

    /// <summary>A field's encoded size: its 4-byte length and its UTF-8 bytes (an absent field is the length alone).</summary>
    private static int Size(ReadOnlySpan<char> value) => 4 + Encoding.UTF8.GetByteCount(value);

    private static int Size(string? value) => value is null ? 4 : Size(value.AsSpan());

    private static void Write(Span<byte> bytes, ref int at, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes[at..], -1);
            at += 4;
            return;
        }
        Write(bytes, ref at, value.AsSpan());
    }

    private static void Write(Span<byte> bytes, ref int at, ReadOnlySpan<char> value)
    {
        var length = Encoding.UTF8.GetBytes(value, bytes[(at + 4)..]);
        BinaryPrimitives.WriteInt32BigEndian(bytes[at..], length);
        at += 4 + length;
    }
}
