using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using System.Runtime.CompilerServices;
using Proviso.Application.Access;
using Proviso.Domain.Access;

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
        var user = Find(state, header);
        if (user is null) return AuthenticateResult.Fail("unknown or revoked API token");
        // One ticket per user (the principal holds only the user name; what the user may do is read from the access
        // state on each request), made again when the user's record changes.
        return Tickets.GetValue(user, u => AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, u.Username)], SchemeName)), SchemeName)));
    }

    private static readonly ConditionalWeakTable<User, AuthenticateResult> Tickets = new();

    /// <summary>The user whose live token the header carries: its SHA-256 computed and looked up without a string.</summary>
    private static User? Find(AccessState state, string header)
    {
        var token = header.AsSpan("Bearer ".Length).Trim();
        Span<char> sha = stackalloc char[AccessService.TokenShaLength];
        return AccessService.TryTokenSha(token, sha) ? state.UserForToken(sha) : state.UserForToken(AccessService.TokenSha(token.ToString()));
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
