using System.Net;
using System.Net.Http.Headers;
using Proviso.Domain.Access;
using Proviso.Server.Tests.Infrastructure;

namespace Proviso.Server.Tests;

/// <summary>The consortium agreement of 22 December 2025 through the API: status, action checks, costs, deadlines, shareholding and its commands.</summary>
public sealed class ConsortiumEndpointTests : IDisposable
{
    private const string Consortium = "/api/companies/cloopen/consortium";
    private readonly ProvisoServer _server = new();

    public ConsortiumEndpointTests() => _server.Clock.Set("2026-11-21T12:00:00+08:00");

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Status_AsOf21November2026_ExclusivityEndsOn22December2026()
    {
        var viewer = await _server.UserAsync("viewer", "cloopen", CompanyRole.Viewer);
        var status = (await viewer.GetJsonAsync($"{Consortium}?asOf=2026-11-21")).Expect(HttpStatusCode.OK);
        Assert.Equal("consortium-2025", (string?)status["agreement"]);
        Assert.True(status["inForce"]!.GetValue<bool>());
        Assert.Equal("2026-12-22", (string?)status["exclusivity"]!["lastDay"]);
        Assert.Contains(status["members"]!.AsArray(), m => (string?)m!["id"] == "ceo-entity" && ((string?)m["citation"])!.StartsWith("consortium-2025 s.", StringComparison.Ordinal));

        var deadlines = (await viewer.GetJsonAsync($"{Consortium}/deadlines?asOf=2026-11-21")).Expect(HttpStatusCode.OK);
        Assert.NotEmpty(deadlines["deadlines"]!.AsArray());
        Assert.All(deadlines["deadlines"]!.AsArray(), d => Assert.Equal("consortium-2025", (string?)d!["agreementId"]));

        var holding = (await viewer.GetJsonAsync($"{Consortium}/shareholding?asOf=2026-11-21")).Expect(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty((string?)holding["percent"]));
    }

