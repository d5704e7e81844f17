using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Proviso.Application.Access;

namespace Proviso.Server.Auth;

/// <summary>Authenticates "Authorization: Bearer pv_…" API tokens against the access ledger (which stores only their SHA-256).</summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessService access)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return AuthenticateResult.NoResult();
        var state = await CompanyAccess.StateAsync(Context, access);
        var user = state.UserForToken(AccessService.TokenSha(header["Bearer ".Length..].Trim()));
        if (user is null) return AuthenticateResult.Fail("unknown or revoked API token");
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Username)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = 401, Title = "Not signed in", Detail = "The API token is unknown or revoked.",
            Type = "https://proviso.example/problems/unauthenticated",
        }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
