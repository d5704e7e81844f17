namespace Proviso.Cli.Tests;

/// <summary>
/// `proviso transfer …` against a real store: the Cloopen example imported, a process proposed, noticed, elected and
/// closed from the command line; refusals exit 1 citing the rule and write nothing; idempotency keys; status.
/// </summary>
public sealed class TransferCommandsTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public TransferCommandsTests()
    {
        var import = ProvisoProcess.Run("--store", _tmp.Store, "import", ProvisoProcess.CloopenExample, "--json");
        Assert.True(import.ExitCode == 0, import.ToString());
    }

    public void Dispose() => _tmp.Dispose();

    private static readonly string[] Investors =
    [
        "main-access", "sequoia-iv", "max-honest", "trustbridge-v", "telstra-ii", "telstra-ii-sidecar", "pac", "vitalbridge", "tencent",
        "mirae-securities-hk", "mirae-growth-1", "mirae-new-economy", "parnatoux", "new-oriental", "cloudalpha", "yunli-hefeng", "zhanjin",
    ];

    private CliResult Transfer(params string[] args) => ProvisoProcess.Run(["--store", _tmp.Store, "transfer", .. args]);

    private int Version()
    {
        var log = ProvisoProcess.Run("--store", _tmp.Store, "ledger", "log", "cloopen", "--json");
        return log.Json().GetProperty("entries").GetArrayLength();
    }

    private void ProposeAndNotice()
    {
        var propose = Transfer("propose", "cloopen", "--process", "t1", "--at", "2020-12-01T10:00:00+08:00", "--transferor", "cloopen-co", "--class", "class-a",
            "--shares", "3000000", "--transferee", "harbour-peak", "--transferee-name", "Harbour Peak Capital Limited", "--transferee-time-zone", "Asia/Hong_Kong",
            "--price", "USD 2.50", "--consenting", "main-access,sequoia-iv,trustbridge-v,mirae-securities-hk,mirae-growth-1,parnatoux,tencent,new-oriental", "--json");
        Assert.True(propose.ExitCode == 0, propose.ToString());
        Assert.Equal("recorded", propose.Json().GetProperty("outcome").GetString());
        var notice = Transfer("notice", "cloopen", "--process", "t1", "--at", "2020-12-02T16:30:00+08:00", "--includes", "all",
            "--to", "company," + string.Join(",", Investors), "--channel", "email", "--sent", "2020-12-02T16:30:00+08:00", "--json");
        Assert.True(notice.ExitCode == 0, notice.ToString());
        Assert.Equal("TransferNoticeServed", notice.Json().GetProperty("events")[0].GetString());
    }

    [Fact]
    public void Transfer_ProposeNoticeElectClose_RecordsEveryLegAndStatusShowsIt()
    {
        ProposeAndNotice();
        var elect = Transfer("elect", "cloopen", "--process", "t1", "--holder", "tencent", "--shares", "249403", "--at", "2020-12-07T10:00:00+08:00", "--json");
        Assert.True(elect.ExitCode == 0, elect.ToString());
        var waive = Transfer("waive", "cloopen", "--process", "t1", "--holder", "main-access", "--right", "all", "--at", "2020-12-07T11:00:00+08:00");
        Assert.True(waive.ExitCode == 0, waive.ToString());

        var status = ProvisoProcess.Run("--store", _tmp.Store, "transfer", "status", "cloopen", "--process", "t1", "--as-of", "2020-12-10", "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        var p = status.Json().GetProperty("processes")[0];
        Assert.Equal("notice-served", p.GetProperty("status").GetString());
        var tencent = p.GetProperty("entitlements")[0].GetProperty("shares").EnumerateArray().Single(s => s.GetProperty("holder").GetString() == "tencent");
        Assert.Equal("1474960750000/5913949", tencent.GetProperty("exact").GetString());
        Assert.Equal(249403, tencent.GetProperty("whole").GetInt64());
        Assert.Contains(p.GetProperty("openDeadlines").EnumerateArray(), d => d.GetString() == "Option Period of tencent");

        var close = Transfer("close", "cloopen", "--process", "t1", "--at", "2021-01-08T10:00:00+08:00", "--sale-to", "harbour-peak", "--sale-price", "USD 2.50",
            "--joinder-signed-at", "2021-01-07T17:00:00+08:00", "--json");
        Assert.True(close.ExitCode == 0, close.ToString());
        Assert.Contains(close.Json().GetProperty("events").EnumerateArray(), e => e.GetString() == "TransferClosed");
        var captable = ProvisoProcess.Run("--store", _tmp.Store, "captable", "cloopen", "--as-of", "2021-01-08", "--basis", "outstanding", "--json");
        var harbour = captable.Json().GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "harbour-peak");
        Assert.Equal(3_000_000 - 249_403, harbour.GetProperty("shares").GetProperty("class-a").GetInt64());
    }

    [Fact]
    public void Transfer_ElectionAboveProRataShares_ExitsOneCitingTheRuleAndWritesNothing()
    {
        ProposeAndNotice();
        var before = Version();
        var r = Transfer("elect", "cloopen", "--process", "t1", "--holder", "tencent", "--shares", "249404", "--at", "2020-12-07T10:00:00+08:00", "--json");
        Assert.Equal(1, r.ExitCode);
        var reason = r.Json().GetProperty("reasons")[0];
        Assert.Equal("first-refusal.exceeds-pro-rata", reason.GetProperty("rule").GetString());
        Assert.Equal("rofr-cosale-2020 s.2.2(ii)", reason.GetProperty("citation").GetString());
        Assert.Equal(before, Version());
    }

    [Fact]
    public void Transfer_WithoutTheMajorityInvestors_IsRecordedAsAVoidAttempt()
    {
        var r = Transfer("propose", "cloopen", "--process", "v1", "--at", "2020-12-01T10:00:00+08:00", "--transferor", "cloopen-co", "--class", "class-a",
            "--shares", "1000", "--transferee", "harbour-peak", "--price", "USD 2.50", "--consenting", "main-access", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("void", r.Json().GetProperty("outcome").GetString());
        Assert.Equal("transfer.consent-required", r.Json().GetProperty("reasons")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public void Transfer_SameIdempotencyKeyTwice_WritesOnce()
    {
        ProposeAndNotice();
        string[] args = ["waive", "cloopen", "--process", "t1", "--holder", "pac", "--at", "2020-12-07T11:00:00+08:00", "--idempotency-key", "waive-pac-1", "--json"];
        Assert.Equal("recorded", Transfer(args).Json().GetProperty("outcome").GetString());
        var version = Version();
        var again = Transfer(args);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal("unchanged", again.Json().GetProperty("outcome").GetString());
        Assert.Equal(version, Version());
    }

    [Fact]
    public void Transfer_BadMoment_IsBadInput()
    {
        var r = Transfer("lapse", "cloopen", "--process", "t1", "--at", "yesterday");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--at", r.Stderr);
    }

    [Fact]
    public void Transfer_UnknownProcess_IsRefused()
    {
        var r = Transfer("lapse", "cloopen", "--process", "nope", "--at", "2021-03-01T10:00:00+08:00", "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("transfer.unknown-process", r.Json().GetProperty("reasons")[0].GetProperty("rule").GetString());
    }
}
