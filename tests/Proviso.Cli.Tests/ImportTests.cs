namespace Proviso.Cli.Tests;

/// <summary>`proviso import`: the Cloopen example, idempotency, and every kind of bad input refused with nothing written.</summary>
public sealed class ImportTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private const string Base = """
        classes:
          - { id: ordinary, name: Ordinary Shares, kind: ordinary, votesPerShare: 1, parValue: USD 0.0001 }
          - { id: series-a, name: Series A Preferred, kind: preferred, convertsInto: ordinary, conversionRatio: 1, on: 2024-03-01 }
        holders:
          - { id: alice, name: Alice, kind: individual, timeZone: Asia/Hong_Kong }
          - { id: fund, name: Fund L.P., kind: entity, timeZone: America/New_York }

        """;

    private int Version(string companyId)
    {
        var log = ProvisoProcess.Run("--store", _tmp.Store, "ledger", "log", companyId, "--json");
        return log.ExitCode == 0 ? log.Json().GetProperty("entries").GetArrayLength() : 0;
    }

    [Fact]
    public void Import_CloopenExample_RecordsTheRegisterAndASecondImportChangesNothing()
    {
        var first = ProvisoProcess.Run("--store", _tmp.Store, "import", ProvisoProcess.CloopenExample, "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("imported", first.Json().GetProperty("outcome").GetString());
        var written = first.Json().GetProperty("entriesWritten").GetInt32();
        Assert.True(written > 100);

        var second = ProvisoProcess.Run("--store", _tmp.Store, "import", ProvisoProcess.CloopenExample, "--json");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("unchanged", second.Json().GetProperty("outcome").GetString());
        Assert.Equal(written, Version("cloopen"));
    }

    [Fact]
    public void Import_BadYamlSyntax_ReportsFileLineAndColumnAndWritesNothing()
    {
        var dir = _tmp.Company(Base + "holdings:\n  - { holder: alice, class: ordinary, shares: 100\n");
        var r = ProvisoProcess.Run("--store", _tmp.Store, "import", dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Matches(@"register\.yaml:\d+:\d+: YAML syntax error", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Equal(0, Version("acme"));
    }

    [Fact]
    public void Import_SharesThatAreNotANumber_SayWhereAndWhatWasExpected()
    {
        var dir = _tmp.Company(Base + "holdings:\n  - { holder: alice, class: ordinary, shares: lots }\n");
        var r = ProvisoProcess.Run("--store", _tmp.Store, "import", dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("register.yaml:8:", r.Stderr);
        Assert.Contains("expected a whole number for 'shares', found 'lots'", r.Stderr);
        Assert.Equal(0, Version("acme"));
    }

    [Fact]
    public void Import_MisspeltKey_IsReportedNotIgnored()
    {
        var dir = _tmp.Company(Base + "holdings:\n  - { holder: alice, class: ordinary, shars: 100 }\n");
        var r = ProvisoProcess.Run("--store", _tmp.Store, "import", dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown key 'shars'", r.Stderr);
    }

    [Fact]
    public void Import_MissingDirectory_IsBadInput()
    {
        var r = ProvisoProcess.Run("--store", _tmp.Store, "import", _tmp.File("nowhere"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("directory not found", r.Stderr);
    }

    [Theory]
    [InlineData("holdings:\n  - { holder: bob, class: ordinary, shares: 100 }\n", "register.unknown-holder")]
    [InlineData("holdings:\n  - { holder: alice, class: class-z, shares: 100 }\n", "register.unknown-class")]
    [InlineData("holdings:\n  - { holder: alice, class: ordinary, shares: 0 }\n", "register.quantity-positive")]
    [InlineData("holdings:\n  - { holder: alice, class: ordinary, shares: -5 }\n", "register.quantity-positive")]
    [InlineData("holdings:\n  - { holder: alice, class: series-a, shares: 10, on: 2024-02-29 }\n", "register.before-class")]
    [InlineData("holdings:\n  - { holder: alice, class: ordinary, shares: 9223372036854775807 }\n  - { holder: fund, class: ordinary, shares: 1 }\n", "register.overflow")]
    [InlineData("holdings:\n  - { holder: alice, class: ordinary, shares: 100 }\ncorporateActions:\n  - { action: transfer, on: 2024-05-01, from: alice, to: fund, class: ordinary, shares: 101 }\n", "register.insufficient-shares")]
    public void Import_ARuleRefusesOneCommand_NamesTheRuleAndWritesNothing(string tail, string rule)
    {
        var dir = _tmp.Company(Base + tail);
        var r = ProvisoProcess.Run("--store", _tmp.Store, "import", dir, "--json");
        Assert.True(r.ExitCode == 1, r.ToString());
        var json = r.Json();
        Assert.Equal("refused", json.GetProperty("outcome").GetString());
        Assert.Equal(rule, json.GetProperty("reasons")[0].GetProperty("rule").GetString());
        Assert.Contains("register.yaml:", json.GetProperty("source").GetString());
        Assert.Equal(0, Version("acme"));
    }

    [Fact]
    public void Import_TransferOfExactlyTheHolding_IsAccepted()
    {
        var dir = _tmp.Company(Base + "holdings:\n  - { holder: alice, class: ordinary, shares: 100 }\ncorporateActions:\n  - { action: transfer, on: 2024-05-01, from: alice, to: fund, class: ordinary, shares: 100 }\n");
        var r = ProvisoProcess.Run("--store", _tmp.Store, "import", dir);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void Import_RefusedWithoutJson_PrintsTheRuleToStandardError()
    {
        var dir = _tmp.Company(Base + "holdings:\n  - { holder: bob, class: ordinary, shares: 100 }\n");
        var r = ProvisoProcess.Run("--store", _tmp.Store, "import", dir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("[register.unknown-holder]", r.Stderr);
        Assert.Contains("nothing was written", r.Stderr);
    }
}
