using NodaTime;
using Proviso.Application.Ledgers;
using Proviso.Application.Transfers;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Time;
using Proviso.Storage;
using static Proviso.Application.Tests.Transfers.CloopenTransfers;

namespace Proviso.Application.Tests.Transfers;

/// <summary>
/// A transfer index moved on one decided step at a time keeps the processes moved on lately beside its map and folds
/// them in when there are more than a few: after every step, whichever way each process is held, the index answers as one
/// built from the whole timeline.
/// </summary>
public sealed class TransferIndexLayersTests : IAsyncLifetime
{
    private const string Company = "cloopen";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "proviso-layers-" + Guid.NewGuid().ToString("N")[..12]);
    private IEventStore _store = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _store = await Ledgers.CompanyWriteQueueTests.OpenWithNoticeServedAtAsync(Path.Combine(_dir, "layers.db"));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static readonly LocalDate On = new(2026, 6, 1);

    private static List<string> State(TransferProcess p) => Proviso.Tests.Shared.TransferProcessState.Of(p);

    private static void AssertAsBuiltWhole(DecisionState state)
    {
        var stepped = state.Transfers;
        var whole = TransferIndex.Of(state.Timeline);
        Assert.Equal(whole.Processes.Keys.Order(StringComparer.Ordinal), stepped.Processes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(whole.Processes.Count, stepped.Book.Processes.Count);
        foreach (var (id, process) in whole.Processes)
        {
            Assert.Equal(State(process), State(stepped.Find(id)!));
            Assert.Equal(State(process), State(stepped.Book.Find(id)!));
            Assert.Equal(State(process), State(stepped.Processes[id]));
        }
        Assert.Null(stepped.Find("no-such-process"));
        Assert.Null(stepped.Book.Find("no-such-process"));
    }

    [Fact]
    public async Task ThirtyProcessesNoticedAndElectedInTurn_EveryStep_AsAnIndexOfTheWholeTimeline()
    {
        var state = DecisionState.Of(await CompanyLedger.LoadAsync(_store, Company));
        var actor = new Actor("clerk", CloopenTransfers.At(On.PlusDays(3)));
        var ids = Enumerable.Range(0, 30).Select(i => $"p{i:D2}").ToList();
        void Do(object command)
        {
            var (entries, refused) = state.Decide([(command, null, "test")], actor);
            Assert.Null(refused);
            Assert.NotEmpty(entries);
            AssertAsBuiltWhole(state);
        }

        foreach (var id in ids)
        {
            Do(Propose(id, 1_000) with { At = CloopenTransfers.At(On), EffectiveOn = On });
            Do(new GiveTransferNotice(id, Enum.GetValues<NoticeElement>(),
                new[] { Company }.Concat(Investors).Select(r => new NoticeDelivery(r, NoticeChannel.Email, CloopenTransfers.At(On, 16, 30))).ToList())
            { At = CloopenTransfers.At(On, 16, 30), EffectiveOn = On });
        }
        // Elections across the processes in an order that returns to ones moved on long before (folded into the map).
        var electOn = On.PlusDays(3);
        foreach (var holder in new[] { "tencent", "sequoia-iv", "pac" })
            for (var i = 0; i < ids.Count; i += 1 + (holder.Length % 3))
                Do(Elect(holder, 1, electOn, ids[(i * 7) % ids.Count]));
        Assert.Equal(30 + 1, state.Transfers.Processes.Count); // and t1 from the setup
    }
}
