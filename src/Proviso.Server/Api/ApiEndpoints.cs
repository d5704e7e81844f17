using NodaTime;
using NodaTime.Text;
using Proviso.Application;
using Proviso.Application.Access;
using Proviso.Application.Agenda;
using Proviso.Application.Import;
using Proviso.Application.Terms;
using Proviso.Application.Views;
using Proviso.Application.Yaml;
using Proviso.Domain.Agreements.Consent;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register.Views;
using Proviso.Domain.Time;
using Proviso.Server.Auth;
using Proviso.Storage;

namespace Proviso.Server.Api;

/// <summary>A group of API endpoints for one mechanism; found by reflection, so a new mechanism adds a file, not an edit here.</summary>
public interface IApiModule
{
    void Map(RouteGroupBuilder api);
}

/// <summary>The REST API (/api): every resource a view of the same engine the command line runs. Grouped by resource.</summary>
public static class ApiEndpoints
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("Proviso");
        api.MapGet("/me", Me).WithSummary("Who is signed in, and their roles per company");
        api.MapGet("/companies", Companies).WithSummary("The companies you can see");

        var company = api.MapGroup("/companies/{companyId}");
        company.MapGet("", Company).WithSummary("A company: name, ledger version (the ETag), agreements");
        company.MapGet("/captable", CapTableView).WithSummary("The cap table at a date, on a basis, by holder, affiliate group or class");
        company.MapGet("/ledger", Ledger).WithSummary("The ledger's entries (after a sequence, at most a limit)");
        company.MapGet("/ledger/verify", Verify).WithSummary("Recompute the hash chain; name the first bad entry");
        company.MapGet("/terms", TermsList).WithSummary("The agreements recorded for the company");
        company.MapGet("/terms/{agreementId}", TermsOne).WithSummary("One agreement's terms (YAML text and summary)");
        company.MapPost("/consents/check", ConsentCheck).WithSummary("Evaluate a consent group for a set of consenting holders");
        company.MapGet("/agenda", AgendaJson).WithSummary("Every open deadline across the company's processes");
        company.MapGet("/agenda.ics", AgendaIcs).WithSummary("The company's deadlines as an RFC 5545 calendar feed");
        company.MapPost("/register/actions", RegisterAction).WithSummary("Record a corporate action (issue, transfer, split…; company admins)");
        AccessEndpoints.Map(api);
        ScenarioEndpoints.Map(api);
        foreach (var module in Modules) module.Map(api);
    }

    /// <summary>Further API modules (transfers, consortium, disclosure, notices…), each a class in this assembly.</summary>
    private static readonly IReadOnlyList<IApiModule> Modules = Proviso.Application.Discovery.All<IApiModule>(typeof(ApiEndpoints).Assembly);

    private static async Task<IResult> Me(HttpContext http, AccessService access)
    {
        var user = await CompanyAccess.UserAsync(http, access);
        if (user is null) return Problems.Unauthenticated();
        return Results.Ok(new
        {
            username = user.Username,
            displayName = user.DisplayName,
            administrator = user.IsAdministrator,
            roles = user.Grants.Values.Select(g => new { company = g.CompanyId, role = g.Role, holder = g.HolderId }),
        });
    }

    private static async Task<IResult> Companies(HttpContext http, AccessService access, IEventStore store)
    {
        var user = await CompanyAccess.UserAsync(http, access);
        if (user is null) return Problems.Unauthenticated();
        var ids = CompanyAccess.VisibleCompanies(user, (await store.CompaniesAsync(http.RequestAborted)).Where(c => !c.StartsWith('_'))).ToList();
        var list = new List<object>();
        foreach (var id in ids)
        {
            var ledger = await Application.Ledgers.CompanyLedger.LoadAsync(store, id, http.RequestAborted);
            list.Add(new { id, name = ledger.Timeline.Latest.CompanyName, version = ledger.Version });
        }
        return Results.Ok(list);
    }

    private static async Task<IResult> Company(HttpContext http, string companyId, AccessService access, IEventStore store)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        var r = c.Ledger.Timeline.Latest;
        return Results.Ok(new
        {
            id = companyId,
            name = r.CompanyName,
            jurisdiction = r.Jurisdiction,
            registeredOffice = r.RegisteredOffice,
            version = c.Ledger.Version,
            agreements = CompanyTerms.Recorded(c.Ledger).Values.Select(t => new { id = t.AgreementId, title = t.Title, sha256 = t.Sha256 }),
            classes = r.Classes.Values.Select(x => new { id = x.Id, name = x.Name, kind = x.Kind }),
            holders = c.Caller.OnlyHolder is { } only ? r.Holders.Values.Where(h => h.Id == only).Select(h => new { id = h.Id, name = h.Name }) : r.Holders.Values.Select(h => new { id = h.Id, name = h.Name }),
        });
    }

    private static async Task<IResult> CapTableView(HttpContext http, string companyId, string? asOf, string? basis, string? by, AccessService access, IEventStore store, IClock clock, CapTableCache cache)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        if (!TryDate(asOf, clock, out var date)) return Problems.BadInput($"asOf: expected a date as yyyy-MM-dd, found '{asOf}'");
        var b = (basis ?? "as-converted") switch
        {
            "outstanding" => (Basis?)Basis.Outstanding, "as-converted" => Basis.AsConverted, "fully-diluted" => Basis.FullyDiluted, "voting" => Basis.Voting, _ => null,
        };
        if (b is null) return Problems.BadInput($"basis: expected outstanding, as-converted, fully-diluted or voting, found '{basis}'");
        var g = (by ?? "holder") switch { "holder" => (GroupBy?)GroupBy.Holder, "group" => GroupBy.Group, "class" => GroupBy.Class, _ => null };
        if (g is null) return Problems.BadInput($"by: expected holder, group or class, found '{by}'");
        if (c.Caller.OnlyHolder is not null && g != GroupBy.Holder) return Problems.Forbidden("A holder sees its own holdings only (by=holder).");
        var ledger = c.Ledger;
        var bytes = cache.GetOrCompute(companyId, ledger.Version, date, basis ?? "as-converted", by ?? "holder", c.Caller.OnlyHolder, TransferEndpoints.Json(http),
            () => CapTableJson.From(CapTable.Compute(ledger.Timeline.AsOf(date), date, b.Value, g.Value)));
        return new Utf8JsonResult(bytes);
    }

    private static async Task<IResult> Ledger(HttpContext http, string companyId, long? after, int? limit, AccessService access, IEventStore store)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        if (c.Caller.OnlyHolder is not null) return Problems.Forbidden("The ledger holds every party's elections; a holder sees its own through its holdings and processes.");
        if (limit is <= 0 or > 10_000) return Problems.BadInput("limit: expected 1 to 10,000");
        var entries = c.Ledger.Entries.Where(e => e.Sequence > (after ?? 0)).Take(limit ?? 1000);
        return Results.Ok(new
        {
            company = companyId,
            version = c.Ledger.Version,
            entries = entries.Select(e => new
            {
                sequence = e.Sequence, eventType = e.EventType, effectiveOn = e.EffectiveOn?.ToString("yyyy-MM-dd", null),
                recordedAt = InstantPattern.ExtendedIso.Format(e.RecordedAt), actor = e.Actor, idempotencyKey = e.IdempotencyKey,
                command = e.Command, payload = System.Text.Json.JsonDocument.Parse(e.Payload).RootElement, previousHash = e.PreviousHash, hash = e.Hash,
            }),
        });
    }

    private static async Task<IResult> Verify(HttpContext http, string companyId, AccessService access, IEventStore store)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        var v = LedgerVerification.Verify(companyId, c.Ledger.Entries);
        return Results.Ok(new { company = companyId, intact = v.IsIntact, entriesChecked = v.EntriesChecked, firstBadSequence = v.FirstBadSequence, problem = v.Problem, headHash = v.HeadHash });
    }

    private static async Task<IResult> TermsList(HttpContext http, string companyId, AccessService access, IEventStore store)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        return Results.Ok(CompanyTerms.Recorded(c.Ledger).Values.Select(t => new { id = t.AgreementId, title = t.Title, sha256 = t.Sha256, effectiveOn = t.EffectiveOn.ToString("yyyy-MM-dd", null) }));
    }

    private static async Task<IResult> TermsOne(HttpContext http, string companyId, string agreementId, AccessService access, IEventStore store)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        if (!CompanyTerms.Recorded(c.Ledger).TryGetValue(agreementId, out var t)) return Problems.NotFound($"No agreement '{agreementId}' is recorded for '{companyId}'.");
        var a = TermsLoader.Parse(agreementId, t.Text);
        return Results.Ok(new
        {
            id = a.Id, title = a.Title, date = a.Date.ToString("yyyy-MM-dd", null), source = a.Source, sha256 = t.Sha256,
            roles = a.Roles.Values.Select(r => new { name = r.Name, title = r.Title, citation = r.Citation.ToString() }),
            consents = a.Consents.Values.Select(g => new { id = g.Id, name = g.Name, citation = g.Citation.ToString() }),
            mechanisms = a.Mechanisms.Select(m => new { key = m.Key, citation = m.Value.Citation.ToString() }),
            text = t.Text,
        });
    }

    public sealed record ConsentCheckRequest(string Terms, string Group, IReadOnlyList<string>? Consenting, string? AsOf);

    private static async Task<IResult> ConsentCheck(HttpContext http, string companyId, ConsentCheckRequest body, AccessService access, IEventStore store, IClock clock)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        if (string.IsNullOrWhiteSpace(body.Terms)) return Problems.BadInput("terms: expected the id of an agreement recorded for the company");
        if (string.IsNullOrWhiteSpace(body.Group)) return Problems.BadInput("group: expected the id of a consent group the agreement defines");
        if (!TryDate(body.AsOf, clock, out var date)) return Problems.BadInput($"asOf: expected a date as yyyy-MM-dd, found '{body.AsOf}'");
        try
        {
            // Only agreements recorded for the company: the API never reads a file a caller names.
            var recorded = CompanyTerms.Recorded(c.Ledger);
            if (!recorded.TryGetValue(body.Terms, out var terms))
                return Problems.BadInput($"terms: no agreement '{body.Terms}' is recorded for '{companyId}' (recorded: {string.Join(", ", recorded.Keys)})");
            var agreement = TermsLoader.Parse($"{companyId}:{body.Terms} (recorded terms)", terms.Text);
            if (!agreement.Consents.ContainsKey(body.Group)) return Problems.BadInput($"agreement '{agreement.Id}' defines no consent group '{body.Group}' (defined: {string.Join(", ", agreement.Consents.Keys)})");
            var register = c.Ledger.Timeline.AsOf(date);
            foreach (var h in body.Consenting ?? [])
                if (!register.Holders.ContainsKey(agreement.HolderOf(h))) return Problems.BadInput($"consenting: '{h}' is neither a holder nor a party named in '{agreement.Id}'");
            return Results.Ok(ConsentJson.From(ConsentEvaluator.Evaluate(agreement, body.Group, register, date, body.Consenting ?? [])));
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }

    private static async Task<IResult> AgendaJson(HttpContext http, string companyId, string? asOf, AccessService access, IEventStore store, IClock clock)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        if (!TryInstant(asOf, clock, out var at)) return Problems.BadInput($"asOf: expected a date as yyyy-MM-dd, found '{asOf}'");
        var items = CompanyAgenda.Open(c.Ledger, at);
        return Results.Ok(new { company = companyId, asOf = InstantPattern.ExtendedIso.Format(at), items = items.Select(i => new { source = i.Source, matter = i.Matter, deadline = i.Deadline.ToData() }) });
    }

    private static async Task<IResult> AgendaIcs(HttpContext http, string companyId, AccessService access, IEventStore store, IClock clock)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        var now = clock.GetCurrentInstant();
        var items = CompanyAgenda.Open(c.Ledger, now);
        return Results.Text(IcsDeadlineWriter.Write(items.Select(i => i.Deadline), now), "text/calendar; charset=utf-8");
    }

    private static async Task<IResult> RegisterAction(HttpContext http, string companyId, AccessService access, IEventStore store, IClock clock)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Administer);
        if (c is null) return problem!;
        string text;
        using (var reader = new StreamReader(http.Request.Body)) text = await reader.ReadToEndAsync(http.RequestAborted);
        try
        {
            // JSON is YAML: the body is read with the same located errors as register.yaml's corporateActions.
            var doc = YamlDocument.Parse("request body", text);
            return await ApiContext.ExecuteAsync(http, store, c, [RegisterFile.ReadAction(doc.RootMap())], clock);
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }

    internal static bool TryDate(string? text, IClock clock, out LocalDate date)
    {
        if (string.IsNullOrEmpty(text))
        {
            date = clock.GetCurrentInstant().InUtc().Date;
            return true;
        }
        var r = LocalDatePattern.Iso.Parse(text);
        date = r.Success ? r.Value : default;
        return r.Success;
    }

    internal static bool TryInstant(string? text, IClock clock, out Instant at)
    {
        if (string.IsNullOrEmpty(text))
        {
            at = clock.GetCurrentInstant();
            return true;
        }
        var ok = TryDate(text, clock, out var d);
        at = ok ? d.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() - Duration.Epsilon : default;
        return ok;
    }
}
