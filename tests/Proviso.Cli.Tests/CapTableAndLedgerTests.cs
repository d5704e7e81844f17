using Microsoft.Data.Sqlite;

namespace Proviso.Cli.Tests;

/// <summary>`proviso captable` and `proviso ledger log|verify` on the Cloopen example.</summary>
public sealed class CapTableAndLedgerTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public CapTableAndLedgerTests()
    {
        var r = ProvisoProcess.Run("--store", _tmp.Store, "import", ProvisoProcess.CloopenExample);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void CapTable_FullyDiluted_CountsTheCvcWarrantAndPercentagesAreExact()
    {
        var r = ProvisoProcess.Run("--store", _tmp.Store, "captable", "cloopen", "--as-of", "2020-11-13", "--basis", "fully-diluted", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = r.Json();
        Assert.Equal("fully-diluted", json.GetProperty("basis").GetString());
        // 224,134,776 issued shares (all 1:1) plus the 11,799,685 warrant shares.
        Assert.Equal("235934461", json.GetProperty("total").GetString());
        var cvc = json.GetProperty("rows").EnumerateArray().Single(x => x.GetProperty("key").GetString() == "cvc");
        Assert.Equal(11_799_685, cvc.GetProperty("instruments").GetProperty("series-f").GetInt64());
        Assert.Equal("11799685/235934461", cvc.GetProperty("fraction").GetString());
    }

    [Fact]
    public void CapTable_AsConverted_ExcludesTheWarrant()
    {
        var r = ProvisoProcess.Run("--store", _tmp.Store, "captable", "cloopen", "--as-of", "2020-11-13", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("224134776", r.Json().GetProperty("total").GetString());
        Assert.DoesNotContain(r.Json().GetProperty("rows").EnumerateArray(), x => x.GetProperty("key").GetString() == "cvc");
    }

    [Fact]
    public void CapTable_ByGroup_AggregatesAPrincipalWithHisHoldingCompany()
    {
        var r = ProvisoProcess.Run("--store", _tmp.Store, "captable", "cloopen", "--as-of", "2020-11-13", "--by", "group", "--json");
        Assert.Equal(0, r.ExitCode);
        var sun = r.Json().GetProperty("rows").EnumerateArray().Single(x => x.GetProperty("key").GetString() == "sun-changxun");
        Assert.Equal(["cloopen-co", "sun-changxun"], sun.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToArray());
        Assert.Equal("60000000", sun.GetProperty("amount").GetString());
    }

    [Fact]
    public void CapTable_BeforeTheRegisterOpens_IsEmpty()
    {
        var r = ProvisoProcess.Run("--store", _tmp.Store, "captable", "cloopen", "--as-of", "2020-11-12", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(0, r.Json().GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public void CapTable_UnknownCompanyOrBadDate_IsBadInput()
    {
        Assert.Equal(2, ProvisoProcess.Run("--store", _tmp.Store, "captable", "nobody").ExitCode);
        var bad = ProvisoProcess.Run("--store", _tmp.Store, "captable", "cloopen", "--as-of", "13/11/2020");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("expected a date as yyyy-MM-dd", bad.Stderr);
        Assert.Equal(2, ProvisoProcess.Run("--store", _tmp.Store, "captable", "cloopen", "--basis", "economic").ExitCode);
    }

    [Fact]
    public void LedgerVerify_IntactLedger_ExitsZero()
    {
        var r = ProvisoProcess.Run("--store", _tmp.Store, "ledger", "verify", "cloopen", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(r.Json().GetProperty("intact").GetBoolean());
    }

    [Fact]
    public void LedgerVerify_RowAlteredInTheDatabase_NamesTheFirstBadEntry()
    {
        SQLitePCL.Batteries.Init();
        using (var c = new SqliteConnection($"Data Source={_tmp.Store};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE ledger_entries SET payload = replace(payload, '11799686', '21799686') WHERE company_id = 'cloopen' AND payload LIKE '%11799686%'";
            Assert.Equal(1, cmd.ExecuteNonQuery());
            cmd.CommandText = "SELECT sequence FROM ledger_entries WHERE company_id = 'cloopen' AND payload LIKE '%21799686%'";
            var tampered = (long)cmd.ExecuteScalar()!;
            var r = ProvisoProcess.Run("--store", _tmp.Store, "ledger", "verify", "cloopen", "--json");
            Assert.Equal(1, r.ExitCode);
            Assert.False(r.Json().GetProperty("intact").GetBoolean());
            Assert.Equal(tampered, r.Json().GetProperty("firstBadSequence").GetInt64());
        }
    }

    [Fact]
    public void LedgerLog_Json_ListsEveryEntryWithItsHashChain()
    {
        var r = ProvisoProcess.Run("--store", _tmp.Store, "ledger", "log", "cloopen", "--json");
        Assert.Equal(0, r.ExitCode);
        var entries = r.Json().GetProperty("entries");
        Assert.Equal("CompanyRegistered", entries[0].GetProperty("eventType").GetString());
        Assert.Equal(new string('0', 64), entries[0].GetProperty("previousHash").GetString());
        Assert.Equal(entries[0].GetProperty("hash").GetString(), entries[1].GetProperty("previousHash").GetString());
    }

    [Fact]
    public void Store_UnreachablePostgres_ExitsWithTheStorageCode()
    {
        var r = ProvisoProcess.Run("--store", "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=2", "captable", "cloopen");
        Assert.Equal(4, r.ExitCode);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void Usage_UnknownCommand_ExitsTwo()
    {
        var r = ProvisoProcess.Run("frobnicate");
        Assert.Equal(2, r.ExitCode);
    }
}
