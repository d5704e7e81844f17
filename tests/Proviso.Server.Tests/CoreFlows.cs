using System.Net;
using System.Text.Json.Nodes;
using Proviso.Domain.Access;
using Proviso.Server.Tests.Infrastructure;
using static Proviso.Server.Tests.Infrastructure.CloopenRofr;

namespace Proviso.Server.Tests;

/// <summary>
/// The core flows of the API, run against each store: a whole first-refusal process from notice to closing with the
/// cap table changing; stale If-Match; idempotency keys; a rule's refusal; a holder electing for another; no access
/// across companies. Each test gets its own database (<see cref="StartAsync"/>).
/// </summary>
public abstract class CoreFlows : IAsyncLifetime
{
    private ProvisoServer? _server;

    protected ProvisoServer Server => _server ?? throw new InvalidOperationException("not started");

    /// <summary>A server on a fresh, empty database of the store under test.</summary>
    protected abstract Task<ProvisoServer> StartAsync();

    protected virtual Task StopAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync()
    {
        _server?.Dispose();
        await StopAsync();
    }

    [Fact]
    public async Task FirstRefusal_WholeProcessThroughTheApi_ClosesAndTheCapTableChanges()
    {
        var counsel = await Server.UserAsync("counsel", Company, CompanyRole.Counsel);
        var before = (await counsel.GetJsonAsync("/api/companies/cloopen/captable?asOf=2021-01-05&basis=outstanding")).Expect(HttpStatusCode.OK);
        Assert.Equal(60_000_000, ClassA(before, "cloopen-co"));
        var tencentBefore = ClassA(before, "tencent");

        await ProposeAndNotifyAsync(counsel);
        foreach (var (holder, shares, at) in Elections.Take(15))
            (await counsel.PostAsync($"{Transfers}/rofr-2020-01/elections", Election(holder, shares, at))).Expect(HttpStatusCode.Created);

        // Tencent's Option Period ended at the end of 2020-12-22 in Hong Kong: a further election is refused, citing s.2.2(ii).
        var late = (await counsel.PostAsync($"{Transfers}/rofr-2020-01/elections", Election("tencent", 1, "2020-12-23T09:00:00+08:00"))).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("first-refusal.option-period-expired", (string?)late["rule"]);
        Assert.Equal("rofr-cosale-2020 s.2.2(ii)", (string?)late["citation"]);

        foreach (var (holder, shares, at) in Elections.Skip(15))
            (await counsel.PostAsync($"{Transfers}/rofr-2020-01/elections", Election(holder, shares, at))).Expect(HttpStatusCode.Created);
        (await counsel.PostAsync($"{Transfers}/rofr-2020-01/overallotment", new { holder = "main-access", shares = 10, at = "2020-12-28T10:00:00+08:00" })).Expect(HttpStatusCode.Created);

        var early = (await counsel.PostAsync($"{Transfers}/rofr-2020-01/close", new { at = "2020-12-29T10:00:00+08:00" })).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("closing.rights-open", (string?)early["rule"]);

        var closed = (await counsel.PostAsync($"{Transfers}/rofr-2020-01/close", new { at = "2021-01-05T10:00:00+08:00" })).Expect(HttpStatusCode.Created);
        Assert.Equal("recorded", (string?)closed["outcome"]);
        var process = closed["process"]!;
        Assert.Equal("closed", (string?)process["status"]);
        var legs = process["closing"]!["legs"]!.AsArray();
        Assert.Equal(3_000_000, legs.Sum(l => l!["shares"]!.GetValue<long>()));
        Assert.All(legs, l => Assert.StartsWith("rofr-cosale-2020 s.", (string?)l!["citation"]));
        Assert.Contains("round-down", (string?)process["closing"]!["roundingPolicy"]);

        // The full view: deemed receipt with its reason, exact entitlements and whole shares, each with its clause.
        var view = (await counsel.GetJsonAsync($"{Transfers}/rofr-2020-01")).Expect(HttpStatusCode.OK);
        var receipt = view["notices"]![0]!["receipts"]!.AsArray().Single(r => (string?)r!["recipient"] == "cloopen")!;
        Assert.Equal("2020-12-03", (string?)receipt["receivedOn"]);
        Assert.Contains("s.6.6", (string?)receipt["explanation"]);
        var cloudalpha = view["entitlements"]![0]!["shares"]!.AsArray().Single(s => (string?)s!["holder"] == "cloudalpha")!;
        Assert.Equal("187500000000/5913949", (string?)cloudalpha["exact"]);
        Assert.Equal(31_704, cloudalpha["whole"]!.GetValue<long>());
        Assert.Equal("rofr-cosale-2020 s.2.2(ii)", (string?)view["entitlements"]![0]!["citation"]);
        Assert.All(view["elections"]!.AsArray(), e => Assert.Equal("rofr-cosale-2020 s.2.2(ii)", (string?)e!["citation"]));
        Assert.Equal(10, view["overAllotment"]!["allocations"]![0]!["shares"]!.GetValue<long>());

        var after = (await counsel.GetJsonAsync("/api/companies/cloopen/captable?asOf=2021-01-05&basis=outstanding")).Expect(HttpStatusCode.OK);
        Assert.Equal(57_000_000, ClassA(after, "cloopen-co"));
        Assert.Equal(tencentBefore + 249_403, ClassA(after, "tencent"));
        var list = (await counsel.GetJsonAsync(Transfers)).Expect(HttpStatusCode.OK);
        Assert.Equal("closed", (string?)list["processes"]![0]!["status"]);
    }

