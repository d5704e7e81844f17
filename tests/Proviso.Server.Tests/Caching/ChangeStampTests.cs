using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Proviso.Application.Access;
using Proviso.Application.Ledgers;
using Proviso.Application.Transfers;
using Proviso.Domain.Access;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register;
using Proviso.Server.Api;
using Proviso.Server.Tests.Infrastructure;
using Proviso.Storage;
using Proviso.Storage.Sqlite;
using static Proviso.Server.Tests.Infrastructure.CloopenRofr;

namespace Proviso.Server.Tests.Caching;

/// <summary>
/// The cheap freshness check of the server's caches (SQLite's <c>PRAGMA data_version</c> behind
/// <see cref="IChangeStampedStore"/>): a read served on the stamp alone still sees every write committed before it,
/// whoever wrote it (this server, another process on the same file such as the CLI, another server); cap tables are
/// served as cached bytes equal to a fresh computation; the transfer index and the cached transfer decider answer as
/// a full <see cref="TransferBook"/> and <see cref="TransferCommandDecider"/> do.
/// </summary>
public sealed class ChangeStampTests
{
    private const string CapTable = "/api/companies/cloopen/captable";

    private static CompanyLedgerCache Cache(ProvisoServer server) => ((LedgerCachingStore)server.EventStore).Cache;

    private static NewLedgerEntry Entry(string what) =>
        EventCodec.ToEntry(new UserCreated(what, what, "hash", "salt", 1, false) { EffectiveOn = new LocalDate(2026, 1, 1) }, SystemClock.Instance.GetCurrentInstant(), "tests", null, null);

