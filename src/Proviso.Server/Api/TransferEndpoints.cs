using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Proviso.Application;
using Proviso.Application.Access;
using Proviso.Application.Ledgers;
using Proviso.Application.Scenarios.Reports;
using Proviso.Application.Transfers;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.CoSale;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Quantities;
using Proviso.Domain.Time;
using Proviso.Storage;

namespace Proviso.Server.Api;

/// <summary>
/// Transfer processes (docs/transfers.md, docs/api.md "Transfers"): the list with each process's state and next
/// deadline, one process in full (notices with deemed receipt and why, entitlements as exact fractions and whole shares
/// with the rounding policy, elections, allocations, deadlines, ambiguities, each figure with its clause), and one POST
/// per command of the engine, each recorded through <see cref="ApiContext.ExecuteAsync"/> (If-Match → 412 when stale,
/// Idempotency-Key → a retry changes nothing, a rule's refusal → 422 citing the rule).
/// <para>Roles: counsel and company admins record steps for any party; a holder records only its own (its elections,
/// waivers, co-sale and over-allotment requests; as transferor its proposal and notice), at the server's clock, and
/// sees only what concerns it (its own receipts, entitlements, elections and deadlines; a transferor sees its whole
/// process, because the notices of election are addressed to it).</para>
/// </summary>
public sealed class TransferEndpoints : IApiModule
{
    /// <inheritdoc />
    public void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/companies/{companyId}/transfers").WithTags("Transfers");
        g.MapGet("", List).WithSummary("The company's transfer processes: state and next deadline (a holder sees the processes that concern it)");
        g.MapGet("/{processId}", One).WithSummary("One transfer process: notices and deemed receipt, entitlements, elections, allocations, deadlines, ambiguities, with citations");
        g.MapPost("", Propose).WithSummary("Propose a transfer: the restrictions decide the path, or record it as a void attempt (s.2.1)");
        g.MapPost("/{processId}/notice", Notice).WithSummary("Serve the Transfer Notice (or, with 'stage', the company's secondary notice); each recipient's deemed receipt");
        g.MapPost("/{processId}/elections", Elect).WithSummary("Elect to purchase under first refusal (a holder only for itself)");
        g.MapPost("/{processId}/waivers", Waive).WithSummary("Waive a right in this process (a holder only its own)");
        g.MapPost("/{processId}/cosale", CoSale).WithSummary("Elect to sell alongside the Transferor (s.2.3)");
        g.MapPost("/{processId}/overallotment", OverAllot).WithSummary("Ask for unsubscribed shares under the Over-allotment Rights");
        g.MapPost("/{processId}/special-options", SpecialOptionExercise).WithSummary("Exercise a special option (s.2.2(v)): assign, or ask the company to repurchase");
        g.MapPost("/{processId}/valuation", Valuation).WithSummary("Record the cash value of a non-cash consideration (s.2.2(iv)); counsel and admins");
        g.MapPost("/{processId}/purchaser-stance", Stance).WithSummary("Record the prospective purchaser's stance toward the co-sellers; counsel and admins");
        g.MapPost("/{processId}/close", Close).WithSummary("Close: every purchase, co-sale and the Transferor's own sale in one append; counsel and admins");
        g.MapPost("/{processId}/lapse", Lapse).WithSummary("Record that the sale window ended without the sale: the rights revive (s.2.4(ii)); counsel and admins");
    }

    // ---- reads ----

    private static async Task<IResult> List(HttpContext http, string companyId, string? asOf, AccessService access, IEventStore store, IClock clock)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        if (!ApiEndpoints.TryInstant(asOf, clock, out var at)) return RequestBody.Bad("asOf", $"expected a date as yyyy-MM-dd, found '{asOf}'");
        var book = Book(c.Ledger);
        var only = c.Caller.OnlyHolder;
        var agreements = new Dictionary<string, Agreement?>(StringComparer.Ordinal);
        var list = new List<object>();
        foreach (var p in book.Processes.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (only is not null && !Concerns(p, only)) continue;
            if (!agreements.TryGetValue(p.AgreementId, out var a)) agreements[p.AgreementId] = a = book.Agreement(p.AgreementId);
            var open = OpenDeadlines(p, a, at, only);
            list.Add(new
            {
                process = p.Id,
                agreement = p.AgreementId,
                transferor = p.TransferorId,
                transferee = p.Offer?.TransfereeId,
                @class = p.Offer?.ClassId,
                shares = p.Offer?.Shares.Value,
                pricePerShare = p.Offer?.PricePerShare?.ToString(),
                path = p.Offer is null ? null : Application.Yaml.Node.Kebab(p.Path.ToString()),
                status = Application.Yaml.Node.Kebab(p.Status.ToString()),
                proposedOn = LocalDatePattern.Iso.Format(p.ProposedOn),
                openDeadlines = open.Count,
                nextDeadline = open.Count == 0 ? null : open[0].ToData(),
                href = $"/api/companies/{companyId}/transfers/{Uri.EscapeDataString(p.Id)}",
            });
        }
        return Results.Ok(new { company = companyId, asOf = InstantPattern.ExtendedIso.Format(at), version = c.Ledger.Version, processes = list });
    }

    private static async Task<IResult> One(HttpContext http, string companyId, string processId, string? asOf, AccessService access, IEventStore store, IClock clock)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        if (!ApiEndpoints.TryDate(asOf, clock, out var date)) return RequestBody.Bad("asOf", $"expected a date as yyyy-MM-dd, found '{asOf}'");
        var p = Book(c.Ledger).Find(processId);
        if (p is null || (c.Caller.OnlyHolder is { } h && !Concerns(p, h)))
            return Problems.NotFound($"There is no transfer process '{processId}' of '{companyId}'" + (c.Caller.OnlyHolder is null ? "." : " that concerns you."));
        return new Utf8JsonResult(ViewJson(c.Ledger, p, date, c.Caller.OnlyHolder, Json(http)));
    }

    // ---- commands ----

    private static Task<IResult> Propose(HttpContext http, string companyId, AccessService access, IEventStore store, IClock clock) =>
        RunAsync(http, companyId, null, access, store, clock, (b, s) =>
        {
            b.AllowOnly("process", "agreement", "transferor", "class", "shares", "transferee", "pricePerShare", "nonCash", "materialTerms", "closingDate",
                "consenting", "permitted", "indirectThrough", "at");
            var agreement = AgreementFor(s.Ledger, b.OptionalString("agreement"));
            var processId = b.OptionalString("process") ?? NewProcessId(s.Book);
            if (s.Book.Find(processId) is not null) throw new BodyException("process", $"a transfer process '{processId}' already exists; choose another id");
            var transferor = b.OptionalString("transferor") ?? s.OnlyHolder ?? throw new BodyException("transferor", "the holder proposing to transfer is required");
            var t = b.Object("transferee");
            t.AllowOnly("id", "name", "address", "timeZone");
            var transfereeId = t.String("id");
            var zone = t.OptionalString("timeZone") ?? "UTC";
            if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null) throw new BodyException(t.PathOf("timeZone"), $"expected an IANA time zone such as Asia/Hong_Kong, found '{zone}'");
            var price = b.OptionalMoney("pricePerShare");
            var nonCash = b.OptionalString("nonCash");
            if ((price is null) == (nonCash is null)) throw new BodyException("pricePerShare", "give exactly one of 'pricePerShare' (cash per share, e.g. \"USD 2.50\") and 'nonCash' (a description of the property)");
            var offer = new TransferOffer(b.String("class"), b.Shares("shares"), transfereeId, t.OptionalString("name") ?? transfereeId, t.OptionalString("address"), zone,
                price, nonCash, b.Strings("materialTerms"), b.OptionalDate("closingDate"));
            PermittedTransferClaim? claim = null;
            if (b.OptionalObject("permitted") is { } pc)
            {
                pc.AllowOnly("category", "relationship", "lawful", "estatePlanningEvidence", "safeFilingEvidence");
                claim = new PermittedTransferClaim(pc.String("category"), pc.Enum<PermittedRelationship>("relationship"), pc.Bool("lawful"), pc.Bool("estatePlanningEvidence"), pc.Bool("safeFilingEvidence"));
            }
            var command = new ProposeTransfer(processId, agreement.Id, transferor, offer, b.Strings("consenting"), claim, b.OptionalString("indirectThrough")) { At = s.At, EffectiveOn = s.On };
            return (command, transferor, processId);
        });

    private static Task<IResult> Notice(HttpContext http, string companyId, string processId, AccessService access, IEventStore store, IClock clock) =>
        RunAsync(http, companyId, processId, access, store, clock, (b, s) =>
        {
            b.AllowOnly("includes", "stage", "recipients", "at");
            var deliveries = Deliveries(b, s.Ledger.CompanyId);
            if (b.OptionalString("stage") is { } stage)
            {
                if (b.Has("includes")) throw new BodyException("includes", "a secondary notice (with 'stage') states no content; leave 'includes' out");
                return (new GiveSecondaryNotice(processId, stage, deliveries) { At = s.At, EffectiveOn = s.On }, s.Process!.TransferorId, processId);
            }
            IReadOnlyList<NoticeElement> includes = b.IsString("includes")
                ? b.String("includes") == "all" ? System.Enum.GetValues<NoticeElement>() : throw new BodyException("includes", $"expected \"all\" or a list of {Names<NoticeElement>()}")
                : b.EnumList<NoticeElement>("includes");
            if (includes.Count == 0) throw new BodyException("includes", $"say what the notice contains: \"all\", or a list of {Names<NoticeElement>()}");
            return (new GiveTransferNotice(processId, includes, deliveries) { At = s.At, EffectiveOn = s.On }, s.Process!.TransferorId, processId);
        });

    private static Task<IResult> Elect(HttpContext http, string companyId, string processId, AccessService access, IEventStore store, IClock clock) =>
        RunAsync(http, companyId, processId, access, store, clock, (b, s) =>
        {
            b.AllowOnly("holder", "shares", "stage", "apportion", "at");
            var holder = Holder(b, s);
            var apportion = b.Objects("apportion").Select(x =>
            {
                x.AllowOnly("holder", "shares");
                return new Apportionment(x.String("holder"), x.Shares("shares"));
            }).ToList();
            return (new ElectFirstRefusal(processId, holder, b.Shares("shares"), apportion, b.OptionalString("stage")) { At = s.At, EffectiveOn = s.On }, holder, processId);
        });

    private static Task<IResult> Waive(HttpContext http, string companyId, string processId, AccessService access, IEventStore store, IClock clock) =>
        RunAsync(http, companyId, processId, access, store, clock, (b, s) =>
        {
            b.AllowOnly("holder", "right", "at");
            var holder = Holder(b, s);
            var right = b.Has("right") ? b.Enum<WaivedRight>("right") : WaivedRight.All;
            return (new WaiveRights(processId, holder, right) { At = s.At, EffectiveOn = s.On }, holder, processId);
        });

    private static Task<IResult> CoSale(HttpContext http, string companyId, string processId, AccessService access, IEventStore store, IClock clock) =>
        RunAsync(http, companyId, processId, access, store, clock, (b, s) =>
        {
            b.AllowOnly("holder", "class", "shares", "at");
            var holder = Holder(b, s);
            return (new ElectCoSale(processId, holder, b.String("class"), b.Shares("shares")) { At = s.At, EffectiveOn = s.On }, holder, processId);
        });

    private static Task<IResult> OverAllot(HttpContext http, string companyId, string processId, AccessService access, IEventStore store, IClock clock) =>
        RunAsync(http, companyId, processId, access, store, clock, (b, s) =>
        {
            b.AllowOnly("holder", "shares", "stage", "at");
            var holder = Holder(b, s);
            return (new RequestOverAllotment(processId, holder, b.Shares("shares"), b.OptionalString("stage")) { At = s.At, EffectiveOn = s.On }, holder, processId);
        });

    private static Task<IResult> SpecialOptionExercise(HttpContext http, string companyId, string processId, AccessService access, IEventStore store, IClock clock) =>
        RunAsync(http, companyId, processId, access, store, clock, (b, s) =>
        {
            b.AllowOnly("holder", "option", "shares", "assignee", "companyHasSufficientFunds", "at");
            var holder = Holder(b, s);
            var command = new ExerciseSpecialOption(processId, holder, b.Enum<SpecialOption>("option"), b.Shares("shares"), b.OptionalString("assignee"), b.Bool("companyHasSufficientFunds"))
            {
                At = s.At, EffectiveOn = s.On,
            };
            return (command, holder, processId);
        });

    private static Task<IResult> Valuation(HttpContext http, string companyId, string processId, AccessService access, IEventStore store, IClock clock) =>
        RunAsync(http, companyId, processId, access, store, clock, (b, s) =>
        {
            b.AllowOnly("cashPerShare", "method", "appraisalCost", "at");
            return (new RecordValuation(processId, b.Money("cashPerShare"), b.Enum<ValuationMethod>("method"), b.OptionalMoney("appraisalCost")) { At = s.At, EffectiveOn = s.On }, null, processId);
        });

    private static Task<IResult> Stance(HttpContext http, string companyId, string processId, AccessService access, IEventStore store, IClock clock) =>
        RunAsync(http, companyId, processId, access, store, clock, (b, s) =>
        {
            b.AllowOnly("stance", "at");
            return (new RecordPurchaserStance(processId, b.Enum<PurchaserStance>("stance")) { At = s.At, EffectiveOn = s.On }, null, processId);
        });

    private static Task<IResult> Close(HttpContext http, string companyId, string processId, AccessService access, IEventStore store, IClock clock) =>
        RunAsync(http, companyId, processId, access, store, clock, (b, s) =>
        {
            b.AllowOnly("sale", "at");
            ThirdPartySale? sale = null;
            if (b.OptionalObject("sale") is { } x)
            {
                x.AllowOnly("transferee", "pricePerShare", "termsMoreFavourableToBuyer", "joinderSignedAt");
                sale = new ThirdPartySale(x.OptionalString("transferee") ?? s.Process!.Offer?.TransfereeId ?? throw new BodyException(x.PathOf("transferee"), "the transferee is required"),
                    x.OptionalMoney("pricePerShare"), x.Strings("termsMoreFavourableToBuyer"), x.OptionalInstant("joinderSignedAt"));
            }
            return (new CloseTransfer(processId, sale) { At = s.At, EffectiveOn = s.On }, null, processId);
        });

    private static Task<IResult> Lapse(HttpContext http, string companyId, string processId, AccessService access, IEventStore store, IClock clock) =>
        RunAsync(http, companyId, processId, access, store, clock, (b, s) =>
        {
            b.AllowOnly("at");
            return (new LapseSaleWindow(processId) { At = s.At, EffectiveOn = s.On }, null, processId);
        });

    /// <summary>What a command builder sees: the ledger, the process (for process commands), the instant and date of the step, and the holder a holder-role caller acts for.</summary>
    private sealed record Step(CompanyLedger Ledger, TransferIndex Book, TransferProcess? Process, Instant At, LocalDate On, string? OnlyHolder);

    /// <summary>
    /// The write path every command shares: signed in, the company visible, a role that may record steps (viewers get
    /// 403); the body read (400 naming the field); a holder only for itself (403); then
    /// <see cref="ApiContext.ExecuteAsync"/>, and the process's new state beside the recorded entries.
    /// </summary>
    private static async Task<IResult> RunAsync(HttpContext http, string companyId, string? processId, AccessService access, IEventStore store, IClock clock,
        Func<RequestBody, Step, (object Command, string? ActingFor, string ProcessId)> build)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Act);
        if (c is null) return problem!;
        var (body, bad) = await RequestBody.ReadAsync(http);
        if (body is null) return bad!;
        try
        {
            // The ledger as in memory now (at least the one the checks above read): the body was read since, and the
            // transfer index is kept for the latest ledgers, not for one loaded long before under heavy load.
            var ledger = await CompanyLedger.LoadAtLeastAsync(store, companyId, c.Ledger.Version, http.RequestAborted);
            var book = Book(ledger);
            TransferProcess? process = null;
            if (processId is not null)
            {
                process = book.Find(processId);
                if (process is null || (c.Caller.OnlyHolder is { } h && !Concerns(process, h)))
                    return Problems.NotFound($"There is no transfer process '{processId}' of '{companyId}'.");
            }
            var (at, on) = When(body, c.Caller.OnlyHolder, clock);
            var (command, actingFor, id) = build(body, new Step(ledger, book, process, at, on, c.Caller.OnlyHolder));
            if (c.Caller.OnlyHolder is not null)
            {
                if (actingFor is null) return Problems.Forbidden("Counsel or a company admin records this step; a holder records only its own elections, waivers and requests, and as transferor its proposal and notice.");
                var decision = AccessService.Decide(c.Caller.User, companyId, Need.Act, actingFor);
                if (!decision.Allowed) return Problems.Forbidden(decision.Reason);
            }
            if (processId is null) http.Response.Headers.Location = $"/api/companies/{companyId}/transfers/{Uri.EscapeDataString(id)}";
            var result = await ApiContext.ExecuteAsync(http, store, c, [command], clock);
            return await WithProcessAsync(http, result, store, companyId, id, c.Caller.OnlyHolder, on, existed: process is not null);
        }
        catch (BodyException ex)
        {
            return ex.Problem();
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }

    /// <summary>
    /// A recorded (or already recorded) command's answer, with the process as it now stands; a proposal recorded as a
    /// void attempt says so, with its reasons. A request that prefers <c>return=minimal</c> (RFC 7240) gets the answer
    /// without the process.
    /// </summary>
    private static async Task<IResult> WithProcessAsync(HttpContext http, IResult result, IEventStore store, string companyId, string processId, string? onlyHolder, LocalDate asOf, bool existed)
    {
        if (result is not IStatusCodeHttpResult { StatusCode: 200 or 201 } status || result is not IValueHttpResult { Value: { } value }) return result;
        var statusCode = status.StatusCode.Value;
        var json = Json(http);
        if (value is not RecordedAnswer recorded) return result;
        var answer = recorded.ToUtf8Json(json);
        var version = recorded.Version;
        // A proposal recorded as a void attempt (s.2.1): its entries hold the refusal.
        var voided = statusCode == StatusCodes.Status201Created && recorded.Entries.Any(e => e.EventType == nameof(TransferRefused));
        var minimal = Preferences.PrefersMinimal(http.Request);
        if (minimal && existed && !voided)
        {
            // A step of a process that was there before it (a process, once proposed, stays): the answer alone, without
            // looking the process up again.
            http.Response.Headers["Preference-Applied"] = Preferences.ReturnMinimal;
            return new Utf8JsonResult(answer, statusCode);
        }
        // The ledger as this answer's write left it or later: the one in memory, unless it is older than the answer's version.
        var ledger = await CompanyLedger.LoadAtLeastAsync(store, companyId, version, http.RequestAborted);
        if (Book(ledger).Find(processId) is not { } p)
        {
            if (statusCode == 201) http.Response.Headers.Remove("Location");
            return new Utf8JsonResult(answer, statusCode);
        }
        if (minimal) http.Response.Headers["Preference-Applied"] = Preferences.ReturnMinimal;
        if (voided)
        {
            var node = JsonNode.Parse(answer)!.AsObject();
            var view = View(ledger, p, asOf, onlyHolder, json);
            node["outcome"] = "void";
            node["reasons"] = view["refusedAttempts"] is JsonArray attempts && attempts.Count > 0 ? attempts[^1]?["reasons"]?.DeepClone() : null;
            if (!minimal) node["process"] = view;
            return Results.Json(node, statusCode: statusCode);
        }
        return minimal ? new Utf8JsonResult(answer, statusCode) : new AnswerWithView(answer, ViewJson(ledger, p, asOf, onlyHolder, json), statusCode);
    }

    /// <summary>
    /// A command's answer (its JSON object, as <c>Results.Json</c> writes it) with "process" added last: the view, as
    /// serialised already, copied straight into the response with the answer.
    /// </summary>
    private sealed class AnswerWithView(byte[] answer, byte[] view, int statusCode) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        public int? StatusCode => statusCode;

        public string ContentType => Utf8JsonResult.JsonContentType;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            // {"outcome":…,"entries":[…]} less its closing brace, then ,"process":view}
            var head = answer.AsMemory(0, answer.Length - 1);
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = Utf8JsonResult.JsonContentType;
            // An empty answer object ({}) takes the field without the comma.
            var field = answer.Length > 2 ? ProcessField : ProcessField[1..];
            response.ContentLength = head.Length + field.Length + view.Length + 1;
            // Copied into the response's buffer, then sent with one flush.
            var body = response.BodyWriter;
            body.Write(head.Span);
            body.Write(field);
            body.Write(view);
            body.Write("}"u8);
            await body.FlushAsync(httpContext.RequestAborted);
        }

        private static ReadOnlySpan<byte> ProcessField => ",\"process\":"u8;
    }

    /// <summary>A process's views as serialised last (per process state: see <see cref="ViewJson"/>).</summary>
    private sealed record SerialisedView(Agreement? Agreement, LocalDate AsOf, string? OnlyHolder, byte[] Json);

    private static readonly RecentCache<TransferProcess, SerialisedView> Views = new(64);

    /// <summary>
    /// <see cref="View"/>, serialised, and remembered for the process state it shows: a <see cref="TransferProcess"/> of
    /// the transfer index never changes (a step makes a new one), so the requests answered with the same process state
    /// (the elections of one group commit, each answered with the process as it then stands) serialise it once. The view
    /// also depends on the agreement (compared as the same object: recorded terms are parsed once), the date and the
    /// holder; a closed process is never remembered (its co-sale figures read the register as of a date, which an entry
    /// recorded later can change without a new process). Only the processes shown lately are remembered.
    /// </summary>
    internal static byte[] ViewJson(CompanyLedger ledger, TransferProcess p, LocalDate asOf, string? onlyHolder, JsonSerializerOptions json)
    {
        var a = TransferIndex.Of(ledger).Agreement(p.AgreementId);
        if (Views.TryGet(p, out var known) && ReferenceEquals(known.Agreement, a) && known.AsOf == asOf && known.OnlyHolder == onlyHolder) return known.Json;
        var bytes = onlyHolder is null || onlyHolder == p.TransferorId
            ? FullView(ledger, a, p, asOf, json)
            : JsonSerializer.SerializeToUtf8Bytes(View(ledger, p, asOf, onlyHolder, json), json);
        if (p.Closed is null) Views.Set(p, new SerialisedView(a, asOf, onlyHolder, bytes));
        return bytes;
    }

    /// <summary>
    /// The full <see cref="View"/>, serialised: the same JSON, but the parts that the process's notices decide (most of
    /// it: <see cref="TransferReport.NoticeParts"/>) are serialised once per process, not once per step of it.
    /// </summary>
    private static byte[] FullView(CompanyLedger ledger, Agreement? a, TransferProcess p, LocalDate asOf, JsonSerializerOptions json)
    {
        var data = TransferReport.Data(ledger, a, p, asOf, SerialisedNoticeParts(a, p, json));
        var cited = new JsonObject();
        foreach (var field in Cited) cited[field] = JsonSerializer.SerializeToNode(data[field], json);
        Cite(cited, a);
        foreach (var field in Cited) data[field] = cited[field];
        data["view"] = "full";
        return JsonSerializer.SerializeToUtf8Bytes(data, json);
    }

    /// <summary>JSON already serialised, written as it is where it stands in a larger document.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(RawJsonConverter))]
    internal sealed class RawJson(byte[] utf8)
    {
        public byte[] Utf8 { get; } = utf8;
    }

    internal sealed class RawJsonConverter : System.Text.Json.Serialization.JsonConverter<RawJson>
    {
        public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException("written only");

        public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Utf8, skipInputValidation: true);
    }

    /// <summary>A process's notice parts serialised with some options, remembered per Transfer Notice.</summary>
    private sealed record SerialisedParts(JsonSerializerOptions Options, TransferReport.NoticeParts Parts);

    private static readonly RecentCache<TransferNoticeServed, SerialisedParts> NoticeJson = new(64);

    /// <summary>
    /// The process's <see cref="TransferReport.NoticeParts"/>, each serialised with <paramref name="json"/>: made once
    /// per Transfer Notice and used again while they fit the process's state (only for the processes shown lately). Only
    /// the JSON is kept, not the data it was made from: each process shown holds some fifty kilobytes of it, and
    /// keeping the data too would double that for every process an election touches.
    /// </summary>
    private static TransferReport.NoticeParts SerialisedNoticeParts(Agreement? a, TransferProcess p, JsonSerializerOptions json)
    {
        if (p.Notice is { } notice && NoticeJson.TryGet(notice, out var known) && ReferenceEquals(known.Options, json) && known.Parts.IsFor(a, p)) return known.Parts;
        var parts = TransferReport.NoticeParts.Of(a, p).Select(part => new RawJson(JsonSerializer.SerializeToUtf8Bytes(part, part.GetType(), json)));
        if (p.Notice is { } served) NoticeJson.Set(served, new SerialisedParts(json, parts));
        return parts;
    }

    // ---- the process as JSON ----

    /// <summary>
    /// The process (<see cref="TransferReport.Data"/>, the projection `proviso transfer status --json` prints) with the
    /// clause of each election, request and valuation added, and, for a holder that is not the transferor, only what
    /// concerns that holder.
    /// </summary>
    internal static JsonObject View(CompanyLedger ledger, TransferProcess p, LocalDate asOf, string? onlyHolder, JsonSerializerOptions json)
    {
        var a = TransferIndex.Of(ledger).Agreement(p.AgreementId);
        var node = JsonSerializer.SerializeToNode(TransferReport.Data(ledger, a, p, asOf), json)!.AsObject();
        Cite(node, a);
        if (onlyHolder is not null && onlyHolder != p.TransferorId)
        {
            var others = Parties(p).Where(x => x != onlyHolder).ToHashSet(StringComparer.Ordinal);
            Keep(node["notices"], n => Keep(n["receipts"], r => Is(r, "recipient", onlyHolder)));
            Keep(node["entitlements"], t => Keep(t["shares"], s => Is(s, "holder", onlyHolder)));
            foreach (var list in new[] { "elections", "waivers", "coSaleElections", "overAllotmentRequests", "specialOptions" }) Keep(node[list], x => Is(x, "holder", onlyHolder));
            if (node["overAllotment"] is JsonObject oa)
            {
                Keep(oa["rounds"], r => Keep(r["grants"], g => Is(g, "holder", onlyHolder)));
                Keep(oa["allocations"], x => Is(x, "holder", onlyHolder));
            }
            if (node["coSale"] is JsonObject co) Keep(co["shares"], x => Is(x, "holder", onlyHolder));
            if (node["closing"] is JsonObject cl) Keep(cl["legs"], x => Is(x, "from", onlyHolder) || Is(x, "to", onlyHolder));
            if (node["valuation"] is JsonObject va) Keep(va["costShares"], x => Is(x, "party", onlyHolder));
            Keep(node["deadlines"], d => !BelongsToAnother((string?)d["name"], others));
            Keep(node["openDeadlines"], d => !BelongsToAnother((string?)d, others));
            node["view"] = $"holder {onlyHolder}: only its own receipts, entitlements, elections, requests and deadlines";
        }
        else
        {
            node["view"] = "full";
        }
        return node;
    }

    /// <summary>The fields of the view that <see cref="Cite(JsonObject, Agreement?)"/> adds clauses to.</summary>
    private static readonly string[] Cited = ["elections", "overAllotmentRequests", "coSaleElections", "valuation"];

    /// <summary>The clause of each election, request and valuation of <paramref name="node"/>.</summary>
    private static void Cite(JsonObject node, Agreement? a)
    {
        var fr = a?.Mechanism<FirstRefusalTerms>("firstRefusal");
        var cs = a?.Mechanism<CoSaleTerms>("coSale");
        Cite(node["elections"], x => fr?.Stages.FirstOrDefault(s => s.Id == (string?)x["stage"])?.Citation);
        Cite(node["overAllotmentRequests"], x => fr?.Stages.FirstOrDefault(s => s.Id == (string?)x["stage"])?.OverAllotment?.Citation);
        Cite(node["coSaleElections"], _ => cs?.Citation);
        if (node["valuation"] is JsonObject v && fr?.NonCash is { } nc) v["citation"] = nc.Citation.ToString();
    }

    private static void Cite(JsonNode? list, Func<JsonObject, Citation?> citation)
    {
        if (list is not JsonArray array) return;
        foreach (var x in array.OfType<JsonObject>()) x["citation"] = citation(x)?.ToString();
    }

    /// <summary>Keeps the items of an array for which <paramref name="keep"/> is true (and runs it on each, for nested filtering).</summary>
    private static bool Keep(JsonNode? list, Func<JsonNode, bool> keep)
    {
        if (list is not JsonArray array) return true;
        for (var i = array.Count - 1; i >= 0; i--)
            if (array[i] is null || !keep(array[i]!)) array.RemoveAt(i);
        return true;
    }

    private static bool Is(JsonNode n, string field, string holder) => n is JsonObject o && (string?)o[field] == holder;

    /// <summary>A deadline named for another party ("Option Period of tencent").</summary>
    private static bool BelongsToAnother(string? name, IReadOnlySet<string> others) =>
        name is not null && others.Any(o => name.EndsWith(" of " + o, StringComparison.Ordinal));

    /// <summary>Everyone named in the process: recipients, purchasers, electors, co-sellers.</summary>
    private static IEnumerable<string> Parties(TransferProcess p) =>
        p.StageReceipts.Values.SelectMany(r => r.Select(x => x.RecipientId))
            .Concat(p.Entitlements.Values.SelectMany(t => t.Shares.Select(s => s.HolderId)))
            .Concat(p.Elections.Select(e => e.HolderId)).Concat(p.CoSales.Select(e => e.HolderId))
            .Concat(p.OverAllotmentRequests.Select(e => e.HolderId)).Concat(p.Waivers.Select(e => e.HolderId))
            .Distinct(StringComparer.Ordinal);

    /// <summary>Does the process concern this holder: its transferor, or a party named in it?</summary>
    internal static bool Concerns(TransferProcess p, string holder) =>
        p.TransferorId == holder || p.Offer?.TransfereeId == holder || Parties(p).Contains(holder, StringComparer.Ordinal);

    private static List<Deadline> OpenDeadlines(TransferProcess p, Agreement? a, Instant at, string? onlyHolder)
    {
        if (a is null || p.Offer is null || p.Status is TransferStatus.Closed or TransferStatus.Void or TransferStatus.Lapsed) return [];
        var others = onlyHolder is null || onlyHolder == p.TransferorId ? new HashSet<string>() : Parties(p).Where(x => x != onlyHolder).ToHashSet(StringComparer.Ordinal);
        return p.Deadlines(a).Where(d => d.ExpiresAt > at && !BelongsToAnother(d.Name, others)).OrderBy(d => d.ExpiresAt).ThenBy(d => d.Name, StringComparer.Ordinal).ToList();
    }

    // ---- helpers ----

    /// <summary>The ledger's transfer processes and recorded terms (remembered per cached ledger, extended by appends: <see cref="TransferIndex"/>).</summary>
    private static TransferIndex Book(CompanyLedger ledger) => TransferIndex.Of(ledger);

    internal static JsonSerializerOptions Json(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

    /// <summary>
    /// The step's instant and effective date: 'at' (ISO 8601 with its offset; its local date is the effective date), or
    /// the server's clock (the UTC date). Only counsel and admins record a step that happened earlier; a holder's step
    /// happens when it is sent. A step cannot be recorded before it happens.
    /// </summary>
    internal static (Instant At, LocalDate On) When(RequestBody b, string? onlyHolder, IClock clock)
    {
        var now = clock.GetCurrentInstant();
        if (!b.Has("at")) return (now, now.InUtc().Date);
        if (onlyHolder is not null) throw new BodyException("at", "a holder's step is recorded at the server's clock; leave 'at' out (counsel or a company admin records a step that happened earlier)", 403);
        var text = b.String("at");
        var r = OffsetDateTimePattern.ExtendedIso.Parse(text);
        if (!r.Success) throw new BodyException("at", $"expected a moment with its offset, e.g. 2020-12-02T16:30:00+08:00 (or UTC with Z), found '{text}'");
        var at = r.Value.ToInstant();
        if (at > now + Duration.FromMinutes(5)) throw new BodyException("at", $"{text} is later than the server's clock ({InstantPattern.ExtendedIso.Format(now)}); a step is recorded when or after it happens");
        return (at, r.Value.Date);
    }

    private static string Holder(RequestBody b, Step s) =>
        b.OptionalString("holder") is { } h ? (h == "company" ? s.Ledger.CompanyId : h)
        : s.OnlyHolder ?? throw new BodyException("holder", "the holder this step is for is required (a holder id, or \"company\")");

    private static IReadOnlyList<NoticeDelivery> Deliveries(RequestBody b, string companyId)
    {
        var result = new List<NoticeDelivery>();
        foreach (var m in b.Objects("recipients", required: true))
        {
            m.AllowOnly("to", "channel", "sent", "delivered", "read", "refused", "copy");
            var channel = m.Enum<NoticeChannel>("channel");
            var sent = m.Instant("sent");
            var delivered = m.OptionalInstant("delivered");
            var read = m.OptionalInstant("read");
            if (delivered is { } d && d < sent) throw new BodyException(m.PathOf("delivered"), "a notice cannot be delivered before it is sent");
            if (read is { } r && r < sent) throw new BodyException(m.PathOf("read"), "a notice cannot be read before it is sent");
            CopyDelivery? copy = null;
            if (m.OptionalObject("copy") is { } c)
            {
                c.AllowOnly("channel", "sent", "delivered", "refused");
                copy = new CopyDelivery(c.Enum<NoticeChannel>("channel"), c.Instant("sent"), c.OptionalInstant("delivered"), c.Bool("refused"));
            }
            IReadOnlyList<string> to = m.IsString("to") ? [m.String("to")] : m.Strings("to");
            if (to.Count == 0) throw new BodyException(m.PathOf("to"), "expected a recipient id (or \"company\") or a list of them");
            foreach (var id in to.Select(x => x == "company" ? companyId : x))
            {
                if (result.Any(x => x.RecipientId == id)) throw new BodyException(m.PathOf("to"), $"'{id}' is listed twice among the recipients");
                result.Add(new NoticeDelivery(id, channel, sent, delivered, m.Bool("refused"), copy, read));
            }
        }
        if (result.Count == 0) throw new BodyException("recipients", "expected at least one recipient");
        return result;
    }

    private static Agreement AgreementFor(CompanyLedger ledger, string? id)
    {
        var index = TransferIndex.Of(ledger);
        if (id is not null)
            return index.Agreement(id) ?? throw new BodyException("agreement", $"no terms for '{id}' are recorded for '{ledger.CompanyId}'");
        var withTerms = index.Terms.Keys.Select(x => index.Agreement(x)!)
            .Where(a => a.Mechanism<TransferRestrictionTerms>("transferRestrictions") is not null || a.Mechanism<FirstRefusalTerms>("firstRefusal") is not null).ToList();
        return withTerms.Count == 1 ? withTerms[0]
            : throw new BodyException("agreement", withTerms.Count == 0 ? $"no agreement with transfer terms is recorded for '{ledger.CompanyId}'" : $"several agreements have transfer terms ({string.Join(", ", withTerms.Select(a => a.Id))}); name one");
    }

    private static string NewProcessId(TransferIndex book)
    {
        for (var n = book.Processes.Count + 1; ; n++)
        {
            var id = $"transfer-{n:D3}";
            if (book.Find(id) is null) return id;
        }
    }

    internal static string Names<T>() where T : struct, System.Enum => string.Join(", ", System.Enum.GetNames<T>().Select(Application.Yaml.Node.Kebab));
}

