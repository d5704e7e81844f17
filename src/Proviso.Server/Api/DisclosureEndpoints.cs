using Proviso.Application.Views;
using NodaTime;
using NodaTime.Text;
using Proviso.Application;
using Proviso.Application.Access;
using Proviso.Application.Disclosure;
using Proviso.Application.Ledgers;
using Proviso.Domain.Disclosure;
using Proviso.Storage;

namespace Proviso.Server.Api;

/// <summary>
/// A company's SEC filing record (docs/disclosure.md, docs/api.md "Disclosure"): the filings timeline with the listing
/// events, the Form 20-F deadline history, beneficial ownership of the registered class on a date with the Schedule
/// 13D/13G alerts, and the import of a filing record (EDGAR submissions JSON, a listing, or ownership facts) by company
/// admins. Importing the same record twice changes nothing (every fact has its own key); If-Match is honoured (412).
/// <para>Roles: the filing record is public, so every role reads the timeline and deadlines; beneficial ownership
/// shows every holder's position, so a holder gets 403 there (it sees its own holdings in the cap table).</para>
/// </summary>
public sealed class DisclosureEndpoints : IApiModule
{
    /// <inheritdoc />
    public void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/companies/{companyId}").WithTags("Disclosure");
        g.MapGet("/filings", Timeline).WithSummary("The filing record in date order with the listing events (ADS ratio, suspension, delisting, Form 25 and Form 15 effects)");
        g.MapGet("/filings/deadlines", Deadlines).WithSummary("Form 20-F deadline history: due date, NT 20-F, extended date, filing date and days late per fiscal year");
        g.MapPost("/filings/import", Import).WithSummary("Record a filing record (EDGAR submissions JSON, a listing, or ownership facts as YAML); company admins");
        g.MapGet("/ownership", Ownership).WithSummary("Beneficial ownership of the registered class on a date (Rule 13d-3) and the Schedule 13D/13G alerts up to it");
    }

    private static async Task<IResult> Timeline(HttpContext http, string companyId, AccessService access, IEventStore store)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        try
        {
            var d = await DisclosureLedger.LoadAsync(store, companyId, http.RequestAborted);
            var listing = ListingEvents.From(d.Filings, d.Ledger.Timeline.Latest, d.RegisteredClass);
            return Results.Ok(new
            {
                company = companyId,
                version = c.Ledger.Version,
                filings = DisclosureJson.Filings(d),
                listingEvents = DisclosureJson.ListingEvents(listing),
            });
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }

    private static async Task<IResult> Deadlines(HttpContext http, string companyId, string? fiscalYearEnd, AccessService access, IEventStore store)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        var text = string.IsNullOrEmpty(fiscalYearEnd) ? "12-31" : fiscalYearEnd;
        var parsed = AnnualDatePattern.Iso.Parse(text);
        if (!parsed.Success) return RequestBody.Bad("fiscalYearEnd", $"expected MM-dd (e.g. 12-31), found '{text}'");
        var d = await DisclosureLedger.LoadAsync(store, companyId, http.RequestAborted);
        var rows = AnnualReportHistory.Compute(d.Filings, parsed.Value, SecBusinessDays.Calendar);
        return Results.Ok(new { company = companyId, calendar = SecBusinessDays.CalendarId, fiscalYearEnd = text, fiscalYears = rows.Select(DisclosureJson.FiscalYear) });
    }

    private static async Task<IResult> Ownership(HttpContext http, string companyId, string? asOf, string? @class, AccessService access, IEventStore store)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        if (c.Caller.OnlyHolder is not null) return Problems.Forbidden("Beneficial ownership shows every holder's position; a holder sees its own holdings in the cap table.");
        if (string.IsNullOrEmpty(asOf)) return RequestBody.Bad("asOf", "is required: the date (yyyy-MM-dd) at the end of which to compute beneficial ownership");
        var parsed = LocalDatePattern.Iso.Parse(asOf);
        if (!parsed.Success) return RequestBody.Bad("asOf", $"expected a date as yyyy-MM-dd, found '{asOf}'");
        var date = parsed.Value;
        try
        {
            var d = await DisclosureLedger.LoadAsync(store, companyId, http.RequestAborted);
            var (classId, table, alerts) = d.Ownership(date, @class, [], new Dictionary<string, FilerStatus>());
            return Results.Ok(new
            {
                company = companyId,
                asOf = DisclosureText.Iso(date),
                @class = classId,
                outstanding = table.Outstanding.Value,
                outstandingBasis = table.OutstandingBasis,
                rows = DisclosureJson.OwnershipRows(table),
                alerts = DisclosureJson.Alerts(alerts),
            });
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }

    /// <summary>
    /// POST a filing record as the body: EDGAR submissions JSON (Content-Type application/json, or format=edgar-json),
    /// a listing of the record (text/plain, or format=listing), or ownership facts (application/yaml, or
    /// format=positions). 201 with the entries written; 200 when every fact was already recorded.
    /// </summary>
    private static async Task<IResult> Import(HttpContext http, string companyId, string? format, AccessService access, IEventStore store, IClock clock)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Administer);
        if (c is null) return problem!;
        var media = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var kind = format ?? media switch
        {
            "application/json" => "edgar-json",
            "text/plain" => "listing",
            "application/yaml" or "application/x-yaml" or "text/yaml" => "positions",
            _ => null,
        };
        if (kind is not ("edgar-json" or "listing" or "positions"))
            return RequestBody.Bad("format", format is null
                ? $"cannot tell the format from Content-Type '{http.Request.ContentType}'; send application/json (EDGAR submissions), text/plain (a listing) or application/yaml (ownership facts), or give ?format=edgar-json|listing|positions"
                : $"expected edgar-json, listing or positions, found '{format}'");
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch != c.ETag)
        {
            if (!ifMatch.StartsWith("\"v", StringComparison.Ordinal) || !long.TryParse(ifMatch.Trim('"')[1..], out _))
                return Problems.BadInput($"If-Match must be an ETag this API issued, such as {c.ETag}; found {ifMatch}");
            return Problems.Stale(ifMatch, c.Ledger.Version);
        }
        var text = await RequestBody.ReadTextAsync(http);
        if (text is null) return RequestBody.TooLarge();
        if (string.IsNullOrWhiteSpace(text)) return RequestBody.Bad("", "the body is empty; send the filing record");
        try
        {
            IReadOnlyList<SourcedFact> facts = kind switch
            {
                "edgar-json" => EdgarSubmissionsFile.Parse("request body", System.Text.Encoding.UTF8.GetBytes(text)).Facts,
                "listing" => ListingFile.Parse("request body", text).Facts,
                _ => OwnershipFile.Parse("request body", text).Facts,
            };
            if (facts.Count == 0) return RequestBody.Bad("", $"no facts were found in the body read as {kind}");
            var result = await FilingImport.ExecuteAsync(store, companyId, facts, new Actor(c.Caller.User.Username, clock.GetCurrentInstant()), http.RequestAborted);
            if (result.Outcome == "conflict") return Problems.Conflict(c.Ledger.Version, result.Version);
            http.Response.Headers.ETag = $"\"v{result.Version}\"";
            var answer = new { outcome = result.Outcome, company = companyId, format = kind, read = result.Read, entriesWritten = result.Written, alreadyRecorded = result.AlreadyRecorded, version = result.Version };
            return result.Written > 0 ? Results.Json(answer, statusCode: StatusCodes.Status201Created) : Results.Ok(answer);
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }
}
