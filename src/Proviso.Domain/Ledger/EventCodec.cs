using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
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
public static class EventCodec
{
    private static readonly FrozenDictionary<string, Type> TypesByName = typeof(LedgerEvent).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(LedgerEvent).IsAssignableFrom(t))
        .ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    public static readonly JsonSerializerOptions Options = CreateOptions();

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

    public static string Serialize(LedgerEvent e) => JsonSerializer.Serialize(e, e.GetType(), Options);

    public static NewLedgerEntry ToEntry(LedgerEvent e, Instant recordedAt, string actor, string? idempotencyKey, string? command) =>
        new(TypeName(e), e.EffectiveOn, recordedAt, actor, idempotencyKey, command, Serialize(e));

    /// <summary>Reads an event back; throws <see cref="LedgerFormatException"/> naming the entry if the type is unknown or the payload malformed.</summary>
    public static LedgerEvent Deserialize(string eventType, string payload, long sequence = 0)
    {
        if (!TypesByName.TryGetValue(eventType, out var type))
            throw new LedgerFormatException($"ledger entry {sequence}: unknown event type '{eventType}'");
        try
        {
            return (LedgerEvent)(JsonSerializer.Deserialize(payload, type, Options)
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
            var r = LocalDatePattern.Iso.Parse(reader.GetString() ?? "");
            return r.Success ? r.Value : throw new JsonException($"expected a date yyyy-MM-dd: {r.Exception.Message}");
        }

        public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
            writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
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

        public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
            writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
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
        public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Money.TryParse(reader.GetString(), out var m) ? m : throw new JsonException("expected money as 'CUR amount'");

        public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Currency.Code + " " + value.Amount.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>A stored entry that cannot be read back as an event (unknown type, malformed payload).</summary>
public sealed class LedgerFormatException(string message) : Exception(message);
