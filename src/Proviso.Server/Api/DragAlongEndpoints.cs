using NodaTime;
using NodaTime.Text;
using Proviso.Application;
using Proviso.Application.Access;
using Proviso.Application.DragAlong;
using Proviso.Domain.Agreements.DragAlong;
using Proviso.Storage;

namespace Proviso.Server.Api;

/// <summary>
/// Drag-along (docs/drag-along.md): every process's status with its tests, notices, obligations, offers, windows and
/// closing; the Drag Holders test for any set of holders; the proceeds a valuation would give; and every command,
/// recorded through <see cref="ApiContext.ExecuteAsync"/> (If-Match, Idempotency-Key, 422 citing the rule).
/// </summary>
public sealed class DragAlongEndpoints : IApiModule
{
    public void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/companies/{companyId}/drag-along");
        g.MapGet("", Status).WithSummary("Every drag-along process: Drag Holders' tests, notice, obligations, offers, Determined Offeror, Preferential Sale, Restriction and Release Periods, closing");
        g.MapPost("/holders-test", HoldersTest).WithSummary("Who are the Drag Holders: each series' test with its numbers and the smallest further agreements, and the approval");
        g.MapGet("/distribution", Distribution).WithSummary("How a valuation would be divided by the terms' waterfall, to the cent");
        g.MapPost("/commands/{kind}", Command).WithSummary("Record a drag-along command (keys as the scenario step of the same kind); ?at= its moment (default now)");
    }

    public sealed record HoldersTestRequest(IReadOnlyList<string>? Accepting, IReadOnlyList<string>? Approving, string? AsOf, string? Agreement);

    private static async Task<IResult> Status(HttpContext http, string companyId, string? asOf, string? agreement, AccessService access, IEventStore store, IClock clock)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        if (!ApiEndpoints.TryDate(asOf, clock, out var date)) return Problems.BadInput($"asOf: expected a date as yyyy-MM-dd, found '{asOf}'");
        try
        {
            var view = DragAlongView.Load(c.Ledger.Timeline, agreement);
            if (view is null) return Problems.NotFound($"No agreement with drag-along terms is recorded for '{companyId}'.");
            var at = view.EndOf(date);
            return Results.Ok(new { company = companyId, agreement = view.Agreement.Id, processes = view.Processes.Select(p => DragAlongViews.Status(view, p, at)) });
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }

    private static async Task<IResult> HoldersTest(HttpContext http, string companyId, HoldersTestRequest body, AccessService access, IEventStore store, IClock clock)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        if (!ApiEndpoints.TryDate(body.AsOf, clock, out var date)) return Problems.BadInput($"asOf: expected a date as yyyy-MM-dd, found '{body.AsOf}'");
        try
        {
            var view = DragAlongView.Load(c.Ledger.Timeline, body.Agreement);
            if (view is null) return Problems.NotFound($"No agreement with drag-along terms is recorded for '{companyId}'.");
            var register = c.Ledger.Timeline.AsOf(date);
            foreach (var h in (body.Accepting ?? []).Concat(body.Approving ?? []))
                if (!register.Holders.ContainsKey(view.Agreement.HolderOf(h))) return Problems.BadInput($"'{h}' is neither a holder nor a party named in '{view.Agreement.Id}'");
            var result = DragHoldersTest.Evaluate(view.Agreement, view.Terms, register, date, body.Accepting ?? [], body.Approving ?? []);
            return Results.Ok(DragAlongViews.Test(result));
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }

    private static async Task<IResult> Distribution(HttpContext http, string companyId, string? valuation, string? asOf, string? agreement, AccessService access, IEventStore store, IClock clock)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Read);
        if (c is null) return problem!;
        if (!ApiEndpoints.TryDate(asOf, clock, out var date)) return Problems.BadInput($"asOf: expected a date as yyyy-MM-dd, found '{asOf}'");
        if (!Domain.Quantities.Money.TryParse(valuation, out var money)) return Problems.BadInput($"valuation: expected money such as 'USD 2000000000.00', found '{valuation}'");
        try
        {
            var view = DragAlongView.Load(c.Ledger.Timeline, agreement);
            if (view is null) return Problems.NotFound($"No agreement with drag-along terms is recorded for '{companyId}'.");
            var floor = ValuationFloor.Check(view.Terms.ValuationFloor, money, "valuation");
            var d = ProceedsWaterfalls.Get(view.Terms.Distribution.Waterfall).Distribute(c.Ledger.Timeline.AsOf(date), date, money, view.Terms.Distribution.Citation);
            return Results.Ok(new { valuationFloor = floor is null ? "met" : floor.Message, distribution = DragAlongViews.Distribution(d) });
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }

    private static async Task<IResult> Command(HttpContext http, string companyId, string kind, string? at, AccessService access, IEventStore store, IClock clock)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Act);
        if (c is null) return problem!;
        if (c.Caller.OnlyHolder is not null) return Problems.Forbidden("Counsel or a company admin records drag-along steps.");
        Instant moment;
        if (string.IsNullOrEmpty(at)) moment = clock.GetCurrentInstant();
        else if (OffsetDateTimePattern.ExtendedIso.Parse(at) is { Success: true } parsed) moment = parsed.Value.ToInstant();
        else return Problems.BadInput($"at: expected a moment with its offset, e.g. 2020-11-16T10:00:00+08:00, found '{at}'");
        string text;
        using (var reader = new StreamReader(http.Request.Body)) text = await reader.ReadToEndAsync(http.RequestAborted);
        try
        {
            var view = DragAlongView.Load(c.Ledger.Timeline, null);
            var zone = view?.Terms.Zone ?? DateTimeZone.Utc;
            var command = DragAlongCommandReader.Read(kind, text, c.Ledger, moment, zone);
            return await ApiContext.ExecuteAsync(http, store, c, [command], clock);
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }
}