    [Fact]
    public async Task Election_StaleIfMatch_412AndNothingWritten()
    {
        var admin = await Server.AdminAsync();
        var etag = await ProposeAndNotifyAsync(admin);
        var (holder, shares, at) = Elections[0];
        (await admin.PostAsync($"{Transfers}/rofr-2020-01/elections", Election(holder, shares, at), ifMatch: etag)).Expect(HttpStatusCode.Created);
        var version = await Server.VersionAsync();

        var (h2, s2, a2) = Elections[1];
        var stale = (await admin.PostAsync($"{Transfers}/rofr-2020-01/elections", Election(h2, s2, a2), ifMatch: etag)).Expect(HttpStatusCode.PreconditionFailed);
        Assert.Equal(version, stale["currentVersion"]!.GetValue<long>());
        Assert.Equal(version, await Server.VersionAsync());
    }

    [Fact]
    public async Task Election_SameIdempotencyKeyTwice_SecondChangesNothing()
    {
        var admin = await Server.AdminAsync();
        await ProposeAndNotifyAsync(admin);
        var (holder, shares, at) = Elections[0];
        var first = (await admin.PostAsync($"{Transfers}/rofr-2020-01/elections", Election(holder, shares, at), idempotencyKey: "elect-tencent-1")).Expect(HttpStatusCode.Created);
        var version = await Server.VersionAsync();

        var second = (await admin.PostAsync($"{Transfers}/rofr-2020-01/elections", Election(holder, shares, at), idempotencyKey: "elect-tencent-1")).Expect(HttpStatusCode.OK);
        Assert.Equal("already-recorded", (string?)second["outcome"]);
        Assert.Equal(first["entries"]!.ToJsonString(), second["entries"]!.ToJsonString());
        Assert.Equal(version, await Server.VersionAsync());
        var view = (await admin.GetJsonAsync($"{Transfers}/rofr-2020-01")).Expect(HttpStatusCode.OK);
        Assert.Single(view["elections"]!.AsArray());
    }

    [Fact]
    public async Task Election_MoreThanTheProRataShares_422CitingTheRuleAndNothingWritten()
    {
        var admin = await Server.AdminAsync();
        await ProposeAndNotifyAsync(admin);
        var version = await Server.VersionAsync();
        var refused = (await admin.PostAsync($"{Transfers}/rofr-2020-01/elections", Election("tencent", 249_404, "2020-12-07T10:05:00+08:00"))).Expect(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("https://proviso.example/problems/refused", (string?)refused["type"]);
        Assert.False(string.IsNullOrEmpty((string?)refused["rule"]));
        Assert.StartsWith("rofr-cosale-2020 s.", (string?)refused["citation"]);
        Assert.Equal("ElectFirstRefusal", (string?)refused["command"]);
        Assert.Equal(version, await Server.VersionAsync());
    }

    [Fact]
    public async Task Holder_ElectsForAnotherHolder_403AndNothingWritten()
    {
        var admin = await Server.AdminAsync();
        await ProposeAndNotifyAsync(admin);
        var sequoia = await Server.UserAsync("sequoia", Company, CompanyRole.Holder, "sequoia-iv");
        Server.Clock.Set("2020-12-07T10:00:00+08:00");
        var version = await Server.VersionAsync();

        var r = (await sequoia.PostAsync($"{Transfers}/rofr-2020-01/elections", new { holder = "tencent", shares = 249_403 })).Expect(HttpStatusCode.Forbidden);
        Assert.Contains("sequoia-iv", (string?)r["detail"]);
        Assert.Equal(version, await Server.VersionAsync());

        // For itself, at the server's clock (inside its Option Period), the same holder may elect.
        var own = (await sequoia.PostAsync($"{Transfers}/rofr-2020-01/elections", new { shares = 507_275 })).Expect(HttpStatusCode.Created);
        Assert.Equal("sequoia-iv", (string?)own["process"]!["elections"]![0]!["holder"]);
    }

    [Fact]
    public async Task CompanyAdminOfAnotherCompany_ReadsAndWrites_404AndNothingWritten()
    {
        await Server.ImportSecondCompanyAsync("acme");
        var acmeAdmin = await Server.UserAsync("acme-admin", "acme", CompanyRole.CompanyAdmin);
        (await acmeAdmin.GetJsonAsync("/api/companies/acme/transfers")).Expect(HttpStatusCode.OK);
        var version = await Server.VersionAsync();

        (await acmeAdmin.GetJsonAsync(Transfers)).Expect(HttpStatusCode.NotFound);
        (await acmeAdmin.GetJsonAsync("/api/companies/cloopen/captable")).Expect(HttpStatusCode.NotFound);
        (await acmeAdmin.PostAsync(Transfers, Proposal())).Expect(HttpStatusCode.NotFound);
        Assert.Equal(version, await Server.VersionAsync());
    }
}

/// <summary>The core flows on SQLite: a fresh temporary database file per test.</summary>
public sealed class CoreFlowsOnSqlite : CoreFlows
{
    protected override Task<ProvisoServer> StartAsync() => Task.FromResult(new ProvisoServer());
}

/// <summary>The core flows on PostgreSQL (PROVISO_TEST_PG): a freshly created database per test, dropped afterwards.</summary>
public sealed class CoreFlowsOnPostgres : CoreFlows
{
    private string? _database;

    protected override async Task<ProvisoServer> StartAsync()
    {
        var (name, connectionString) = await PostgresTestServer.CreateDatabaseAsync();
        _database = name;
        return new ProvisoServer(connectionString);
    }

    protected override async Task StopAsync()
    {
        if (_database is not null) await PostgresTestServer.DropDatabaseAsync(_database);
    }
}
