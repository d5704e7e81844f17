using Proviso.Application;
using Proviso.Application.Access;
using Proviso.Domain.Access;
using Proviso.Server.Auth;
using NodaTime;

namespace Proviso.Server.Api;

/// <summary>Users, API tokens and roles: administrators manage users; a company admin grants roles for its company; anyone signed in can issue a token for themselves.</summary>
public static class AccessEndpoints
{
    public sealed record NewUser(string Username, string DisplayName, string Password, bool Administrator = false);

    public sealed record NewGrant(string Username, CompanyRole Role, string? Holder);

    public sealed record NewToken(string Label);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/users", CreateUser).WithSummary("Create a local account (administrators)");
        api.MapPost("/tokens", IssueToken).WithSummary("Issue an API token for yourself (shown once)");
        api.MapPost("/companies/{companyId}/roles", Grant).WithSummary("Give a user a role for a company (company admins)");
    }

    private static async Task<IResult> CreateUser(HttpContext http, NewUser body, AccessService access, IClock clock)
    {
        var user = await CompanyAccess.UserAsync(http, access);
        if (user is null) return Problems.Unauthenticated();
        if (!user.IsAdministrator) return Problems.Forbidden("Only an administrator creates accounts.");
        try
        {
            await access.CreateUserAsync(body.Username, body.DisplayName, body.Password, body.Administrator, clock.GetCurrentInstant(), http.RequestAborted);
            return Results.Created($"/api/users/{body.Username}", new { username = body.Username });
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }

    private static async Task<IResult> IssueToken(HttpContext http, NewToken body, AccessService access, IClock clock)
    {
        var user = await CompanyAccess.UserAsync(http, access);
        if (user is null) return Problems.Unauthenticated();
        var token = await access.IssueTokenAsync(user.Username, body.Label, clock.GetCurrentInstant(), http.RequestAborted);
        return Results.Created("/api/tokens", new { token, label = body.Label, note = "Shown once: only its SHA-256 is stored." });
    }

    private static async Task<IResult> Grant(HttpContext http, string companyId, NewGrant body, AccessService access, IClock clock, Storage.IEventStore store)
    {
        var (c, problem) = await ApiContext.OpenAsync(http, store, access, companyId, Need.Administer);
        if (c is null) return problem!;
        if (body.Role == CompanyRole.Holder && (body.Holder is null || !c.Ledger.Timeline.Latest.Holders.ContainsKey(body.Holder)))
            return Problems.BadInput($"a holder role names a holder of '{companyId}'; '{body.Holder}' is not one");
        try
        {
            await access.GrantAsync(body.Username, companyId, body.Role, body.Holder, clock.GetCurrentInstant(), http.RequestAborted);
            return Results.Ok(new { username = body.Username, company = companyId, role = body.Role, holder = body.Holder });
        }
        catch (InputException ex)
        {
            return Problems.BadInput(ex.Message);
        }
    }
}
