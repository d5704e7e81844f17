using NodaTime;
using Proviso.Application.Ledgers;
using Proviso.Application.Transfers;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Time;
using Proviso.Storage;
using static Proviso.Application.Tests.Ledgers.CompanyWriteQueueTests;
using static Proviso.Application.Tests.Transfers.CloopenTransfers;

namespace Proviso.Application.Tests.Ledgers;

/// <summary>The tests that read <see cref="TransferIndex.Statistics"/> (counted for the whole process) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TransferIndexStatisticsCollection
{
    public const string Name = "transfer index statistics";
}

/// <summary>
/// A group committed through the server's caching store (<see cref="LedgerCachingStore.AppendDecidedGroupAsync"/>): the
/// cached ledger takes the events the group decided and the transfer index the decision extended with them, instead of
/// reading the payloads just written and extending the index again; what it then holds equals a replay of the store.
/// </summary>
[Collection(TransferIndexStatisticsCollection.Name)]
public sealed class DecidedGroupCacheTests : IAsyncLifetime
{
    private const string Company = "cloopen";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "proviso-decided-" + Guid.NewGuid().ToString("N")[..12]);
    private IEventStore _store = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _store = await OpenWithNoticeServedAtAsync(Path.Combine(_dir, "decided.db"));
        // A process after every entry of the example (whose latest is dated 2023), so that its elections are placed last.
        var notice = new GiveTransferNotice("t9", Enum.GetValues<NoticeElement>(),
            new[] { "cloopen" }.Concat(Investors).Select(r => new NoticeDelivery(r, NoticeChannel.Email, At(NoticeOn9, 16, 30))).ToList())
        { At = At(NoticeOn9, 16, 30), EffectiveOn = NoticeOn9 };
        Assert.IsType<CommandOutcome.Recorded>(await CompanyCommands.ExecuteAsync(_store, Company,
            [(Propose("t9") with { At = At(ProposedOn9), EffectiveOn = ProposedOn9 }, null, "test"), (notice, null, "test")], new Actor("setup", At(NoticeOn9, 17, 0))));
    }

    private static readonly LocalDate ProposedOn9 = new(2026, 6, 1);
    private static readonly LocalDate NoticeOn9 = new(2026, 6, 2);
    private static readonly LocalDate ElectedOn9 = new(2026, 6, 9);

    /// <summary>An election in process t9.</summary>
    private static CommandSubmission Election9(string holder, long shares) =>
        new([(Elect(holder, shares, ElectedOn9, "t9"), null, "test")], new Actor("clerk", At(ElectedOn9)), null);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public async Task ElectionsCommittedTogether_TheCachedLedgerTakesTheDecidedEventsAndIndex_AndEqualsAReplay()
    {
        var caching = new LedgerCachingStore(_store, new CompanyLedgerCache());
        TransferIndex.Of(await CompanyLedger.LoadAsync(caching, Company));
        var queue = new CompanyWriteQueue(caching);
        var adoptedBefore = TransferIndex.Statistics.Adopted;

        var outcomes = await Task.WhenAll(new[]
        {
            Election9("tencent", 100), Election9("sequoia-iv", 500_000), Election9("pac", 999_999), Election9("main-access", 10), Election9("pac", 100_000),
        }.Select(e => queue.SubmitAsync(Company, e)));

        Assert.Equal(4, outcomes.Count(o => o is CommandOutcome.Recorded));
        Assert.IsType<CommandOutcome.Refused>(outcomes[2]); // more than its Pro Rata Shares: decided, refused, not recorded
        var cached = caching.Latest(Company)!;
        var (full, incremental, adopted, hits) = TransferIndex.Statistics;
        Assert.True(adopted > adoptedBefore, "the cache took the index of the group's decision");
        var index = TransferIndex.Of(cached);
        Assert.Equal((full, incremental, adopted, hits + 1), TransferIndex.Statistics); // that index: neither built nor extended again

        var replayed = await CompanyLedger.LoadUncachedAsync(_store, Company);
        Assert.Equal(replayed.Version, cached.Version);
        Assert.Equal(replayed.Entries.Select(e => e.Hash), cached.Entries.Select(e => e.Hash));
        Assert.Equal(Events(replayed), Events(cached));
        Assert.Equal(Describe(TransferIndex.Of(replayed.Timeline).Find("t9")!), Describe(index.Find("t9")!));
        Assert.Equal(4, index.Find("t9")!.Elections.Count);
    }

    [Fact]
    public async Task AGroupThatMeetsAnotherWritersEntry_IsReadBackFromTheStore_AndTheCacheStillEqualsAReplay()
    {
        var caching = new LedgerCachingStore(_store, new CompanyLedgerCache());
        var stale = await CompanyLedger.LoadAsync(caching, Company);
        TransferIndex.Of(stale);
        // Another writer (the CLI, say) on the same file after the cache was loaded: the group's append conflicts.
        await using (var cli = EventStoreFactory.Open(Path.Combine(_dir, "decided.db")))
            Assert.IsType<CommandOutcome.Recorded>(await CompanyCommands.ExecuteAsync(cli, Company, Election9("pac", 50).Commands, Election9("pac", 50).Actor));

        var outcome = await caching.AppendDecidedGroupAsync(Company, stale.Version, [new GroupedAppend(stale.Version, Decide(stale, out var state))], state);

        Assert.IsType<AppendOutcome.Conflict>(Assert.Single(outcome));
        var loaded = await CompanyLedger.LoadAsync(caching, Company);
        var replayed = await CompanyLedger.LoadUncachedAsync(_store, Company);
        Assert.Equal(replayed.Entries.Select(e => e.Hash), loaded.Entries.Select(e => e.Hash));
        Assert.Equal(Events(replayed), Events(loaded));
        Assert.Equal(Describe(TransferIndex.Of(replayed.Timeline).Find("t9")!), Describe(TransferIndex.Of(loaded).Find("t9")!));
    }

    /// <summary>tencent's election decided on <paramref name="ledger"/>: its entries, and the state that decided them.</summary>
    private static IReadOnlyList<NewLedgerEntry> Decide(CompanyLedger ledger, out DecisionState state)
    {
        state = DecisionState.Of(ledger);
        var election = Election9("tencent", 100);
        var (entries, refused) = state.Decide(election.Commands, election.Actor);
        Assert.Null(refused);
        return entries;
    }

    /// <summary>The ledger's events in the timeline, as the codec writes them.</summary>
    private static IEnumerable<string> Events(CompanyLedger ledger) => ledger.Timeline.ProcessEvents.Select(x => $"{x.Sequence} {EventCodec.Serialize(x.Event)}");

    private static string Describe(TransferProcess p) =>
        $"{p.Status} elections [{string.Join(", ", p.Elections.Select(EventCodec.Serialize))}] entitlements [{string.Join(", ", p.Entitlements.Keys)}] receipts {p.StageReceipts.Values.Sum(r => r.Count)}";
}