/// <summary>A request body that is not what an endpoint expects: 400 (or 403) naming the field and what was expected.</summary>
internal sealed class BodyException(string field, string message, int status = 400) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;

    public IResult Problem() => status == 403
        ? Problems.Forbidden(Message)
        : Results.Problem(new ProblemDetails
        {
            Status = 400, Title = "Bad input", Detail = Message, Type = "https://proviso.example/problems/bad-input",
            Extensions = { ["field"] = Field },
        });
}

/// <summary>
/// A JSON request body read field by field: every accessor returns a typed value or throws a <see cref="BodyException"/>
/// naming the field (its path, e.g. <c>recipients[1].sent</c>) and what was expected there. Unknown fields are errors,
/// not silently ignored. An empty body reads as <c>{}</c>.
/// </summary>
internal sealed class RequestBody
{
    private readonly JsonElement _element;
    private readonly string _path;

    private RequestBody(JsonElement element, string path)
    {
        _element = element;
        _path = path;
    }

    /// <summary>The largest body read (a filing listing may be large; a command is small).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The body, read as UTF-8 JSON straight from the request's bytes (an empty or all-blank body is <c>{}</c>; a byte
    /// order mark is skipped); a body over <see cref="MaxBytes"/>, or one that is not a JSON object, is a 400 problem.
    /// </summary>
    public static async ValueTask<(RequestBody? Body, IResult? Problem)> ReadAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBytes) return (null, TooLarge());
        var reader = http.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(http.RequestAborted);
            var buffer = read.Buffer;
            if (buffer.Length > MaxBytes)
            {
                reader.AdvanceTo(buffer.End);
                return (null, TooLarge());
            }
            if (read.IsCompleted || read.IsCanceled)
            {
                try
                {
                    return Parse(buffer);
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
            }
            reader.AdvanceTo(buffer.Start, buffer.End); // nothing used yet: wait for the rest
        }
    }

    /// <summary>The 400 problem for a body over <see cref="MaxBytes"/>.</summary>
    public static IResult TooLarge() => Bad("", $"the body is larger than {MaxBytes / (1024 * 1024)} MiB");

    private static (RequestBody? Body, IResult? Problem) Parse(System.Buffers.ReadOnlySequence<byte> utf8)
    {
        if (utf8.Length >= 3 && utf8.FirstSpan.Length >= 3 && utf8.FirstSpan[..3].SequenceEqual("\uFEFF"u8)) utf8 = utf8.Slice(3);
        if (IsBlank(utf8)) return (new RequestBody(EmptyObject, ""), null);
        if (FirstInvalidUtf8(utf8) is { } at) return (null, Bad("", $"the body is not valid JSON: it is not UTF-8 text (byte {at + 1})"));
        try
        {
            using var doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return (null, Bad("", $"expected a JSON object ({{ \"field\": value, … }}), found {Describe(doc.RootElement)}"));
            return (new RequestBody(doc.RootElement.Clone(), ""), null);
        }
        catch (JsonException ex)
        {
            return (null, Bad("", $"the body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message.Split(" Path:")[0]}"));
        }
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Where the first byte that is not part of valid UTF-8 is, if any.</summary>
    private static long? FirstInvalidUtf8(System.Buffers.ReadOnlySequence<byte> utf8)
    {
        var bytes = utf8.IsSingleSegment ? utf8.FirstSpan : utf8.ToArray();
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return null;
        var at = 0;
        while (System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var used) == System.Buffers.OperationStatus.Done) at += used;
        return at;
    }

    /// <summary>Whether the bytes are only JSON whitespace (or none).</summary>
    private static bool IsBlank(System.Buffers.ReadOnlySequence<byte> utf8)
    {
        foreach (var segment in utf8)
            foreach (var b in segment.Span)
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }

    /// <summary>The body as text, or null when it is larger than <see cref="MaxBytes"/>.</summary>
    public static async Task<string?> ReadTextAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBytes) return null;
        using var reader = new StreamReader(http.Request.Body, System.Text.Encoding.UTF8);
        // A pooled buffer: a new one of this size per request would be a large object, each collected only with generation 2.
        var buffer = System.Buffers.ArrayPool<char>.Shared.Rent(16 * 1024);
        try
        {
            var sb = new System.Text.StringBuilder();
            int n;
            while ((n = await reader.ReadAsync(buffer.AsMemory(), http.RequestAborted)) > 0)
            {
                sb.Append(buffer, 0, n);
                if (sb.Length > MaxBytes) return null;
            }
            return sb.ToString();
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(buffer);
        }
    }

    public static IResult Bad(string field, string message) =>
        Results.Problem(new ProblemDetails
        {
            Status = 400, Title = "Bad input", Detail = field.Length == 0 ? message : $"{field}: {message}", Type = "https://proviso.example/problems/bad-input",
            Extensions = { ["field"] = field.Length == 0 ? null : field },
        });

    public string PathOf(string name) => _path.Length == 0 ? name : $"{_path}.{name}";

    public void AllowOnly(params string[] allowed)
    {
        foreach (var p in _element.EnumerateObject())
            if (!allowed.Contains(p.Name, StringComparer.Ordinal))
                throw new BodyException(PathOf(p.Name), $"unknown field; expected one of: {string.Join(", ", allowed)}");
    }

    public bool Has(string name) => _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public bool IsString(string name) => _element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String;

    private JsonElement Required(string name) =>
        _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : throw new BodyException(PathOf(name), "is required");

    public string String(string name)
    {
        var v = Required(name);
        if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())) throw new BodyException(PathOf(name), $"expected non-empty text, found {Describe(v)}");
        return v.GetString()!;
    }

    public string? OptionalString(string name) => Has(name) ? String(name) : null;

    public long Long(string name)
    {
        var v = Required(name);
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString()!.Replace(",", "").Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n)) return n;
        throw new BodyException(PathOf(name), $"expected a whole number, found {Describe(v)}");
    }

    public ShareCount Shares(string name) => ShareCount.Of(Long(name));

    public Money Money(string name)
    {
        var v = Required(name);
        return v.ValueKind == JsonValueKind.String && Domain.Quantities.Money.TryParse(v.GetString(), out var m)
            ? m
            : throw new BodyException(PathOf(name), $"expected money as \"USD 2.50\" (ISO currency code, then amount), found {Describe(v)}");
    }

    public Money? OptionalMoney(string name) => Has(name) ? Money(name) : null;

    public bool Bool(string name)
    {
        if (!Has(name)) return false;
        var v = Required(name);
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new BodyException(PathOf(name), $"expected true or false, found {Describe(v)}"),
        };
    }

    public LocalDate Date(string name)
    {
        var text = String(name);
        var r = LocalDatePattern.Iso.Parse(text);
        return r.Success ? r.Value : throw new BodyException(PathOf(name), $"expected a date as yyyy-MM-dd, found '{text}'");
    }

    public LocalDate? OptionalDate(string name) => Has(name) ? Date(name) : null;

    /// <summary>An instant in ISO 8601 with its offset ("2020-12-02T16:30:00+08:00"), or in UTC ("…Z").</summary>
    public Instant Instant(string name)
    {
        var text = String(name);
        var r = OffsetDateTimePattern.ExtendedIso.Parse(text);
        return r.Success ? r.Value.ToInstant() : throw new BodyException(PathOf(name), $"expected a moment with its offset, e.g. 2020-12-02T16:30:00+08:00 (or UTC with Z), found '{text}'");
    }

    public Instant? OptionalInstant(string name) => Has(name) ? Instant(name) : null;

    public T Enum<T>(string name) where T : struct, System.Enum => ParseEnum<T>(String(name), PathOf(name));

    private static T ParseEnum<T>(string text, string path) where T : struct, System.Enum
    {
        var key = text.Replace("-", "").Replace("_", "").Replace(" ", "");
        foreach (var n in System.Enum.GetNames<T>())
            if (string.Equals(n, key, StringComparison.OrdinalIgnoreCase)) return System.Enum.Parse<T>(n);
        throw new BodyException(path, $"expected one of {TransferEndpoints.Names<T>()}, found '{text}'");
    }

    public IReadOnlyList<string> Strings(string name)
    {
        if (!Has(name)) return [];
        var v = Required(name);
        if (v.ValueKind != JsonValueKind.Array) throw new BodyException(PathOf(name), $"expected a list of text values, found {Describe(v)}");
        var i = 0;
        var list = new List<string>();
        foreach (var x in v.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(x.GetString())) throw new BodyException($"{PathOf(name)}[{i}]", $"expected non-empty text, found {Describe(x)}");
            list.Add(x.GetString()!);
            i++;
        }
        return list;
    }

    public IReadOnlyList<T> EnumList<T>(string name) where T : struct, System.Enum =>
        Strings(name).Select((s, i) => ParseEnum<T>(s, $"{PathOf(name)}[{i}]")).ToList();

    public RequestBody Object(string name)
    {
        var v = Required(name);
        return v.ValueKind == JsonValueKind.Object ? new RequestBody(v, PathOf(name)) : throw new BodyException(PathOf(name), $"expected an object, found {Describe(v)}");
    }

    public RequestBody? OptionalObject(string name) => Has(name) ? Object(name) : null;

    public IReadOnlyList<RequestBody> Objects(string name, bool required = false)
    {
        if (!Has(name)) return required ? throw new BodyException(PathOf(name), "is required (a list of objects)") : [];
        var v = Required(name);
        if (v.ValueKind != JsonValueKind.Array) throw new BodyException(PathOf(name), $"expected a list of objects, found {Describe(v)}");
        var list = new List<RequestBody>();
        var i = 0;
        foreach (var x in v.EnumerateArray())
        {
            var path = $"{PathOf(name)}[{i++}]";
            if (x.ValueKind != JsonValueKind.Object) throw new BodyException(path, $"expected an object, found {Describe(x)}");
            list.Add(new RequestBody(x, path));
        }
        return list;
    }

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"\"{v.GetString()}\"",
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
