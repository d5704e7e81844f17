using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using NodaTime;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register.Events;

namespace Proviso.Domain.Ledger;

/// <summary>
/// A hand-written reader for the commonest stored event, <see cref="SharesTransferred"/> (nine in ten entries of a
/// long history), in the form <see cref="Serialize"/> writes it.
/// </summary>
/// <remarks>
/// The general path (the serializer's metadata-driven reader) is most of the cost of loading a ledger. This reader
/// takes only a payload it fully understands: one JSON object without whitespace, every property one the writer
/// writes, each at most once, of the token type the writer writes, every required one present, strings without
/// escapes, control characters or surrogates, dates, share counts and money in their canonical form, and nothing
/// after the object. It reads the payload text in place (<see cref="StoredTransfer"/>: where each field lies), so that
/// a bulk load can apply a transfer without building the record (<see cref="Register.Register"/>), and builds exactly
/// the record the general path would when asked. Anything else (an unknown or repeated property, a null where a value is
/// due, a number that is not a whole share count, an escaped string, malformed JSON) is not read here and goes to the
/// general path, which reads it or reports it as it always has: the fast path never decides what a payload means on
/// its own. Tests compare the two paths on generated payloads.
/// </remarks>
public static partial class EventCodec
{
    /// <summary>The event read by a fast path (a transfer, a holder's registration), or null for the general path to read.</summary>
    internal static LedgerEvent? TryReadCanonical(string eventType, string payload)
    {
        if (IsTransfer(eventType)) return TryReadStoredTransfer(payload, out var t) ? t.ToEvent() : null;
        return IsHolderRegistered(eventType) ? TryReadHolderRegistered(payload) : null;
    }

    internal static bool IsTransfer(string eventType) =>
        ReferenceEquals(eventType, nameof(SharesTransferred)) || eventType == nameof(SharesTransferred);

    [Flags]
    private enum TransferProperty
    {
        From = 1, To = 2, Class = 4, Shares = 8, Sources = 16, New = 32, Balance = 64, Consideration = 128, Reference = 256, EffectiveOn = 512,
        Required = From | To | Class | Shares | Sources | New | EffectiveOn,
    }

    /// <summary>Reads a <see cref="SharesTransferred"/> payload in the codec's form in place; false for the general path to read it.</summary>
    internal static bool TryReadStoredTransfer(string payload, out StoredTransfer transfer)
    {
        transfer = new StoredTransfer { Payload = payload };
        var s = payload.AsSpan();
        if (s.Length == 0 || s[0] != '{') return false;
        var i = 1;
        TransferProperty seen = 0;
        while (true)
        {
            if (!TryReadString(s, ref i, out var name) || !Next(s, ref i, ':')) return false;
            var property = PropertyOf(s[name]);
            if (property == 0 || (seen & property) != 0) return false;
            seen |= property;
            switch (property)
            {
                case TransferProperty.From:
                    if (!TryReadString(s, ref i, out transfer.From)) return false;
                    break;
                case TransferProperty.To:
                    if (!TryReadString(s, ref i, out transfer.To)) return false;
                    break;
                case TransferProperty.Class:
                    if (!TryReadString(s, ref i, out transfer.Class)) return false;
                    break;
                case TransferProperty.New:
                    if (!TryReadString(s, ref i, out transfer.New)) return false;
                    break;
                case TransferProperty.Balance:
                    if (!TryReadOptionalString(s, ref i, out transfer.Balance)) return false;
                    break;
                case TransferProperty.Reference:
                    if (!TryReadOptionalString(s, ref i, out transfer.Reference)) return false;
                    break;
                case TransferProperty.Consideration:
                    if (!TryReadOptionalString(s, ref i, out transfer.Consideration)
                        || (transfer.Consideration is { } money && !TryReadMoney(s[money], out _))) return false;
                    break;
                case TransferProperty.Shares:
                    if (!TryReadInteger(s, ref i, out transfer.Shares)) return false;
                    break;
                case TransferProperty.EffectiveOn:
                    if (!TryReadString(s, ref i, out var date) || !TryReadDate(s[date], out transfer.EffectiveOn)) return false;
                    break;
                case TransferProperty.Sources:
                    if (!TryReadPortions(s, ref i, ref transfer)) return false;
                    break;
            }
            if (Next(s, ref i, ',')) continue;
            if (Next(s, ref i, '}')) break;
            return false;
        }
        return (seen & TransferProperty.Required) == TransferProperty.Required && i == s.Length;
    }

