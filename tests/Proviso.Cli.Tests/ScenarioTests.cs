namespace Proviso.Cli.Tests;

/// <summary>
/// Every worked scenario under examples/*/scenarios keeps its expected output beside it (NAME.expected.json); running it
/// must give exactly that output. Set PROVISO_UPDATE_EXPECTED=1 to rewrite the expected files after a deliberate change.
/// </summary>
public sealed class ScenarioTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(ProvisoProcess.RepoRoot, "examples")))
        {
            var scenarios = Path.Combine(dir, "scenarios");
            if (!Directory.Exists(scenarios)) continue;
            foreach (var f in Directory.GetFiles(scenarios, "*.yaml").Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(ProvisoProcess.RepoRoot, f));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_Run_GivesItsExpectedOutput(string scenario)
    {
        var path = Path.Combine(ProvisoProcess.RepoRoot, scenario);
        var expectedPath = Path.ChangeExtension(path, ".expected.json");
        var r = ProvisoProcess.Run("scenario", "run", path, "--json");
        Assert.True(r.ExitCode is 0 or 1, r.ToString());
        var actual = r.Stdout.Replace("\r\n", "\n").TrimEnd() + "\n";
        if (Environment.GetEnvironmentVariable("PROVISO_UPDATE_EXPECTED") == "1") File.WriteAllText(expectedPath, actual);
        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run with PROVISO_UPDATE_EXPECTED=1 once and review it");
        Assert.Equal(File.ReadAllText(expectedPath).Replace("\r\n", "\n"), actual);
        Assert.True(r.Json().GetProperty("allAsExpected").GetBoolean(), "a step did not go as the scenario expects:\n" + r.Stdout);
        Assert.True(r.Json().GetProperty("ledgerIntact").GetBoolean());
    }

    [Fact]
    public void Scenario_StepWithAnUnknownAction_IsBadInputWithItsLocation()
    {
        using var tmp = new TempDir();
        var file = tmp.File("bad.yaml");
        File.WriteAllText(file, $"scenario: {{ name: bad }}\ncompany: {ProvisoProcess.CloopenExample}\nsteps:\n  - on: 2021-01-04\n    frobnicate: {{ x: 1 }}\n");
        var r = ProvisoProcess.Run("scenario", "run", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.yaml:4:", r.Stderr);
        Assert.Contains("unknown action 'frobnicate'", r.Stderr);
    }

    [Fact]
    public void Scenario_ExpectationNotMet_ExitsOne()
    {
        using var tmp = new TempDir();
        var file = tmp.File("expect.yaml");
        File.WriteAllText(file, $"scenario: {{ name: expect }}\ncompany: {ProvisoProcess.CloopenExample}\nsteps:\n  - on: 2021-01-05\n    corporateAction: {{ action: transfer, on: 2021-01-05, from: tencent, to: pac, class: series-f, shares: 99999999999 }}\n    expect: accepted\n");
        var r = ProvisoProcess.Run("scenario", "run", file, "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.False(r.Json().GetProperty("allAsExpected").GetBoolean());
        Assert.Equal("register.insufficient-shares", r.Json().GetProperty("steps")[0].GetProperty("reasons")[0].GetProperty("rule").GetString());
    }
}
