using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Proviso.Application.Ledgers;
using Proviso.Server.Tests.Infrastructure;
using static Proviso.Server.Tests.Infrastructure.CloopenRofr;

namespace Proviso.Server.Tests.Caching;

/// <summary>
/// The server's in-memory ledgers (<see cref="CompanyLedgerCache"/>) and access state are brought up to date by version:
/// after a write, through this server or another one on the same store, the next read sees it; an incrementally
/// refreshed ledger equals a full replay; concurrent commands without If-Match are decided one after the other (and
/// committed in groups: <see cref="CompanyWriteQueue"/>), each recorded once.
/// </summary>
public sealed class LedgerCacheTests
{
    private static async Task<long> ApiVersionAsync(HttpClient client)
    {
        var r = await client.GetJsonAsync("/api/companies/cloopen");
        var body = r.Expect(HttpStatusCode.OK);
        Assert.Equal($"\"v{(long)body["version"]!}\"", r.Response.Headers.ETag!.Tag);
        return (long)body["version"]!;
    }

    [Fact]
    public async Task CachedLedger_AfterApiWrite_NextReadSeesIt()
    {
        using var server = new ProvisoServer();
        var admin = await server.AdminAsync();
        var before = await ApiVersionAsync(admin); // the cache now holds the ledger
        (await admin.GetJsonAsync($"{Transfers}/rofr-2020-01")).Expect(HttpStatusCode.NotFound);

        (await admin.PostAsync(Transfers, Proposal())).Expect(HttpStatusCode.Created);

        Assert.Equal(await server.VersionAsync(), await ApiVersionAsync(admin));
        Assert.True(await server.VersionAsync() > before);
        (await admin.GetJsonAsync($"{Transfers}/rofr-2020-01")).Expect(HttpStatusCode.OK);
        var cache = ((LedgerCachingStore)server.EventStore).Cache;
        Assert.True(cache.Statistics.Incremental + cache.Statistics.Appended > 0, "the write was applied to the cached ledger incrementally");
    }

    [Fact]
    public async Task CachedLedger_AfterWriteByAnotherServerOnTheSameStore_NextReadSeesIt()
    {
        using var server = new ProvisoServer();
        var admin = await server.AdminAsync();
        var before = await ApiVersionAsync(admin);
        (await admin.GetJsonAsync("/api/companies/cloopen/captable")).Expect(HttpStatusCode.OK);

        // Another server (its own cache) on the same SQLite file: a writer this server's cache never hears about.
        using var other = new ProvisoServer(store: server.Store);
        var otherAdmin = await other.AdminAsync(); // a token issued there: this server's access state must see it too
        await ProposeAndNotifyAsync(otherAdmin);

        var after = await ApiVersionAsync(admin);
        Assert.Equal(await server.VersionAsync(), after);
        Assert.True(after > before);
        var list = (await admin.GetJsonAsync(Transfers)).Expect(HttpStatusCode.OK);
        Assert.Contains(list["processes"]!.AsArray(), p => (string?)p!["process"] == "rofr-2020-01");
        Assert.Equal(after, await ApiVersionAsync(otherAdmin.WithSameTokenOn(server)));
    }

    [Fact]
    public async Task CachedLedger_RefreshedIncrementally_EqualsAFullReplay()
    {
        using var server = new ProvisoServer();
        var admin = await server.AdminAsync();
        await ApiVersionAsync(admin);
        await ProposeAndNotifyAsync(admin);
        foreach (var (holder, shares, at) in Elections.Take(5))
            (await admin.PostAsync($"{Transfers}/rofr-2020-01/elections", Election(holder, shares, at))).Expect(HttpStatusCode.Created);

        var cached = await CompanyLedger.LoadAsync(server.EventStore, Company);
        var replayed = await CompanyLedger.LoadUncachedAsync(server.EventStore, Company);
        Assert.Equal(replayed.Version, cached.Version);
        Assert.Equal(replayed.Entries.Select(e => e.Hash), cached.Entries.Select(e => e.Hash));
        Assert.Equal(replayed.Timeline.Events.Select(e => e.Sequence), cached.Timeline.Events.Select(e => e.Sequence));
        Assert.Equal(replayed.Timeline.Latest.Fingerprint(), cached.Timeline.Latest.Fingerprint());
        Assert.Same(cached, await CompanyLedger.LoadAsync(server.EventStore, Company)); // unchanged ledger: the same snapshot
    }

    [Fact]
    public async Task ConcurrentElections_WithoutIfMatch_AreAllRecorded()
    {
        using var server = new ProvisoServer();
        var admin = await server.AdminAsync();
        await ProposeAndNotifyAsync(admin);
        var before = await server.VersionAsync();

        var results = await Task.WhenAll(Elections.Select(e => admin.PostAsync($"{Transfers}/rofr-2020-01/elections", Election(e.Holder, e.Shares, e.At))));

        Assert.All(results, r => r.Expect(HttpStatusCode.Created));
        var process = (await admin.GetJsonAsync($"{Transfers}/rofr-2020-01")).Expect(HttpStatusCode.OK);
        Assert.Equal(Elections.Length, process["elections"]!.AsArray().Count);
        Assert.Equal(before + Elections.Length, await ApiVersionAsync(admin));
        Assert.Equal(results.Select(r => (long)r.Body!["version"]!).Order(), Enumerable.Range(1, Elections.Length).Select(i => before + i));
    }

    [Fact]
    public async Task ConcurrentRetries_WithOneIdempotencyKey_RecordOnceAndEachAnswersWithThoseEntries()
    {
        using var server = new ProvisoServer();
        var admin = await server.AdminAsync();
        await ProposeAndNotifyAsync(admin);
        var before = await server.VersionAsync();
        var (holder, shares, at) = Elections[0];

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.PostAsync($"{Transfers}/rofr-2020-01/elections", Election(holder, shares, at), idempotencyKey: "retry-1")));

        Assert.Single(results, r => r.Status == HttpStatusCode.Created);
        Assert.All(results.Where(r => r.Status != HttpStatusCode.Created), r => Assert.Equal("already-recorded", (string?)r.Expect(HttpStatusCode.OK)["outcome"]));
        Assert.All(results, r => Assert.Equal(before + 1, (long)r.Body!["entries"]![0]!["sequence"]!));
        Assert.Single(results.Select(r => (string?)r.Body!["entries"]![0]!["hash"]).Distinct());
        Assert.Equal(before + 1, await server.VersionAsync());
    }
}

internal static class TokenClients
{
    /// <summary>A client for <paramref name="server"/> sending the same API token as <paramref name="client"/>.</summary>
    public static HttpClient WithSameTokenOn(this HttpClient client, ProvisoServer server) =>
        server.WithToken(client.DefaultRequestHeaders.Authorization!.Parameter!);
}