    [Fact]
    public async Task Commands_RecordedByCounsel_ShowInStatusCostsAndChecks()
    {
        var counsel = await _server.UserAsync("counsel", "cloopen", CompanyRole.Counsel);
        (await counsel.PostAsync($"{Consortium}/commitments", new { member = "initial-sponsor", equity = "USD 150,000,000.00", reference = "letter", at = "2026-01-05T10:00:00+08:00" })).Expect(HttpStatusCode.Created);
        (await counsel.PostAsync($"{Consortium}/commitments", new { member = "ceo-entity", rolloverShares = 60_000_000, at = "2026-01-05T10:00:00+08:00" })).Expect(HttpStatusCode.Created);
        (await counsel.PostAsync($"{Consortium}/valuation", new { pricePerShare = "USD 0.50", basis = "illustrative", at = "2026-01-05T11:00:00+08:00" })).Expect(HttpStatusCode.Created);
        (await counsel.PostAsync($"{Consortium}/expenses", new { id = "han-kun-q1", paidBy = "initial-sponsor", kind = "joint-advisor", payee = "Han Kun Law Offices", amount = "USD 850,000.00", approved = true, at = "2026-03-31T18:00:00+08:00" })).Expect(HttpStatusCode.Created);
        (await counsel.PostAsync($"{Consortium}/approaches", new { id = "approach-1", member = "ceo-entity", from = "a sponsor", nature = "telephone call", at = "2026-06-01T15:30:00+08:00" })).Expect(HttpStatusCode.Created);
        (await counsel.PostAsync($"{Consortium}/approaches/approach-1/notification", new { copiesProvided = true, at = "2026-06-02T09:00:00+08:00" })).Expect(HttpStatusCode.Created);
        (await counsel.PostAsync($"{Consortium}/consents", new { id = "ceo-consent-price", by = "ceo-entity", @for = "initial-sponsor", action = "agree-merger-consideration", written = true, at = "2026-09-15T10:00:00+08:00" })).Expect(HttpStatusCode.Created);

        // Only the Initial Sponsor may admit an Additional Sponsor (s.1.02): 422 citing the rule, nothing written.
        var version = await _server.VersionAsync();
        var refused = (await counsel.PostAsync($"{Consortium}/admissions", new { member = "fund-c", name = "Fund C", deed = "none", decidedBy = "ceo-entity", at = "2026-02-02T10:00:00+08:00" })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("consortium.admission-not-by-initial-sponsor", (string?)refused["rule"]);
        Assert.StartsWith("consortium-2025 s.1.02", (string?)refused["citation"]);
        Assert.Equal(version, await _server.VersionAsync());

        var status = (await counsel.GetJsonAsync($"{Consortium}?asOf=2026-11-21")).Expect(HttpStatusCode.OK);
        Assert.Equal("USD 150000000.00", (string?)status["members"]!.AsArray().Single(m => (string?)m!["id"] == "initial-sponsor")!["commitment"]!["equity"]);
        Assert.Single(status["consents"]!.AsArray());

        var costs = (await counsel.GetJsonAsync($"{Consortium}/costs?outcome=failed")).Expect(HttpStatusCode.OK);
        var line = costs["lines"]!.AsArray().Single(l => (string?)l!["expense"] == "han-kun-q1")!;
        Assert.StartsWith("consortium-2025 s.", (string?)line["citation"]);
        (await counsel.GetJsonAsync($"{Consortium}/costs?outcome=maybe")).Expect(HttpStatusCode.BadRequest);

        var check = (await counsel.GetJsonAsync($"{Consortium}/check?member=initial-sponsor&action=agree-merger-consideration&at=2026-09-16T10:00:00%2B08:00")).Expect(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty((string?)check["permission"]));
        Assert.NotEmpty(check["citations"]!.AsArray());
        var badAction = (await counsel.GetJsonAsync($"{Consortium}/check?member=initial-sponsor&action=fly")).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("action", (string?)badAction["field"]);
    }

    [Fact]
    public async Task Termination_ByMutualAgreement_TheAgreementIsNoLongerInForce()
    {
        var admin = await _server.AdminAsync();
        (await admin.PostAsync($"{Consortium}/termination", new { ground = "mutual-agreement", signedBy = new[] { "ceo-entity", "initial-sponsor" }, at = "2026-10-01T10:00:00+08:00" })).Expect(HttpStatusCode.Created);
        var status = (await admin.GetJsonAsync($"{Consortium}?asOf=2026-11-21")).Expect(HttpStatusCode.OK);
        Assert.False(status["inForce"]!.GetValue<bool>());
        var bad = (await admin.PostAsync($"{Consortium}/termination", new { ground = "boredom" })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal("ground", (string?)bad["field"]);
    }

    [Fact]
    public async Task Holder_OfAMember_RecordsItsOwnActsOnly_AndANonMemberIsRefused()
    {
        var ceo = await _server.UserAsync("ceo", "cloopen", CompanyRole.Holder, "cloopen-co");
        (await ceo.GetJsonAsync(Consortium)).Expect(HttpStatusCode.OK);
        (await ceo.PostAsync($"{Consortium}/commitments", new { member = "ceo-entity", rolloverShares = 60_000_000 })).Expect(HttpStatusCode.Created);
        (await ceo.PostAsync($"{Consortium}/commitments", new { member = "initial-sponsor", equity = "USD 1.00" })).Expect(HttpStatusCode.Forbidden);
        (await ceo.PostAsync($"{Consortium}/definitive-agreement", new { reference = "x" })).Expect(HttpStatusCode.Forbidden);

        var outsider = await _server.UserAsync("tencent", "cloopen", CompanyRole.Holder, "tencent");
        (await outsider.GetJsonAsync(Consortium)).Expect(HttpStatusCode.Forbidden);
    }
}

/// <summary>The SEC filing record through the API: import by company admins (idempotent), timeline, deadlines and ownership.</summary>
public sealed class DisclosureEndpointTests : IDisposable
{
    private readonly ProvisoServer _server = new();

    public void Dispose() => _server.Dispose();

    private static ByteArrayContent Edgar()
    {
        var content = new ByteArrayContent(File.ReadAllBytes(Path.Combine(Repo.Cloopen, "filings", "cloopen-edgar-submissions-sample.json")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    [Fact]
    public async Task Import_EdgarJsonTwice_SecondChangesNothing_AndTheTimelineListsTheFilings()
    {
        var admin = await _server.AdminAsync();
        var first = await admin.PostAsync("/api/companies/cloopen/filings/import", Edgar());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        Assert.Equal("edgar-json", (string?)body["format"]);
        var written = body["entriesWritten"]!.GetValue<int>();
        Assert.True(written > 0);
        var version = await _server.VersionAsync();

        var second = await admin.PostAsync("/api/companies/cloopen/filings/import", Edgar());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("\"unchanged\"", await second.Content.ReadAsStringAsync());
        Assert.Equal(version, await _server.VersionAsync());

        var viewer = await _server.UserAsync("viewer", "cloopen", CompanyRole.Viewer);
        var timeline = (await viewer.GetJsonAsync("/api/companies/cloopen/filings")).Expect(HttpStatusCode.OK);
        Assert.Equal(written, timeline["filings"]!.AsArray().Count);
        var deadlines = (await viewer.GetJsonAsync("/api/companies/cloopen/filings/deadlines?fiscalYearEnd=12-31")).Expect(HttpStatusCode.OK);
        Assert.NotEmpty(deadlines["fiscalYears"]!.AsArray());
        (await viewer.GetJsonAsync("/api/companies/cloopen/filings/deadlines?fiscalYearEnd=31-12")).Expect(HttpStatusCode.BadRequest);
        var ownership = (await viewer.GetJsonAsync("/api/companies/cloopen/ownership?asOf=2021-06-30")).Expect(HttpStatusCode.OK);
        Assert.NotEmpty(ownership["rows"]!.AsArray());
        Assert.Contains("/", (string?)ownership["rows"]![0]!["fraction"]);
    }

    [Fact]
    public async Task Import_ByCounsel403_StaleIfMatch412_Garbage400_NothingWritten()
    {
        var counsel = await _server.UserAsync("counsel", "cloopen", CompanyRole.Counsel);
        var version = await _server.VersionAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await counsel.PostAsync("/api/companies/cloopen/filings/import", Edgar())).StatusCode);

        var admin = await _server.AdminAsync();
        var stale = new HttpRequestMessage(HttpMethod.Post, "/api/companies/cloopen/filings/import") { Content = Edgar() };
        stale.Headers.TryAddWithoutValidation("If-Match", $"\"v{version - 1}\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.SendAsync(stale)).StatusCode);

        var garbage = new StringContent("{ \"filings\": 12 ", System.Text.Encoding.UTF8, "application/json");
        var bad = await admin.PostAsync("/api/companies/cloopen/filings/import", garbage);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("request body", await bad.Content.ReadAsStringAsync());
        var unknown = new StringContent("x", System.Text.Encoding.UTF8, "image/png");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/companies/cloopen/filings/import", unknown)).StatusCode);
        Assert.Equal(version, await _server.VersionAsync());

        var holder = await _server.UserAsync("tencent", "cloopen", CompanyRole.Holder, "tencent");
        (await holder.GetJsonAsync("/api/companies/cloopen/filings")).Expect(HttpStatusCode.OK);
        (await holder.GetJsonAsync("/api/companies/cloopen/ownership?asOf=2021-06-30")).Expect(HttpStatusCode.Forbidden);
    }
}