    [Fact]
    public async Task SqliteChangeStamp_ChangesExactlyWhenAnyConnectionCommits()
    {
        var path = Path.Combine(Path.GetTempPath(), $"proviso-stamp-{Guid.NewGuid():N}.db");
        try
        {
            await using var reader = SqliteEventStore.Open(path);
            await using var other = SqliteEventStore.Open(path); // another connection, as another process would have
            Assert.True(reader.TryReadChangeStamp(out var s1));
            Assert.True(reader.TryReadChangeStamp(out var s2));
            Assert.Equal(s1, s2);
            await reader.CurrentVersionAsync("_test");
            Assert.True(reader.TryReadChangeStamp(out var afterRead));
            Assert.Equal(s2, afterRead); // reading commits nothing

            Assert.IsType<AppendOutcome.Appended>(await other.AppendAsync("_test", 0, [Entry("a")]));
            Assert.True(reader.TryReadChangeStamp(out var s3));
            Assert.NotEqual(s2, s3);

            Assert.IsType<AppendOutcome.Appended>(await reader.AppendAsync("_test", 1, [Entry("b")])); // through the store's own writer
            Assert.True(reader.TryReadChangeStamp(out var s4));
            Assert.NotEqual(s3, s4);

            Assert.IsType<AppendOutcome.Conflict>(await other.AppendAsync("_test", 1, [Entry("c")])); // nothing written
            Assert.True(reader.TryReadChangeStamp(out var s5));
            Assert.Equal(s4, s5);
        }
        finally
        {
            foreach (var f in new[] { path, path + "-wal", path + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        }
    }

    [Fact]
    public async Task DisposedSqliteStore_HasNoStamp()
    {
        var path = Path.Combine(Path.GetTempPath(), $"proviso-stamp-{Guid.NewGuid():N}.db");
        var store = SqliteEventStore.Open(path);
        Assert.True(store.TryReadChangeStamp(out _));
        await store.DisposeAsync();
        Assert.False(store.TryReadChangeStamp(out _));
        foreach (var f in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(f)) File.Delete(f);
    }

    [Fact]
    public async Task RepeatedReads_AreServedOnTheStampAlone()
    {
        using var server = new ProvisoServer();
        var admin = await server.AdminAsync();
        (await admin.GetJsonAsync(CapTable)).Expect(HttpStatusCode.OK);
        var before = Cache(server).Statistics.StampHits;
        for (var i = 0; i < 5; i++) (await admin.GetJsonAsync(CapTable)).Expect(HttpStatusCode.OK);
        Assert.True(Cache(server).Statistics.StampHits >= before + 5, "nothing was written, so the stamp alone vouched for the cached ledger");
        Assert.True(server.Services.GetRequiredService<CapTableCache>().Statistics.Hits >= 5);
    }

    [Fact]
    public async Task CachedReads_AfterWritesByAnotherProcessOnTheSameFile_NextReadSeesThem()
    {
        using var server = new ProvisoServer();
        var admin = await server.AdminAsync();
        var first = (await admin.GetJsonAsync(CapTable)).Expect(HttpStatusCode.OK);
        (await admin.GetJsonAsync(CapTable)).Expect(HttpStatusCode.OK); // now served on the stamp
        var tencentBefore = (long?)Row(first, "tencent")["shares"]!["class-a"] ?? 0;

        // What the CLI does: its own store on the same file, writing through the Application layer.
        string token;
        await using (var cli = SqliteEventStore.Open(server.Store))
        {
            var issue = new IssueShares("tencent", "class-a", ShareCount.Of(1_000), null) { EffectiveOn = server.Clock.Now.InUtc().Date };
            Assert.IsType<CommandOutcome.Recorded>(await RegisterCommands.ExecuteAsync(cli, Company, [(issue, null, null)], new Actor("cli", server.Clock.Now)));
            token = await new AccessService(cli, 1000).IssueTokenAsync("admin", "issued by the CLI", server.Clock.Now);
        }

        var r = await admin.GetJsonAsync(CapTable);
        var after = r.Expect(HttpStatusCode.OK);
        Assert.Equal(tencentBefore + 1_000, (long)Row(after, "tencent")["shares"]!["class-a"]!);
        Assert.Equal($"\"v{await server.VersionAsync()}\"", r.Response.Headers.ETag!.Tag);
        // The token the CLI issued is accepted at once: the access state is vouched for by the same stamp.
        (await server.WithToken(token).GetJsonAsync(CapTable)).Expect(HttpStatusCode.OK);

        // The cached bytes equal a fresh computation by a server that has cached nothing.
        using var fresh = new ProvisoServer(store: server.Store);
        var expected = (await (await fresh.AdminAsync()).GetJsonAsync(CapTable)).Expect(HttpStatusCode.OK);
        var served = (await admin.GetJsonAsync(CapTable)).Expect(HttpStatusCode.OK);
        Assert.Equal(expected.ToJsonString(), served.ToJsonString());
    }

    [Fact]
    public async Task CapTable_ServedFromTheCache_IsTheSameJsonForEveryBasisAndGrouping()
    {
        using var server = new ProvisoServer();
        var admin = await server.AdminAsync();
        foreach (var query in new[] { "", "?basis=outstanding", "?basis=fully-diluted&by=group", "?by=class", "?asOf=2020-12-31&basis=voting" })
        {
            var a = await admin.GetAsync(CapTable + query);
            var b = await admin.GetAsync(CapTable + query);
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            Assert.Equal("application/json; charset=utf-8", a.Content.Headers.ContentType!.ToString());
            Assert.Equal(await a.Content.ReadAsStringAsync(), await b.Content.ReadAsStringAsync());
            Assert.Equal(a.Headers.ETag, b.Headers.ETag);
        }
        (await admin.GetJsonAsync(CapTable + "?basis=nonsense")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AppendsThroughTheServer_AreAddedToTheCachedLedger_AndEqualAFullReplay()
    {
        using var server = new ProvisoServer();
        var admin = await server.AdminAsync();
        (await admin.GetJsonAsync("/api/companies/cloopen")).Expect(HttpStatusCode.OK);
        await ProposeAndNotifyAsync(admin);
        foreach (var (holder, shares, at) in Elections.Take(3))
            (await admin.PostAsync($"{Transfers}/rofr-2020-01/elections", Election(holder, shares, at))).Expect(HttpStatusCode.Created);
        Assert.True(Cache(server).Statistics.Appended >= 5, "each recorded command was added to the cached ledger directly");

        var cached = await CompanyLedger.LoadAsync(server.EventStore, Company);
        var replayed = await CompanyLedger.LoadUncachedAsync(server.EventStore, Company);
        Assert.Equal(replayed.Entries, cached.Entries);
        Assert.Equal(replayed.Timeline.Events.Select(e => e.Sequence), cached.Timeline.Events.Select(e => e.Sequence));
        Assert.Equal(replayed.Timeline.Latest.Fingerprint(), cached.Timeline.Latest.Fingerprint());
    }

    [Fact]
    public async Task TransferIndex_ExtendedStepByStep_EqualsAFullTransferBook()
    {
        using var server = new ProvisoServer();
        var admin = await server.AdminAsync();
        var steps = new List<Func<Task>>
        {
            async () => (await admin.PostAsync(Transfers, Proposal())).Expect(HttpStatusCode.Created),
            async () => (await admin.PostAsync($"{Transfers}/rofr-2020-01/notice", Notice())).Expect(HttpStatusCode.Created),
            async () => (await admin.PostAsync(Transfers, Proposal("rofr-2020-02", "2020-12-01T11:00:00+08:00"))).Expect(HttpStatusCode.Created),
        };
        steps.AddRange(Elections.Take(6).Select(e => (Func<Task>)(async () =>
            (await admin.PostAsync($"{Transfers}/rofr-2020-01/elections", Election(e.Holder, e.Shares, e.At))).Expect(HttpStatusCode.Created))));
        // Proposals at the server's clock (no 'at'): appended at the end of the timeline, so the index is extended.
        foreach (var id in new[] { "now-1", "now-2", "now-3" })
            steps.Add(async () => (await admin.PostAsync(Transfers, SmallProposalNow(id))).Expect(HttpStatusCode.Created));

        var before = TransferIndex.Statistics;
        foreach (var step in steps)
        {
            await step();
            var ledger = await CompanyLedger.LoadAsync(server.EventStore, Company);
            AssertSameAsBook(ledger.Timeline, TransferIndex.Of(ledger)); // the server's cached ledger: remembered, extended
            AssertSameAsBook(ledger.Timeline, TransferIndex.Of(ledger.Timeline)); // a bare timeline: built
            var uncached = await CompanyLedger.LoadUncachedAsync(server.EventStore, Company);
            AssertSameAsBook(uncached.Timeline, TransferIndex.Of(uncached)); // another lineage: built afresh
        }
        var after = TransferIndex.Statistics;
        // Extended by the cache, or by the decision whose index the cache then took (group commit through the caching store).
        Assert.True(after.Incremental + after.Adopted > before.Incremental + before.Adopted, "some indexes were extended rather than rebuilt");
    }

    private static object SmallProposalNow(string process) => new
    {
        process,
        transferor = "cloopen-co",
        @class = "class-a",
        shares = 1_000,
        transferee = new { id = "harbour-peak", name = "Harbour Peak Capital Limited", address = "18/F, 8 Connaught Road Central, Hong Kong", timeZone = "Asia/Hong_Kong" },
        pricePerShare = "USD 2.50",
        materialTerms = new[] { "cash at completion" },
        consenting = new[] { "main-access", "sequoia-iv", "trustbridge-v", "mirae-securities-hk", "mirae-growth-1", "parnatoux", "tencent", "new-oriental" },
    };

    private static void AssertSameAsBook(RegisterTimeline timeline, TransferIndex index)
    {
        var book = TransferBook.From(timeline.Events.Select(x => x.Event));
        Assert.Equal(book.Processes.Keys.Order(), index.Processes.Keys.Order());
        foreach (var (id, p) in book.Processes)
        {
            var q = index.Find(id)!;
            Assert.Equal(Fingerprint(p), Fingerprint(q));
        }
        var recorded = Proviso.Application.Terms.CompanyTerms.Recorded(timeline);
        Assert.Equal(recorded.Keys.Order(), index.Terms.Keys.Order());
        foreach (var (id, t) in recorded)
        {
            Assert.Same(t, index.Terms[id]);
            Assert.Equal(Proviso.Application.Terms.CompanyTerms.Agreement(timeline, id)!.Title, index.Agreement(id)!.Title);
        }
    }

    private static string Fingerprint(TransferProcess p) => string.Join("|",
        p.Id, p.AgreementId, p.TransferorId, p.Status, p.Path, p.ProposedOn, p.Offer?.Shares.Value, p.Notice?.At,
        string.Join(",", p.Entitlements.Keys.Order()), string.Join(",", p.StageReceipts.Select(r => $"{r.Key}:{r.Value.Count}")),
        string.Join(",", p.Elections.Select(e => $"{e.HolderId}:{e.Shares.Value}:{e.At}")), string.Join(",", p.Waivers.Select(w => $"{w.HolderId}:{w.Right}")),
        p.CoSales.Count, p.OverAllotmentRequests.Count, p.Valuation is null, p.Stances.Count, p.SpecialOptions.Count, p.RefusedAttempts.Count,
        p.Allocation is null, p.Closed is null, p.Revived is null);

    private static string Describe(Decision? d) => d switch
    {
        Decision.Accepted a => "accepted " + string.Join(";", a.Events.Select(e => EventCodec.ToEntry(e, Instant.FromUnixTimeSeconds(0), "x", null, null)).Select(e => $"{e.EventType} {e.Payload}")),
        Decision.Rejected r => "rejected " + string.Join(";", r.Reasons.Select(x => $"{x.RuleId} {x.Message} {x.Citation}")),
        _ => "none",
    };
}

/// <summary>The caches on PostgreSQL (PROVISO_TEST_PG), which has no change stamp: every read asks for the versions.</summary>
public sealed class ChangeStampOnPostgresTests
{
    [Fact]
    public async Task CachedReads_AfterWriteByAnotherServerOnTheSameDatabase_NextReadSeesIt()
    {
        var (name, connectionString) = await PostgresTestServer.CreateDatabaseAsync();
        try
        {
            using var server = new ProvisoServer(connectionString);
            var admin = await server.AdminAsync();
            Assert.False(((IChangeStampedStore)server.EventStore).TryReadChangeStamp(out _));
            var before = (await admin.GetJsonAsync("/api/companies/cloopen/captable")).Expect(HttpStatusCode.OK);

            using var other = new ProvisoServer(connectionString);
            var otherAdmin = await other.AdminAsync(); // a token issued there: this server must accept it at once
            await ProposeAndNotifyAsync(otherAdmin);
            var r = await otherAdmin.WithSameTokenOn(server).GetJsonAsync(Transfers);
            Assert.Contains(r.Expect(HttpStatusCode.OK)["processes"]!.AsArray(), p => (string?)p!["process"] == "rofr-2020-01");
            var after = await admin.GetJsonAsync("/api/companies/cloopen/captable");
            Assert.Equal($"\"v{await server.VersionAsync()}\"", after.Response.Headers.ETag!.Tag);
            Assert.Equal(before.ToJsonString(), after.Expect(HttpStatusCode.OK).ToJsonString()); // a process changes no holdings

            var cached = await CompanyLedger.LoadAsync(server.EventStore, Company);
            var replayed = await CompanyLedger.LoadUncachedAsync(server.EventStore, Company);
            Assert.Equal(replayed.Entries, cached.Entries);
        }
        finally
        {
            await PostgresTestServer.DropDatabaseAsync(name);
        }
    }
}
