using System.Buffers;
using System.Text;
using System.Text.Json;
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
/// takes only a payload it fully understands: every property one the writer writes, each at most once, of the token
/// type the writer writes, every required one present, dates, share counts and money in their canonical form, and
/// nothing after the object. It then builds exactly the record the general path would. Anything else (an unknown or
/// repeated property, a null where a value is due, a number that is not a whole share count, malformed JSON) returns
/// null and goes to the general path, which reads it or reports it as it always has: the fast path never decides
/// what a payload means on its own. Tests compare the two paths on generated payloads.
/// </remarks>
public static partial class EventCodec
{
    private const int StackLimit = 1024;

    // As strict as the serializer's own transcoding: a payload that is not valid UTF-16 (a lone surrogate) is not read
    // here but left to the general path, which reports it.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The event read by the fast path, or null for the general path to read.</summary>
    internal static LedgerEvent? TryReadCanonical(string eventType, string payload)
    {
        if (!ReferenceEquals(eventType, nameof(SharesTransferred)) && eventType != nameof(SharesTransferred)) return null;
        var max = StrictUtf8.GetMaxByteCount(payload.Length);
        byte[]? rented = null;
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = StrictUtf8.GetBytes(payload, buffer);
            return ReadTransfer(buffer[..length]);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A value of another token type than the one asked for: the general path reports it.
            return null;
        }
        catch (ArgumentException)
        {
            // Not valid UTF-16 (EncoderFallbackException): the general path reports it.
            return null;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    [Flags]
    private enum TransferProperty
    {
        From = 1, To = 2, Class = 4, Shares = 8, Sources = 16, New = 32, Balance = 64, Consideration = 128, Reference = 256, EffectiveOn = 512,
        Required = From | To | Class | Shares | Sources | New | EffectiveOn,
    }

    private static SharesTransferred? ReadTransfer(ReadOnlySpan<byte> json)
    {
        var r = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return null;
        string? from = null, to = null, cls = null, newId = null, balanceId = null, reference = null;
        long shares = 0;
        IReadOnlyList<CertificatePortion>? sources = null;
        Money? consideration = null;
        LocalDate effectiveOn = default;
        TransferProperty seen = 0;
        while (true)
        {
            if (!r.Read()) return null;
            if (r.TokenType == JsonTokenType.EndObject) break;
            var property = PropertyOf(ref r);
            if (property == 0 || (seen & property) != 0 || !r.Read()) return null;
            seen |= property;
            switch (property)
            {
                case TransferProperty.From when r.TokenType == JsonTokenType.String: from = r.GetString(); break;
                case TransferProperty.To when r.TokenType == JsonTokenType.String: to = r.GetString(); break;
                case TransferProperty.Class when r.TokenType == JsonTokenType.String: cls = r.GetString(); break;
                case TransferProperty.New when r.TokenType == JsonTokenType.String: newId = r.GetString(); break;
                case TransferProperty.Balance when r.TokenType == JsonTokenType.String: balanceId = r.GetString(); break;
                case TransferProperty.Balance when r.TokenType == JsonTokenType.Null: break;
                case TransferProperty.Reference when r.TokenType == JsonTokenType.String: reference = r.GetString(); break;
                case TransferProperty.Reference when r.TokenType == JsonTokenType.Null: break;
                case TransferProperty.Consideration when r.TokenType == JsonTokenType.Null: break;
                case TransferProperty.Consideration when r.TokenType == JsonTokenType.String && !r.ValueIsEscaped && !r.HasValueSequence:
                    if (!MoneyConverter.TryReadCanonical(r.ValueSpan, out var money)) return null;
                    consideration = money;
                    break;
                case TransferProperty.Shares when r.TokenType == JsonTokenType.Number:
                    if (!r.TryGetInt64(out shares)) return null;
                    break;
                case TransferProperty.EffectiveOn when r.TokenType == JsonTokenType.String && !r.ValueIsEscaped && !r.HasValueSequence:
                    if (!LocalDateConverter.TryReadIsoDate(r.ValueSpan, out effectiveOn)) return null;
                    break;
                case TransferProperty.Sources when r.TokenType == JsonTokenType.StartArray:
                    sources = ReadPortions(ref r);
                    if (sources is null) return null;
                    break;
                default:
                    return null;
            }
        }
        if ((seen & TransferProperty.Required) != TransferProperty.Required || r.Read()) return null;
        return new SharesTransferred(from!, to!, cls!, new ShareCount(shares), sources!, newId!, balanceId, consideration, reference) { EffectiveOn = effectiveOn };
    }

    private static TransferProperty PropertyOf(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.PropertyName) return 0;
        if (r.ValueTextEquals("fromHolderId"u8)) return TransferProperty.From;
        if (r.ValueTextEquals("toHolderId"u8)) return TransferProperty.To;
        if (r.ValueTextEquals("classId"u8)) return TransferProperty.Class;
        if (r.ValueTextEquals("shares"u8)) return TransferProperty.Shares;
        if (r.ValueTextEquals("sourceCertificates"u8)) return TransferProperty.Sources;
        if (r.ValueTextEquals("newCertificateId"u8)) return TransferProperty.New;
        if (r.ValueTextEquals("balanceCertificateId"u8)) return TransferProperty.Balance;
        if (r.ValueTextEquals("consideration"u8)) return TransferProperty.Consideration;
        if (r.ValueTextEquals("reference"u8)) return TransferProperty.Reference;
        if (r.ValueTextEquals("effectiveOn"u8)) return TransferProperty.EffectiveOn;
        return 0;
    }

    /// <summary>
    /// The array of {"certificateId": "...", "shares": n} objects (the reader on its start), or null if it is not exactly
    /// that. Most transfers name one certificate: a one-element array then, not a list around one.
    /// </summary>
    private static IReadOnlyList<CertificatePortion>? ReadPortions(ref Utf8JsonReader r)
    {
        CertificatePortion? first = null;
        List<CertificatePortion>? more = null;
        while (true)
        {
            if (!r.Read()) return null;
            if (r.TokenType == JsonTokenType.EndArray) return more ?? (first is null ? [] : [first]);
            if (r.TokenType != JsonTokenType.StartObject) return null;
            string? id = null;
            long? shares = null;
            while (true)
            {
                if (!r.Read()) return null;
                if (r.TokenType == JsonTokenType.EndObject) break;
                if (r.TokenType != JsonTokenType.PropertyName) return null;
                if (r.ValueTextEquals("certificateId"u8))
                {
                    if (id is not null || !r.Read() || r.TokenType != JsonTokenType.String) return null;
                    id = r.GetString();
                }
                else if (r.ValueTextEquals("shares"u8))
                {
                    if (shares is not null || !r.Read() || r.TokenType != JsonTokenType.Number || !r.TryGetInt64(out var n)) return null;
                    shares = n;
                }
                else
                {
                    return null;
                }
            }
            if (id is null || shares is null) return null;
            var portion = new CertificatePortion(id, new ShareCount(shares.Value));
            if (first is null) first = portion;
            else (more ??= [first]).Add(portion);
        }
    }
}
