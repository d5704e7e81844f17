using System.Net;
using System.Text.Json.Nodes;
using Proviso.Domain.Access;
using Proviso.Server.Tests.Infrastructure;
using static Proviso.Server.Tests.Infrastructure.CloopenRofr;

namespace Proviso.Server.Tests;

/// <summary>What each role may do: holders act and see only for themselves, viewers never write, counsel acts for anyone, no access across companies.</summary>
public sealed class RoleTests : IDisposable
{
    private readonly ProvisoServer _server = new();

    public void Dispose() => _server.Dispose();

    /// <summary>The process served, and Tencent's and Sequoia's elections recorded by counsel.</summary>
    private async Task<HttpClient> ProcessWithTwoElectionsAsync()
    {
        var counsel = await _server.UserAsync("counsel", Company, CompanyRole.Counsel);
        await ProposeAndNotifyAsync(counsel);
        (await counsel.PostAsync($"{Transfers}/rofr-2020-01/elections", Election("tencent", 249_403, "2020-12-07T10:05:00+08:00"))).Expect(HttpStatusCode.Created);
        (await counsel.PostAsync($"{Transfers}/rofr-2020-01/elections", Election("sequoia-iv", 507_275, "2020-12-08T11:20:00+08:00"))).Expect(HttpStatusCode.Created);
        return counsel;
    }

    [Fact]
    public async Task Holder_ReadsTheProcess_SeesOnlyItsOwnElectionsEntitlementsAndReceipts()
    {
        await ProcessWithTwoElectionsAsync();
        var sequoia = await _server.UserAsync("sequoia", Company, CompanyRole.Holder, "sequoia-iv");
        var view = (await sequoia.GetJsonAsync($"{Transfers}/rofr-2020-01")).Expect(HttpStatusCode.OK);

        var elections = view["elections"]!.AsArray();
        Assert.Single(elections);
        Assert.Equal("sequoia-iv", (string?)elections[0]!["holder"]);
        Assert.DoesNotContain("tencent", view["elections"]!.ToJsonString());
        Assert.All(view["entitlements"]!.AsArray(), t => Assert.Equal("sequoia-iv", (string?)t!["shares"]!.AsArray().Single()!["holder"]));
        Assert.Equal("sequoia-iv", (string?)view["notices"]![0]!["receipts"]!.AsArray().Single()!["recipient"]);
        Assert.DoesNotContain(view["deadlines"]!.AsArray(), d => ((string?)d!["name"])!.EndsWith(" of tencent", StringComparison.Ordinal));
        Assert.Contains(view["deadlines"]!.AsArray(), d => ((string?)d!["name"])!.EndsWith(" of sequoia-iv", StringComparison.Ordinal));

        // The transferor sees the elections addressed to it; counsel sees everything.
        var transferor = await _server.UserAsync("cloopen-co", Company, CompanyRole.Holder, "cloopen-co");
        Assert.Equal(2, (await transferor.GetJsonAsync($"{Transfers}/rofr-2020-01")).Expect(HttpStatusCode.OK)["elections"]!.AsArray().Count);
    }

    [Fact]
    public async Task Holder_NotNamedInTheProcess_DoesNotSeeIt()
    {
        await ProcessWithTwoElectionsAsync();
        var outsider = await _server.UserAsync("cvc", Company, CompanyRole.Holder, "cvc");
        (await outsider.GetJsonAsync($"{Transfers}/rofr-2020-01")).Expect(HttpStatusCode.NotFound);
        Assert.Empty((await outsider.GetJsonAsync(Transfers)).Expect(HttpStatusCode.OK)["processes"]!.AsArray());
    }

    [Fact]
    public async Task Holder_StepsForAnother_403_AndMayNotBackdateItsOwn()
    {
        await ProcessWithTwoElectionsAsync();
        var pac = await _server.UserAsync("pac", Company, CompanyRole.Holder, "pac");
        _server.Clock.Set("2020-12-10T10:00:00+08:00");
        var version = await _server.VersionAsync();
        (await pac.PostAsync($"{Transfers}/rofr-2020-01/waivers", new { holder = "tencent" })).Expect(HttpStatusCode.Forbidden);
        (await pac.PostAsync($"{Transfers}/rofr-2020-01/cosale", new { holder = "tencent", @class = "series-f", shares = 1 })).Expect(HttpStatusCode.Forbidden);
        (await pac.PostAsync($"{Transfers}/rofr-2020-01/close", new { })).Expect(HttpStatusCode.Forbidden);
        var backdated = (await pac.PostAsync($"{Transfers}/rofr-2020-01/elections", new { shares = 232_501, at = "2020-12-05T10:00:00+08:00" })).Expect(HttpStatusCode.Forbidden);
        Assert.Contains("at", (string?)backdated["detail"]);
        Assert.Equal(version, await _server.VersionAsync());
    }

