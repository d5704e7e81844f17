using NodaTime;
using Proviso.Application.Agenda;
using Proviso.Application.Import;
using Proviso.Application.Ledgers;
using Proviso.Application.Scenarios.Reports;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Ledger;
using Proviso.Domain.Quantities;
using Proviso.Storage;
using static Proviso.Application.Tests.Transfers.CloopenTransfers;

namespace Proviso.Application.Tests.Transfers;

/// <summary>A whole transfer process through <see cref="CompanyCommands.ExecuteAsync"/> on a real (temporary SQLite) store with the Cloopen register and terms.</summary>
public sealed class TransferEndToEndTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "proviso-transfer-" + Guid.NewGuid().ToString("N")[..12]);
    private IEventStore _store = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _store = EventStoreFactory.Open(Path.Combine(_dir, "t.db"));
        var loaded = RegisterFile.LoadDirectory(CloopenExample.Directory);
        var setup = loaded.Commands.Select(c => ((object)c.Command, (string?)null, (string?)null))
            .Concat(loaded.Terms.Select(t => ((object)t, (string?)null, (string?)t.File))).ToList();
        var outcome = await CompanyCommands.ExecuteAsync(_store, "cloopen", setup, new Actor("test", Instant.FromUtc(2020, 11, 13, 0, 0)));
        Assert.IsType<CommandOutcome.Recorded>(outcome);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private async Task<CommandOutcome> Run(object command, string? key = null) =>
        await CompanyCommands.ExecuteAsync(_store, "cloopen", [(command, key, "test")], new Actor("test", ((dynamic)command).At));

    private async Task<IReadOnlyList<string>> Recorded(object command) =>
        Assert.IsType<CommandOutcome.Recorded>(await Run(command)).Entries.Select(e => e.EventType).ToList();

    [Fact]
    public async Task Process_ProposeNoticeElectOverAllotAndClose_RecordsEveryLegInOneAppendAndTheRegisterFollows()
    {
        Assert.Equal(["TransferProposed"], await Recorded(Propose()));
        Assert.Equal(["TransferNoticeServed"], await Recorded(Notice()));
        await Recorded(Elect("tencent", 249_403, new LocalDate(2020, 12, 7)));
        await Recorded(Elect("sequoia-iv", 507_275, new LocalDate(2020, 12, 8)));
        await Recorded(Elect("pac", 100_000, new LocalDate(2020, 12, 9)));
        await Recorded(OverAllot("sequoia-iv", 200_000, new LocalDate(2020, 12, 24)));

        var refused = Assert.IsType<CommandOutcome.Refused>(await Run(Close(null, new LocalDate(2020, 12, 29))));
        Assert.Contains(refused.Reasons, r => r.RuleId == "closing.rights-open");

        var before = await CompanyLedger.LoadAsync(_store, "cloopen");
        var agenda = CompanyAgenda.Open(before, At(new LocalDate(2020, 12, 29)));
        Assert.Contains(agenda, i => i.Source == "transfer" && i.Matter == "t1: cloopen-co → harbour-peak" && i.Deadline.Name == "Extension Period");
        Assert.DoesNotContain(agenda, i => i.Deadline.Name == "Option Period of tencent");

        var closeOn = new LocalDate(2021, 1, 8);
        var close = Close(new ThirdPartySale("harbour-peak", Price, [], At(new LocalDate(2021, 1, 7), 17)), closeOn);
        var entries = Assert.IsType<CommandOutcome.Recorded>(await Run(close)).Entries;
        Assert.Equal("OverAllotmentAllocated", entries[0].EventType);
        Assert.Equal("TransferClosed", entries[^1].EventType);
        Assert.Equal(before.Version + 1, entries[0].Sequence);

        var after = await CompanyLedger.LoadAsync(_store, "cloopen");
        var r = after.Timeline.AsOf(closeOn);
        Assert.Equal(ShareCount.Of(57_000_000), r.SharesOf("cloopen-co", "class-a"));
        Assert.Equal(ShareCount.Of(249_403), r.SharesOf("tencent", "class-a"));
        Assert.Equal(ShareCount.Of(707_275), r.SharesOf("sequoia-iv", "class-a"));
        Assert.Equal(ShareCount.Of(3_000_000 - 249_403 - 707_275 - 100_000), r.SharesOf("harbour-peak", "class-a"));
        Assert.True(LedgerVerification.Verify("cloopen", after.Entries).IsIntact);
        Assert.DoesNotContain(CompanyAgenda.Open(after, At(closeOn)), i => i.Source == "transfer");

        var section = new TransferReport().Report(after, closeOn);
        Assert.NotNull(section);
        Assert.Contains(section!.Lines, l => l.Contains("third-party-sale: 1,943,322 class-a cloopen-co → harbour-peak at USD 2.50"));
    }

    [Fact]
    public async Task NoticeParts_MadeBeforeAnElection_FitTheStateAfterIt_NotAnotherAgreementsOrAClosedOne()
    {
        await Recorded(Propose());
        await Recorded(Notice());
        var ledger = await CompanyLedger.LoadAsync(_store, "cloopen");
        var index = Proviso.Application.Transfers.TransferIndex.Of(ledger);
        var a = index.Agreement(index.Find("t1")!.AgreementId);
        var parts = TransferReport.NoticeParts.Of(a, index.Find("t1")!);
        // The state after an election, as the server's decision state extends the index (sharing the notice's objects).
        var state = DecisionState.Of(ledger);
        Assert.Null(state.Decide([(Elect("tencent", 249_403, new LocalDate(2020, 12, 7)), null, null)], new Actor("test", At(new LocalDate(2020, 12, 7)))).Refused);
        var elected = state.Transfers.Find("t1")!;
        var asOf = new LocalDate(2020, 12, 7);

        Assert.Single(elected.Elections);
        Assert.True(parts.IsFor(a, elected));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(TransferReport.Data(ledger, a, elected, asOf)),
            System.Text.Json.JsonSerializer.Serialize(TransferReport.Data(ledger, a, elected, asOf, parts)));
        Assert.False(parts.IsFor(null, elected));
        Assert.Throws<ArgumentException>(() => TransferReport.Data(ledger, null, elected, asOf, parts));
        var closed = state.Transfers.With([new TransferClosed("t1", [], "policy", [], [], At(new LocalDate(2021, 1, 8))) { EffectiveOn = new LocalDate(2021, 1, 8) }]).Find("t1")!;
        Assert.False(parts.IsFor(a, closed));
    }

    [Fact]
    public async Task Process_VoidProposal_IsRecordedAndNeverReachesTheRegister()
    {
        var before = await CompanyLedger.LoadAsync(_store, "cloopen");
        Assert.Equal(["TransferRefused"], await Recorded(Propose(consenting: ["main-access"])));
        var after = await CompanyLedger.LoadAsync(_store, "cloopen");
        Assert.Equal(before.Timeline.Latest.Fingerprint(), after.Timeline.Latest.Fingerprint());
        var refused = Assert.IsType<CommandOutcome.Refused>(await Run(Notice()));
        Assert.Equal("transfer.void", Assert.Single(refused.Reasons).RuleId);
    }

    [Fact]
    public async Task Process_SameIdempotencyKey_IsRecordedOnce()
    {
        await Recorded(Propose());
        Assert.IsType<CommandOutcome.Recorded>(await Run(Notice(), "notice-1"));
        var version = (await CompanyLedger.LoadAsync(_store, "cloopen")).Version;
        Assert.IsType<CommandOutcome.AlreadyRecorded>(await Run(Notice(), "notice-1"));
        Assert.Equal(version, (await CompanyLedger.LoadAsync(_store, "cloopen")).Version);
    }
}
