using System.Security.Claims;
using Proviso.Application.Access;
using Proviso.Domain.Access;

namespace Proviso.Server.Auth;

/// <summary>Who is asking, and what they may do with a company: the one place every endpoint and page asks.</summary>
public sealed record Caller(User User, AccessDecision Decision)
{
    /// <summary>For a holder: the holder it acts for (its view is limited to what concerns it); null otherwise.</summary>
    public string? OnlyHolder => Decision.OnlyHolder;
}

public static class CompanyAccess
{
    public static async ValueTask<User?> UserAsync(HttpContext http, AccessService access)
    {
        var name = http.User.FindFirstValue(ClaimTypes.Name);
        if (name is null) return null;
        var state = await StateAsync(http, access);
        return state.Users.TryGetValue(name, out var u) ? u : null;
    }

    /// <summary>
    /// The access state for this request: read once per request (the token check and the role check see the same
    /// state) from <see cref="AccessService.CurrentAsync"/>, which is current as of the request's first look.
    /// </summary>
    public static async ValueTask<AccessState> StateAsync(HttpContext http, AccessService access)
    {
        if (http.Items.TryGetValue(typeof(AccessState), out var o) && o is AccessState known) return known;
        var state = await access.CurrentAsync(http.RequestAborted);
        http.Items[typeof(AccessState)] = state;
        return state;
    }

    /// <summary>The caller's access to <paramref name="companyId"/> for <paramref name="need"/>, or null if not signed in.</summary>
    public static async ValueTask<Caller?> CheckAsync(HttpContext http, AccessService access, string companyId, Need need, string? actingFor = null)
    {
        var user = await UserAsync(http, access);
        return user is null ? null : new Caller(user, AccessService.Decide(user, companyId, need, actingFor));
    }

    /// <summary>The companies the user may see (all of them for an administrator).</summary>
    public static IEnumerable<string> VisibleCompanies(User user, IEnumerable<string> all) =>
        user.IsAdministrator ? all : all.Where(c => user.Grants.ContainsKey(c));
}