    [Fact]
    public async Task Viewer_EveryCompanyPost_403AndNothingWritten()
    {
        await ProcessWithTwoElectionsAsync();
        var viewer = await _server.UserAsync("viewer", Company, CompanyRole.Viewer);
        (await viewer.GetJsonAsync($"{Transfers}/rofr-2020-01")).Expect(HttpStatusCode.OK);
        var version = await _server.VersionAsync();

        var doc = (await _server.Anonymous().GetJsonAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var posts = doc["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/api/companies/{companyId}/", StringComparison.Ordinal) && p.Value!["post"] is not null)
            .Select(p => p.Key)
            .ToList();
        Assert.True(posts.Count >= 25, $"expected the write endpoints in the OpenAPI document, found {posts.Count}");
        string[] writeFamilies = ["/transfers", "/consortium/", "/filings/", "/roles", "/register/"];
        foreach (var path in posts)
        {
            var url = path.Replace("{companyId}", Company).Replace("{processId}", "rofr-2020-01").Replace("{approachId}", "approach-1");
            var r = await viewer.PostAsync(url, new { });
            // Every POST that records something refuses a viewer; a calculation (consents/check, drag-along/holders-test) may answer, but never writes.
            if (writeFamilies.Any(f => path.Contains(f, StringComparison.Ordinal)))
                Assert.True(r.Status == HttpStatusCode.Forbidden, $"POST {url} as a viewer: expected 403, got {(int)r.Status}: {r.Body?.ToJsonString()}");
            else
                Assert.NotEqual(HttpStatusCode.Created, r.Status);
            Assert.Equal(version, await _server.VersionAsync());
        }
        Assert.Equal(version, await _server.VersionAsync());
    }

    [Fact]
    public async Task Counsel_RecordsStepsForAnyParty_ButDoesNotAdminister()
    {
        var counsel = await ProcessWithTwoElectionsAsync();
        var waiver = (await counsel.PostAsync($"{Transfers}/rofr-2020-01/waivers", new { holder = "pac", right = "all", at = "2020-12-09T10:00:00+08:00" })).Expect(HttpStatusCode.Created);
        Assert.Equal("pac", (string?)waiver["process"]!["waivers"]![0]!["holder"]);
        var version = await _server.VersionAsync();
        var import = await counsel.PostAsync("/api/companies/cloopen/filings/import", new { });
        import.Expect(HttpStatusCode.Forbidden);
        Assert.Equal(version, await _server.VersionAsync());
    }

    [Fact]
    public async Task UserWithARoleForAnotherCompany_EveryMechanism_404ForCloopen()
    {
        await ProcessWithTwoElectionsAsync();
        await _server.ImportSecondCompanyAsync("acme");
        var acme = await _server.UserAsync("acme-counsel", "acme", CompanyRole.Counsel);
        var version = await _server.VersionAsync();
        foreach (var url in new[] { Transfers, $"{Transfers}/rofr-2020-01", "/api/companies/cloopen/consortium", "/api/companies/cloopen/filings", "/api/companies/cloopen/ownership?asOf=2021-01-01", "/api/companies/cloopen/agenda.ics" })
            (await acme.GetJsonAsync(url)).Expect(HttpStatusCode.NotFound);
        (await acme.PostAsync($"{Transfers}/rofr-2020-01/elections", Election("pac", 1, "2020-12-09T10:00:00+08:00"))).Expect(HttpStatusCode.NotFound);
        (await acme.PostAsync("/api/companies/cloopen/consortium/commitments", new { member = "ceo-entity", rolloverShares = 1 })).Expect(HttpStatusCode.NotFound);
        Assert.Equal(version, await _server.VersionAsync());

        var companies = (await acme.GetJsonAsync("/api/companies")).Expect(HttpStatusCode.OK);
        Assert.Equal(new[] { "acme" }, companies.AsArray().Select(c => (string)c!["id"]!).ToArray());
    }
}
