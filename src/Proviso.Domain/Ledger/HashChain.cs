using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;

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
        using var buffer = new MemoryStream(256 + payload.Length);
        Write(buffer, "proviso-ledger-v1");
        Write(buffer, companyId);
        Write(buffer, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Write(buffer, eventType);
        Write(buffer, effectiveOn is { } d ? LocalDatePattern.Iso.Format(d) : null);
        Write(buffer, InstantPattern.ExtendedIso.Format(recordedAt));
        Write(buffer, actor);
        Write(buffer, idempotencyKey);
        Write(buffer, command);
        Write(buffer, payload);
        Write(buffer, previousHash);
        buffer.Position = 0;
        return Convert.ToHexStringLower(SHA256.HashData(buffer));
    }

    private static void Write(Stream s, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            s.Write(length);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        s.Write(length);
        s.Write(bytes);
    }
}
