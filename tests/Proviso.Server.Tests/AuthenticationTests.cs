using System.Net;
using System.Text.RegularExpressions;
using Proviso.Domain.Access;
using Proviso.Server.Tests.Infrastructure;

namespace Proviso.Server.Tests;

/// <summary>Sign-in with the first-start administrator (cookie) and with API tokens; no credentials is 401 problem details, never a redirect.</summary>
public sealed partial class AuthenticationTests : IDisposable
{
    private readonly ProvisoServer _server = new();

    public void Dispose() => _server.Dispose();

    internal static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string username, string password)
    {
        var page = await client.GetStringAsync("/signin");
        var token = AntiForgery().Match(page);
        Assert.True(token.Success, "the sign-in form carries an anti-forgery token");
        return await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = username, ["password"] = password, ["returnUrl"] = "/", ["__RequestVerificationToken"] = token.Groups[1].Value,
        }));
    }

    [Fact]
    public async Task SignIn_FirstStartAdministratorWithItsPassword_CookieOpensTheApi()
    {
        var client = _server.Anonymous();
        var response = await SignInAsync(client, "admin", ProvisoServer.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("proviso=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));

        var me = (await client.GetJsonAsync("/api/me")).Expect(HttpStatusCode.OK);
        Assert.Equal("admin", (string?)me["username"]);
        Assert.True(me["administrator"]!.GetValue<bool>());
        var companies = (await client.GetJsonAsync("/api/companies")).Expect(HttpStatusCode.OK);
        Assert.Contains(companies.AsArray(), c => (string?)c!["id"] == "cloopen");
    }

    [Fact]
    public async Task SignIn_WrongPassword_NoSessionAndTheApiStays401()
    {
        var client = _server.Anonymous();
        var response = await SignInAsync(client, "admin", "not the password at all");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("do not match", await response.Content.ReadAsStringAsync());
        (await client.GetJsonAsync("/api/me")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiToken_IssuedToASignedInUser_AuthenticatesAnotherClient()
    {
        var browser = _server.Anonymous();
        await SignInAsync(browser, "admin", ProvisoServer.AdminPassword);
        var issued = (await browser.PostAsync("/api/tokens", new { label = "script" })).Expect(HttpStatusCode.Created);
        var token = (string?)issued["token"];
        Assert.StartsWith("pv_", token);

        var script = _server.WithToken(token!);
        var me = (await script.GetJsonAsync("/api/me")).Expect(HttpStatusCode.OK);
        Assert.Equal("admin", (string?)me["username"]);
        (await script.GetJsonAsync(CloopenRofr.Transfers)).Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("GET", "/api/companies/cloopen/transfers")]
    [InlineData("GET", "/api/companies/cloopen/consortium")]
    [InlineData("GET", "/api/companies/cloopen/filings")]
    [InlineData("POST", "/api/companies/cloopen/transfers")]
    [InlineData("POST", "/api/companies/cloopen/transfers/x/elections")]
    [InlineData("POST", "/api/companies/cloopen/filings/import")]
    public async Task NoCredentials_ApiEndpoint_401ProblemDetailsNotARedirect(string method, string url)
    {
        var client = _server.Anonymous();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "POST" ? Http.Json(new { }) : null });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("unauthenticated", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiTokens_OfTwoUsers_EachAuthenticatesAsItsOwnUser_EveryTime_AlsoAfterAGrantChanges()
    {
        var admin = await _server.AdminAsync();
        var viewer = await _server.UserAsync("vera", CloopenRofr.Company, CompanyRole.Viewer);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("vera", (string?)(await viewer.GetJsonAsync("/api/me")).Expect(HttpStatusCode.OK)["username"]);
            Assert.Equal("admin", (string?)(await admin.GetJsonAsync("/api/me")).Expect(HttpStatusCode.OK)["username"]);
        }
        (await viewer.PostAsync(CloopenRofr.Transfers, CloopenRofr.Proposal())).Expect(HttpStatusCode.Forbidden);

        await _server.Access.GrantAsync("vera", CloopenRofr.Company, CompanyRole.Counsel, null, _server.Clock.Now);
        Assert.Equal("vera", (string?)(await viewer.GetJsonAsync("/api/me")).Expect(HttpStatusCode.OK)["username"]);
        (await viewer.PostAsync(CloopenRofr.Transfers, CloopenRofr.Proposal())).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task UnknownApiToken_401ProblemDetails()
    {
        var client = _server.WithToken("pv_not-a-token");
        var response = await client.GetAsync(CloopenRofr.Transfers);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();
}
