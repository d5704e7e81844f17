using NodaTime;
using Proviso.Application.Import;
using Proviso.Application.Ledgers;
using Proviso.Domain.Ledger;
using Proviso.Storage;
using static Proviso.Application.Tests.Transfers.CloopenTransfers;

namespace Proviso.Application.Tests.Ledgers;

/// <summary>
/// Group commit (<see cref="CompanyWriteQueue"/>) on a real SQLite store with the Cloopen register, terms and a served
/// Transfer Notice: batches waiting together are decided in order, each on the state the ones before it left, and
/// recorded with one commit, each with the outcome it would have had alone; keys, refusals and another writer on the
/// same store behave as they do one command at a time. A <see cref="HeldStore"/> holds each group at its commit until the
/// test lets it through, so that what is submitted meanwhile makes up the next group.
/// </summary>
public sealed class CompanyWriteQueueTests : IAsyncLifetime
{
    private const string Company = "cloopen";
    private static readonly LocalDate ElectedOn = new(2020, 12, 7);
    private static readonly Actor Clerk = new("clerk", At(ElectedOn));
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "proviso-queue-" + Guid.NewGuid().ToString("N")[..12]);
    private IEventStore _store = null!;
    private HeldStore _held = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _store = await OpenWithNoticeServedAsync("grouped.db");
        _held = new HeldStore(_store);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    /// <summary>A store with the Cloopen register and terms, transfer t1 proposed and its Transfer Notice served (all recorded at one fixed instant).</summary>
    private Task<IEventStore> OpenWithNoticeServedAsync(string file) => OpenWithNoticeServedAtAsync(Path.Combine(_dir, file));

    /// <summary>A store at <paramref name="path"/> with the Cloopen register and terms, transfer t1 proposed and its Transfer Notice served.</summary>
    internal static async Task<IEventStore> OpenWithNoticeServedAtAsync(string path)
    {
        var store = EventStoreFactory.Open(path);
        var loaded = RegisterFile.LoadDirectory(CloopenExample.Directory);
        var setup = loaded.Commands.Select(c => ((object)c.Command, (string?)null, (string?)null))
            .Concat(loaded.Terms.Select(t => ((object)t, (string?)null, (string?)t.File)))
            .Append((Propose(), null, null)).Append((Notice(), null, null)).ToList();
        Assert.IsType<CommandOutcome.Recorded>(await CompanyCommands.ExecuteAsync(store, Company, setup, new Actor("setup", Instant.FromUtc(2020, 11, 13, 0, 0))));
        return store;
    }

    internal static CommandSubmission Election(string holder, long shares, string? key = null, long? expectedVersion = null) =>
        new([(Elect(holder, shares, ElectedOn), key, "test")], Clerk, expectedVersion);

    /// <summary>Submits <paramref name="first"/>, which is held at its commit, then <paramref name="rest"/>, which wait for it and make up the next group.</summary>
    private async Task<CommandOutcome[]> SubmitAsGroupsAsync(CompanyWriteQueue queue, CommandSubmission first, params CommandSubmission[] rest)
    {
        var firstDone = queue.SubmitAsync(Company, first);
        await _held.GroupWaitingAsync();
        var others = rest.Select(s => queue.SubmitAsync(Company, s)).ToList();
        _held.Hold = false;
        _held.Release();
        return await Task.WhenAll(others.Prepend(firstDone));
    }

    [Fact]
    public async Task BatchesWaitingTogether_AreRecordedWithOneCommit_InOrder_EachWithTheOutcomeItWouldHaveHadAlone()
    {
        var queue = new CompanyWriteQueue(_held);
        CommandSubmission[] submitted =
        [
            Election("tencent", 100),
            Election("sequoia-iv", 500_000),
            Election("tencent", 1), // tencent elected in the group before
            Election("pac", 999_999), // more than its Pro Rata Shares
            Election("pac", 100_000), // the same holder: the refusal before it changed nothing
            Election("sequoia-iv", 1), // sequoia-iv elected earlier in this group
            Election("harbour-peak", 1), // not entitled
            Election("main-access", 10),
        ];

        var outcomes = await SubmitAsGroupsAsync(queue, submitted[0], submitted[1..]);

        Assert.Equal(new[] { 1, 3 }, _held.GroupSizes); // the second commit carried every accepted batch that had waited
        Assert.Equal((2L, 8L), queue.Statistics);
        await using var alone = await OpenWithNoticeServedAsync("alone.db");
        var aloneOutcomes = new List<CommandOutcome>();
        foreach (var s in submitted) aloneOutcomes.Add(await CompanyCommands.ExecuteAsync(alone, Company, s.Commands, s.Actor));
        Assert.Equal(aloneOutcomes.Select(Describe), outcomes.Select(Describe));
        Assert.Equal(
            (await CompanyLedger.LoadUncachedAsync(alone, Company)).Entries.Select(e => e.Hash),
            (await CompanyLedger.LoadUncachedAsync(_store, Company)).Entries.Select(e => e.Hash));
        Assert.True((await _store.VerifyAsync(Company)).IsIntact);
    }

    [Fact]
    public async Task RefusedBatchInTheMiddleOfAGroup_RecordsNoneOfItsCommandsAndChangesNothingForTheBatchesAfterIt()
    {
        var queue = new CompanyWriteQueue(_held);
        var before = (await CompanyLedger.LoadUncachedAsync(_store, Company)).Version;
        var refusedWhole = new CommandSubmission([(Elect("tencent", 100, ElectedOn), null, "test"), (Elect("pac", 999_999, ElectedOn), null, "test")], Clerk, null);

        var outcomes = await SubmitAsGroupsAsync(queue, Election("main-access", 10), refusedWhole, Election("tencent", 200), Election("pac", 100_000));

        Assert.IsType<CommandOutcome.Recorded>(outcomes[0]);
        var refused = Assert.IsType<CommandOutcome.Refused>(outcomes[1]);
        Assert.Equal(1, refused.CommandIndex);
        Assert.Contains(refused.Reasons, r => r.RuleId == "first-refusal.exceeds-pro-rata");
        var tencent = Assert.IsType<CommandOutcome.Recorded>(outcomes[2]).Entries.Single();
        var pac = Assert.IsType<CommandOutcome.Recorded>(outcomes[3]).Entries.Single();
        Assert.Equal((before + 2, before + 3), (tencent.Sequence, pac.Sequence));
        Assert.Contains("\"shares\":200,", tencent.Payload, StringComparison.Ordinal);
        Assert.Equal(before + 3, await _store.CurrentVersionAsync(Company));
    }

    [Fact]
    public async Task IdempotencyKeys_ARetryInTheSameGroupOrLater_GetsWhatTheFirstRecorded_EvenWithAStaleVersion()
    {
        var queue = new CompanyWriteQueue(_held);
        var before = (await CompanyLedger.LoadUncachedAsync(_store, Company)).Version;

        var outcomes = await SubmitAsGroupsAsync(queue, Election("main-access", 10, key: "k0"),
            Election("tencent", 100, key: "k1"), Election("tencent", 100, key: "k1"), Election("pac", 100, key: "k2"));
        var later = await queue.SubmitAsync(Company, Election("tencent", 100, key: "k1", expectedVersion: before));
        var stale = await queue.SubmitAsync(Company, Election("sequoia-iv", 100, key: "k3", expectedVersion: before));
        var current = await queue.SubmitAsync(Company, Election("sequoia-iv", 100, key: "k3", expectedVersion: before + 3));

        var first = Assert.IsType<CommandOutcome.Recorded>(outcomes[1]).Entries;
        Assert.Equal("k1", first.Single().IdempotencyKey);
        Assert.Equal(first, Assert.IsType<CommandOutcome.AlreadyRecorded>(outcomes[2]).Entries);
        Assert.IsType<CommandOutcome.Recorded>(outcomes[3]);
        Assert.Equal(first, Assert.IsType<CommandOutcome.AlreadyRecorded>(later).Entries);
        Assert.Equal(new CommandOutcome.Conflicted(before, before + 3), stale);
        Assert.Equal(before + 4, Assert.IsType<CommandOutcome.Recorded>(current).Entries.Single().Sequence);
        Assert.Equal(first, await _store.FindByIdempotencyKeyAsync(Company, "k1"));
    }

    [Fact]
    public async Task AnotherStoresWriteBetweenAGroupsDecisionAndItsCommit_SendsItsBatchesBackToBeDecidedOnThatWrite()
    {
        var queue = new CompanyWriteQueue(_held);
        var before = (await CompanyLedger.LoadUncachedAsync(_store, Company)).Version;
        var first = queue.SubmitAsync(Company, Election("main-access", 10));
        await _held.GroupWaitingAsync();
        var pinned = queue.SubmitAsync(Company, Election("sequoia-iv", 100, expectedVersion: before + 1));
        var tencent = queue.SubmitAsync(Company, Election("tencent", 100));
        var pac = queue.SubmitAsync(Company, Election("pac", 100));
        _held.Release(); // the first group commits; the second is decided on version before + 1 and held at its commit
        Assert.IsType<CommandOutcome.Recorded>(await first);
        await _held.GroupWaitingAsync();

        // The CLI, say, on the same file: pac elects first.
        await using (var cli = EventStoreFactory.Open(Path.Combine(_dir, "grouped.db")))
            Assert.IsType<CommandOutcome.Recorded>(await CompanyCommands.ExecuteAsync(cli, Company, [(Elect("pac", 50, ElectedOn), null, "cli")], Clerk));
        _held.Hold = false;
        _held.Release();

        Assert.Equal(before + 3, Assert.IsType<CommandOutcome.Recorded>(await tencent).Entries.Single().Sequence); // decided again, after the CLI's entry
        Assert.Equal(new CommandOutcome.Conflicted(before + 1, before + 2), await pinned); // it named the version it was decided on
        Assert.Contains(Assert.IsType<CommandOutcome.Refused>(await pac).Reasons, r => r.RuleId == "first-refusal.already-elected");
        Assert.Equal(new[] { 1, 3, 1 }, _held.GroupSizes);
        Assert.Equal(before + 3, await _store.CurrentVersionAsync(Company));
        Assert.True((await _store.VerifyAsync(Company)).IsIntact);
    }

    private static string Describe(CommandOutcome o) => o switch
    {
        CommandOutcome.Recorded r => "recorded " + string.Join(", ", r.Entries.Select(e => $"{e.Sequence} {e.EventType} {e.Payload}")),
        CommandOutcome.Refused f => $"refused {f.CommandIndex} " + string.Join(", ", f.Reasons.Select(x => x.RuleId)),
        _ => o.ToString(),
    };

    /// <summary>
    /// The store, but each group append waits at its start while <see cref="Hold"/> is set, until <see cref="Release"/>;
    /// it records the size of every group it is given.
    /// </summary>
    private sealed class HeldStore(IEventStore inner) : IEventStore
    {
        private readonly SemaphoreSlim _waiting = new(0);
        private readonly SemaphoreSlim _proceed = new(0);

        public bool Hold { get; set; } = true;

        public List<int> GroupSizes { get; } = new();

        /// <summary>Completes once a group append is waiting to be released.</summary>
        public Task GroupWaitingAsync() => _waiting.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t => Assert.True(t.Result, "no group reached its commit"));

        public void Release() => _proceed.Release();

        public async Task<IReadOnlyList<AppendOutcome>> AppendGroupAsync(string companyId, long? baseVersion, IReadOnlyList<GroupedAppend> appends, CancellationToken ct = default)
        {
            GroupSizes.Add(appends.Count);
            if (Hold)
            {
                _waiting.Release();
                await _proceed.WaitAsync(ct);
            }
            return await inner.AppendGroupAsync(companyId, baseVersion, appends, ct);
        }

        public string Kind => inner.Kind;

        public string Location => inner.Location;

        public Task<AppendOutcome> AppendAsync(string companyId, long? expectedVersion, IReadOnlyList<NewLedgerEntry> entries, CancellationToken ct = default) =>
            inner.AppendAsync(companyId, expectedVersion, entries, ct);

        public IAsyncEnumerable<LedgerEntry> ReadAsync(string companyId, long afterSequence = 0, CancellationToken ct = default) => inner.ReadAsync(companyId, afterSequence, ct);

        public Task<long> CurrentVersionAsync(string companyId, CancellationToken ct = default) => inner.CurrentVersionAsync(companyId, ct);

        public Task<IReadOnlyList<string>> CompaniesAsync(CancellationToken ct = default) => inner.CompaniesAsync(ct);

        public Task<IReadOnlyList<LedgerEntry>> FindByIdempotencyKeyAsync(string companyId, string idempotencyKey, CancellationToken ct = default) =>
            inner.FindByIdempotencyKeyAsync(companyId, idempotencyKey, ct);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