    private static TransferProperty PropertyOf(ReadOnlySpan<char> name) => name switch
    {
        "fromHolderId" => TransferProperty.From,
        "toHolderId" => TransferProperty.To,
        "classId" => TransferProperty.Class,
        "shares" => TransferProperty.Shares,
        "sourceCertificates" => TransferProperty.Sources,
        "newCertificateId" => TransferProperty.New,
        "balanceCertificateId" => TransferProperty.Balance,
        "consideration" => TransferProperty.Consideration,
        "reference" => TransferProperty.Reference,
        "effectiveOn" => TransferProperty.EffectiveOn,
        _ => 0,
    };

    private static bool Next(ReadOnlySpan<char> s, ref int i, char expected)
    {
        if (i >= s.Length || s[i] != expected) return false;
        i++;
        return true;
    }

    /// <summary>
    /// A string token at <paramref name="i"/> whose text is its value as is: no escape, no control character (which JSON
    /// does not allow unescaped) and no surrogate (a lone one is an error the general path reports).
    /// </summary>
    private static bool TryReadString(ReadOnlySpan<char> s, ref int i, out Range value)
    {
        value = default;
        if (!Next(s, ref i, '"')) return false;
        // Ids are short: one pass over the characters, rather than a search for each kind.
        for (var end = i; end < s.Length; end++)
        {
            var c = s[end];
            if (c == '"')
            {
                value = i..end;
                i = end + 1;
                return true;
            }
            if (c == '\\' || c < ' ' || char.IsSurrogate(c)) return false;
        }
        return false;
    }

    private static bool TryReadOptionalString(ReadOnlySpan<char> s, ref int i, out Range? value)
    {
        value = null;
        if (s[i..].StartsWith("null"))
        {
            i += 4;
            return true;
        }
        if (!TryReadString(s, ref i, out var text)) return false;
        value = text;
        return true;
    }

