using System.Buffers.Binary;

namespace Proviso.Domain.Ledger;

/// <summary>
/// A ledger hash as an entry keeps it: the 32 bytes of a SHA-256 in the canonical text's place (64 lowercase hex
/// digits, as <see cref="HashChain"/> writes them), inline in the entry rather than a 64-character string beside it;
/// any other text (a hash from a damaged or foreign store, which verification must report as it is) is kept as given.
/// <see cref="ToString"/> gives the text back exactly.
/// </summary>
internal readonly struct HashText : IEquatable<HashText>
{
    private const int Length = 64;
    private readonly ulong _a, _b, _c, _d;
    private readonly string? _other;

    private HashText(ulong a, ulong b, ulong c, ulong d, string? other)
    {
        (_a, _b, _c, _d) = (a, b, c, d);
        _other = other;
    }

    public static HashText Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != Length) return new(0, 0, 0, 0, text);
        Span<byte> bytes = stackalloc byte[Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var high = Digit(text[2 * i]);
            var low = Digit(text[2 * i + 1]);
            if ((high | low) < 0) return new(0, 0, 0, 0, text);
            bytes[i] = (byte)(high << 4 | low);
        }
        return Of(bytes);
    }

    /// <summary>A SHA-256 digest (32 bytes), whose text is its 64 lowercase hex digits.</summary>
    public static HashText Of(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != Length / 2) throw new ArgumentException("a hash is 32 bytes", nameof(digest));
        return new(BinaryPrimitives.ReadUInt64BigEndian(digest), BinaryPrimitives.ReadUInt64BigEndian(digest[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(digest[16..]), BinaryPrimitives.ReadUInt64BigEndian(digest[24..]), null);
    }

    /// <summary>
    /// Writes the text (what <see cref="ToString"/> returns) into <paramref name="destination"/>; false, with nothing
    /// written, if it does not fit.
    /// </summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        if (_other is not null)
        {
            charsWritten = _other.Length;
            if (!_other.AsSpan().TryCopyTo(destination))
            {
                charsWritten = 0;
                return false;
            }
            return true;
        }
        Span<byte> bytes = stackalloc byte[Length / 2];
        WriteBytes(bytes);
        return Convert.TryToHexStringLower(bytes, destination, out charsWritten);
    }

    /// <summary>The 32 bytes of a canonical hash, in order.</summary>
    private void WriteBytes(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _a);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], _d);
    }

    /// <summary>A lowercase hex digit's value; -1 for anything else (an uppercase digit too: its text would not come back).</summary>
    private static int Digit(char c) => c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : -1;

    public override string ToString()
    {
        if (_other is not null) return _other;
        Span<byte> bytes = stackalloc byte[Length / 2];
        WriteBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public bool Equals(HashText other) =>
        _other is null ? other._other is null && _a == other._a && _b == other._b && _c == other._c && _d == other._d
        : string.Equals(_other, other._other, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is HashText h && Equals(h);

    public override int GetHashCode() => _other?.GetHashCode(StringComparison.Ordinal) ?? HashCode.Combine(_a, _d);
}
