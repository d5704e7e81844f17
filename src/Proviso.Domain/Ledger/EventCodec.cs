using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NodaTime;
using NodaTime.Text;
using Proviso.Domain.Quantities;

namespace Proviso.Domain.Ledger;

/// <summary>
/// Turns ledger events into their stored form and back: the event type is the record's name ("SharesIssued"), the
/// payload is JSON with camelCase properties in declaration order, dates as ISO text, fractions as "n/d" text, share
/// counts as integers and money as "USD 1234.50". The stored text is what the hash chain covers, so it is never
/// re-serialised for verification.
/// </summary>
public static partial class EventCodec
{
    private static readonly FrozenDictionary<string, Type> TypesByName = typeof(LedgerEvent).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(LedgerEvent).IsAssignableFrom(t))
        .ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    public static readonly JsonSerializerOptions Options = CreateOptions();

    // The serializer's metadata for each event type, resolved once: reading an entry is then one dictionary lookup by
    // type name instead of a type lookup plus the options' own cache lookup (replay reads a million of them).
    private static readonly FrozenDictionary<string, JsonTypeInfo> TypeInfosByName =
        TypesByName.ToFrozenDictionary(x => x.Key, x => Options.GetTypeInfo(x.Value), StringComparer.Ordinal);

    public static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = false,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        o.Converters.Add(new LocalDateConverter());
        o.Converters.Add(new LocalTimeConverter());
        o.Converters.Add(new InstantConverter());
        o.Converters.Add(new FractionConverter());
        o.Converters.Add(new ShareCountConverter());
        o.Converters.Add(new MoneyConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    public static IEnumerable<string> KnownEventTypes => TypesByName.Keys;

    public static string TypeName(LedgerEvent e) => e.GetType().Name;

    public static string Serialize(LedgerEvent e) =>
        TypeInfosByName.TryGetValue(e.GetType().Name, out var typeInfo) && typeInfo.Type == e.GetType()
            ? JsonSerializer.Serialize(e, typeInfo)
            : JsonSerializer.Serialize(e, e.GetType(), Options);

    public static NewLedgerEntry ToEntry(LedgerEvent e, Instant recordedAt, string actor, string? idempotencyKey, string? command) =>
        new(TypeName(e), e.EffectiveOn, recordedAt, actor, idempotencyKey, command, Serialize(e));

    /// <summary>Reads an event back; throws <see cref="LedgerFormatException"/> naming the entry if the type is unknown or the payload malformed.</summary>
    public static LedgerEvent Deserialize(string eventType, string payload, long sequence = 0)
    {
        if (!TypeInfosByName.TryGetValue(eventType, out var typeInfo))
            throw new LedgerFormatException($"ledger entry {sequence}: unknown event type '{eventType}'");
        if (TryReadCanonical(eventType, payload) is { } canonical) return canonical;
        try
        {
            return (LedgerEvent)(JsonSerializer.Deserialize(payload, typeInfo)
                                 ?? throw new LedgerFormatException($"ledger entry {sequence}: empty {eventType} payload"));
        }
        catch (JsonException ex)
        {
            throw new LedgerFormatException($"ledger entry {sequence}: malformed {eventType} payload: {ex.Message}");
        }
    }

    public static LedgerEvent Deserialize(LedgerEntry entry) => Deserialize(entry.EventType, entry.Payload, entry.Sequence);

    private sealed class LocalDateConverter : JsonConverter<LocalDate>
    {
        public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            // Fast path for what Write produces, "yyyy-MM-dd" with a valid date and a year from 1 to 9999: the same value
            // the ISO pattern parses, without allocating the string. Anything else takes the pattern (and its errors).
            if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
                && TryReadIsoDate(reader.ValueSpan, out var date))
                return date;
            var r = LocalDatePattern.Iso.Parse(reader.GetString() ?? "");
            return r.Success ? r.Value : throw new JsonException($"expected a date yyyy-MM-dd: {r.Exception.Message}");
        }

        public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options)
        {
            Span<char> text = stackalloc char[Time.IsoText.MaxDateLength]; // as LocalDatePattern.Iso writes it
            writer.WriteStringValue(text[..Time.IsoText.Format(value, text)]);
        }

        internal static bool TryReadIsoDate(ReadOnlySpan<byte> s, out LocalDate date)
        {
            date = default;
            if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-') return false;
            if (!TryDigits(s[..4], out var year) || !TryDigits(s.Slice(5, 2), out var month) || !TryDigits(s.Slice(8, 2), out var day)) return false;
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month)) return false;
            date = new LocalDate(year, month, day);
            return true;
        }

        private static bool TryDigits(ReadOnlySpan<byte> s, out int value)
        {
            value = 0;
            foreach (var b in s)
            {
                var digit = b - (byte)'0';
                if (unchecked((uint)digit) > 9) return false;
                value = value * 10 + digit;
            }
            return true;
        }
    }

    private sealed class LocalTimeConverter : JsonConverter<LocalTime>
    {
        public override LocalTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var r = LocalTimePattern.ExtendedIso.Parse(reader.GetString() ?? "");
            return r.Success ? r.Value : throw new JsonException($"expected a time HH:mm: {r.Exception.Message}");
        }

        public override void Write(Utf8JsonWriter writer, LocalTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(LocalTimePattern.ExtendedIso.Format(value));
    }

    private sealed class InstantConverter : JsonConverter<Instant>
    {
        public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var r = InstantPattern.ExtendedIso.Parse(reader.GetString() ?? "");
            return r.Success ? r.Value : throw new JsonException($"expected an instant: {r.Exception.Message}");
        }

        public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options)
        {
            Span<char> text = stackalloc char[Time.IsoText.MaxInstantLength]; // as InstantPattern.ExtendedIso writes it
            writer.WriteStringValue(text[..Time.IsoText.Format(value, text)]);
        }
    }

    private sealed class FractionConverter : JsonConverter<Fraction>
    {
        public override Fraction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number) return Fraction.Of(reader.GetInt64());
            return Fraction.TryParse(reader.GetString(), out var f) ? f : throw new JsonException("expected an exact fraction n/d");
        }

        public override void Write(Utf8JsonWriter writer, Fraction value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    private sealed class ShareCountConverter : JsonConverter<ShareCount>
    {
        public override ShareCount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt64());

        public override void Write(Utf8JsonWriter writer, ShareCount value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
    }

    private sealed class MoneyConverter : JsonConverter<Money>
    {
        // One Currency per code for everything this codec reads (Currency is an immutable record compared by value), so a
        // replayed ledger does not hold a separate copy of "USD" for every amount in it.
        private static readonly FrozenDictionary<string, Currency> Currencies =
            Currency.SupportedCodes.ToFrozenDictionary(c => c, Currency.Of, StringComparer.Ordinal);

        public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            // Fast path for what Write produces, "CUR amount" (a supported code, one space, an optionally signed decimal
            // without grouping): parsed from the UTF-8 bytes with the same number rules. Anything else takes Money.TryParse.
            if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
                && TryReadCanonical(reader.ValueSpan, out var fast))
                return fast;
            return Money.TryParse(reader.GetString(), out var m) ? m : throw new JsonException("expected money as 'CUR amount'");
        }

        internal static bool TryReadCanonical(ReadOnlySpan<byte> s, out Money money)
        {
            money = default;
            if (s.Length < 5 || s[3] != (byte)' ') return false;
            var number = s[4..];
            var start = number[0] == (byte)'-' ? 1 : 0;
            var digits = 0;
            var points = 0;
            for (var i = start; i < number.Length; i++)
            {
                var b = number[i];
                if (b == (byte)'.') { points++; continue; }
                if (unchecked((uint)(b - (byte)'0')) > 9) return false;
                digits++;
            }
            if (digits == 0 || points > 1) return false;
            Span<char> code = stackalloc char[3];
            for (var i = 0; i < 3; i++)
            {
                if (s[i] is < (byte)'A' or > (byte)'Z') return false;
                code[i] = (char)s[i];
            }
            var lookup = Currencies.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(code, out var currency)) return false;
            if (!decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) return false;
            money = new Money(amount, currency);
            return true;
        }

        public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Currency.Code + " " + value.Amount.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>A stored entry that cannot be read back as an event (unknown type, malformed payload).</summary>
public sealed class LedgerFormatException(string message) : Exception(message);