    /// <summary>
    /// A JSON integer that fits a long (what the serializer's share count reads). A fraction or an exponent stops it
    /// short of the ',' or '}' the caller expects next, so the payload is left to the general path.
    /// </summary>
    private static bool TryReadInteger(ReadOnlySpan<char> s, ref int i, out long value)
    {
        value = 0;
        var start = i;
        if (i < s.Length && s[i] == '-') i++;
        var digits = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i == digits || (s[digits] == '0' && i > digits + 1)) return false;
        // Up to 18 digits cannot overflow; longer numbers are left to the framework's range check.
        if (i - digits > 18) return long.TryParse(s[start..i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        for (var k = digits; k < i; k++) value = value * 10 + (s[k] - '0');
        if (digits > start) value = -value;
        return true;
    }

    private static bool TryReadDate(ReadOnlySpan<char> text, out LocalDate date)
    {
        date = default;
        Span<byte> ascii = stackalloc byte[10];
        return text.Length == ascii.Length && Ascii.FromUtf16(text, ascii, out _) == OperationStatus.Done
               && LocalDateConverter.TryReadIsoDate(ascii, out date);
    }

    internal static bool TryReadMoney(ReadOnlySpan<char> text, out Money money)
    {
        money = default;
        // Longer than any amount a decimal holds: left to the general path.
        Span<byte> ascii = stackalloc byte[64];
        return text.Length <= ascii.Length && Ascii.FromUtf16(text, ascii, out var length) == OperationStatus.Done
               && MoneyConverter.TryReadCanonical(ascii[..length], out money);
    }

    /// <summary>
    /// The array of {"certificateId": "...", "shares": n} objects: where its elements lie, how many there are, and the
    /// first of them (<see cref="StoredTransfer.FirstPortions"/>).
    /// </summary>
    private static bool TryReadPortions(ReadOnlySpan<char> s, ref int i, ref StoredTransfer transfer)
    {
        if (!Next(s, ref i, '[')) return false;
        var start = i;
        if (Next(s, ref i, ']'))
        {
            transfer.Portions = start..start;
            return true;
        }
        while (true)
        {
            if (!TryReadPortion(s, ref i, out var id, out var shares)) return false;
            if (transfer.PortionCount < StoredPortions.Length) transfer.FirstPortions[transfer.PortionCount] = new StoredPortion(id, shares);
            transfer.PortionCount++;
            if (Next(s, ref i, ',')) continue;
            if (!Next(s, ref i, ']')) return false;
            transfer.Portions = start..(i - 1);
            return true;
        }
    }

    /// <summary>One {"certificateId": "...", "shares": n} object, its properties in either order.</summary>
    private static bool TryReadPortion(ReadOnlySpan<char> s, ref int i, out Range id, out long shares)
    {
        id = default;
        shares = 0;
        if (!Next(s, ref i, '{')) return false;
        bool hasId = false, hasShares = false;
        while (true)
        {
            if (!TryReadString(s, ref i, out var name) || !Next(s, ref i, ':')) return false;
            switch (s[name])
            {
                case "certificateId" when !hasId:
                    if (!TryReadString(s, ref i, out id)) return false;
                    hasId = true;
                    break;
                case "shares" when !hasShares:
                    if (!TryReadInteger(s, ref i, out shares)) return false;
                    hasShares = true;
                    break;
                default:
                    return false;
            }
            if (Next(s, ref i, ',')) continue;
            return Next(s, ref i, '}') && hasId && hasShares;
        }
    }

    /// <summary>
    /// The source certificates of a stored transfer that <see cref="TryReadStoredTransfer"/> has read: the next one from
    /// <paramref name="i"/> (advanced past it and its comma) before <paramref name="end"/>; false at the end.
    /// </summary>
    internal static bool NextPortion(ReadOnlySpan<char> payload, int end, ref int i, out Range id, out long shares)
    {
        id = default;
        shares = 0;
        if (i >= end) return false;
        if (!TryReadPortion(payload, ref i, out id, out shares)) throw new InvalidOperationException("a portion not read by TryReadStoredTransfer");
        if (i < end) Next(payload, ref i, ',');
        return true;
    }
}

/// <summary>
/// A <see cref="SharesTransferred"/> payload in the codec's form, read in place: where each field lies in the payload
/// text (<see cref="EventCodec.TryReadStoredTransfer"/> has checked every one).
/// </summary>
internal struct StoredTransfer
{
    public string Payload;
    public Range From, To, Class, New;
    public Range? Balance, Consideration, Reference;
    public long Shares;
    /// <summary>The text of the source certificates' array, between its brackets.</summary>
    public Range Portions;
    public int PortionCount;
    /// <summary>The first source certificates (all of them when <see cref="HasAllPortions"/>).</summary>
    public StoredPortions FirstPortions;
    public LocalDate EffectiveOn;

    /// <summary>Whether <see cref="FirstPortions"/> holds every source certificate (a transfer names one or two, rarely more).</summary>
    public readonly bool HasAllPortions => PortionCount <= StoredPortions.Length;

    /// <summary>The record the general path reads from the same payload.</summary>
    public readonly SharesTransferred ToEvent()
    {
        var payload = Payload;
        var portions = new CertificatePortion[PortionCount];
        var (i, end) = (Portions.Start.Value, Portions.End.Value);
        for (var k = 0; EventCodec.NextPortion(payload, end, ref i, out var id, out var shares); k++)
            portions[k] = new CertificatePortion(payload[id], new ShareCount(shares));
        Money? consideration = null;
        if (Consideration is { } text && EventCodec.TryReadMoney(payload.AsSpan(text), out var money)) consideration = money;
        return new SharesTransferred(payload[From], payload[To], payload[Class], new ShareCount(Shares), portions, payload[New],
            Balance is { } b ? payload[b] : null, consideration, Reference is { } r ? payload[r] : null) { EffectiveOn = EffectiveOn };
    }
}

/// <summary>A source certificate of a stored transfer: where its id lies in the payload, and the shares taken from it.</summary>
internal readonly record struct StoredPortion(Range Id, long Shares);

/// <summary>The first source certificates of a stored transfer, kept in place (no array for each transfer).</summary>
[InlineArray(Length)]
internal struct StoredPortions
{
    public const int Length = 4;

    private StoredPortion _first;
}
