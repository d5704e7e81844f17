using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Proviso.Application;
using Proviso.Application.Access;
using Proviso.Application.Ledgers;
using Proviso.Server.Auth;
using Proviso.Storage;

namespace Proviso.Server.Api;

/// <summary>
/// The checks every company endpoint makes, in order: signed in, the company exists, the caller may do this. Hands the
/// endpoint the caller and the company's ledger, or the problem to return.
/// </summary>
public static class ApiContext
{
    public sealed record Company(Caller Caller, CompanyLedger Ledger)
    {
        public string ETag => $"\"v{Ledger.Version}\"";
    }

    public static async ValueTask<(Company? Company, IResult? Problem)> OpenAsync(HttpContext http, IEventStore store, AccessService access, string companyId, Need need, string? actingFor = null)
    {
        var caller = await CompanyAccess.CheckAsync(http, access, companyId, need, actingFor);
        if (caller is null) return (null, Problems.Unauthenticated());
        if (!caller.User.IsAdministrator && !caller.User.Grants.ContainsKey(companyId))
            return (null, Problems.NotFound($"There is no company '{companyId}' you have access to.")); // no probing across companies
        var ledger = await CompanyLedger.LoadAsync(store, companyId, http.RequestAborted);
        if (!ledger.Exists) return (null, Problems.NotFound($"There is no company '{companyId}'."));
        if (!caller.Decision.Allowed) return (null, Problems.Forbidden(caller.Decision.Reason));
        http.Response.Headers.ETag = $"\"v{ledger.Version}\"";
        return (new Company(caller, ledger), null);
    }

    /// <summary>
    /// Runs commands for a company with the API's write semantics: If-Match must name the current version (412 if stale),
    /// an Idempotency-Key makes a retry change nothing, a refusal is 422 citing the rule.
    /// </summary>
    public static async Task<IResult> ExecuteAsync(HttpContext http, IEventStore store, Company company, IReadOnlyList<object> commands, NodaTime.IClock clock)
    {
        long? expected = null;
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*")
        {
            if (!ifMatch.StartsWith("\"v", StringComparison.Ordinal) || !long.TryParse(ifMatch.Trim('"')[1..], out var v))
                return Problems.BadInput($"If-Match must be an ETag this API issued, such as \"v{company.Ledger.Version}\"; found {ifMatch}");
            expected = v;
        }
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 200) return Problems.BadInput("Idempotency-Key is longer than 200 characters");
        var companyId = company.Ledger.CompanyId;
        var list = new (object Command, string? IdempotencyKey, string? Source)[commands.Count];
        for (var i = 0; i < list.Length; i++) list[i] = (commands[i], key.Length == 0 ? null : i == 0 ? $"api:{key}" : $"api:{key}#c{i}", null);
        var actor = new Actor(company.Caller.User.Username, clock.GetCurrentInstant());
        try
        {
            // Group commit (CompanyWriteQueue): this server's writes to a company are decided one after the other on the
            // ledger as it then is, so concurrent commands without If-Match are all decided instead of failing each other
            // with 409, and those waiting together share one durable commit; a writer elsewhere (the CLI, another server)
            // still gives 409 or 412.
            var outcome = await http.RequestServices.GetRequiredService<CompanyWriteQueue>().SubmitAsync(companyId, new CommandSubmission(list, actor, expected), http.RequestAborted);
            switch (outcome)
            {
                case CommandOutcome.Recorded r:
                    http.Response.Headers.ETag = $"\"v{r.Entries[^1].Sequence}\"";
                    return Results.Json(Recorded("recorded", r.Entries, r.Entries[^1].Sequence), statusCode: StatusCodes.Status201Created);
                case CommandOutcome.AlreadyRecorded a:
                    var version = (await CompanyLedger.LoadAsync(store, companyId, http.RequestAborted)).Version;
                    http.Response.Headers.ETag = $"\"v{version}\"";
                    return Results.Ok(Recorded("already-recorded", a.Entries, version));
                case CommandOutcome.Refused f:
                    return Problems.Refused(f.CommandName, f.Reasons);
                case CommandOutcome.Conflicted c:
                    return expected is null ? Problems.Conflict(c.Expected, c.Actual) : Problems.Stale(ifMatch, c.Actual);
                default:
                    throw new InvalidOperationException("unknown outcome");
            }
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }

    private static RecordedAnswer Recorded(string outcome, IReadOnlyList<Proviso.Domain.Ledger.LedgerEntry> entries, long version) =>
        new(outcome, version, entries.Select(e => new RecordedAnswer.Entry(e.Sequence, e.EventType, e.EffectiveOn?.ToString("yyyy-MM-dd", null), e.Hash)).ToList());
}

/// <summary>
/// A recorded (or already recorded) command's answer: <c>{"outcome", "version", "entries": [{"sequence", "eventType",
/// "effectiveOn", "hash"}]}</c>, as the API's JSON options write it (camel case).
/// </summary>
public sealed record RecordedAnswer(string Outcome, long Version, IReadOnlyList<RecordedAnswer.Entry> Entries)
{
    public sealed record Entry(long Sequence, string EventType, string? EffectiveOn, string Hash);

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>
    /// The answer as <see cref="JsonSerializer.SerializeToUtf8Bytes{TValue}(TValue, JsonSerializerOptions?)"/> writes it
    /// with <paramref name="options"/>: written field by field (into a buffer this thread keeps) when the options are the
    /// API's (camel case, not indented, nulls written), by the serializer otherwise.
    /// </summary>
    public byte[] ToUtf8Json(JsonSerializerOptions options)
    {
        if (options.PropertyNamingPolicy != JsonNamingPolicy.CamelCase || options.WriteIndented
            || options.DefaultIgnoreCondition != JsonIgnoreCondition.Never || HasConverterFor(options))
            return JsonSerializer.SerializeToUtf8Bytes(this, options);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true });
        if (!ReferenceEquals(writer.Options.Encoder, options.Encoder))
            writer = t_writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true });
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString("outcome"u8, Outcome);
        writer.WriteNumber("version"u8, Version);
        writer.WriteStartArray("entries"u8);
        foreach (var e in Entries)
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence"u8, e.Sequence);
            writer.WriteString("eventType"u8, e.EventType);
            if (e.EffectiveOn is null) writer.WriteNull("effectiveOn"u8);
            else writer.WriteString("effectiveOn"u8, e.EffectiveOn);
            writer.WriteString("hash"u8, e.Hash);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static bool HasConverterFor(JsonSerializerOptions options)
    {
        foreach (var c in options.Converters)
            if (c.CanConvert(typeof(RecordedAnswer)) || c.CanConvert(typeof(Entry)) || c.CanConvert(typeof(string)) || c.CanConvert(typeof(long)))
                return true;
        return false;
    }
}
