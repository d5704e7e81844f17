namespace Proviso.Cli.Tests.Disclosure;

/// <summary>
/// docs/disclosure.md's examples come out of the code: every block fenced as ```console that starts with
/// "$ proviso ..." is run against a store holding the Cloopen example (imported as the document shows) and its output
/// must equal the block's text below the command (ledger sequence numbers compared as "#N").
/// </summary>
public sealed class DisclosureDocsTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    public static IEnumerable<(string Command, string Output)> Blocks()
    {
        var lines = File.ReadAllLines(Path.Combine(ProvisoProcess.RepoRoot, "docs", "disclosure.md"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```console") continue;
            var command = lines[++i];
            var output = new List<string>();
            while (lines[++i].Trim() != "```") output.Add(lines[i]);
            yield return (command, string.Join("\n", output));
        }
    }

    [Fact]
    public void DisclosureDoc_EveryConsoleExample_IsWhatTheCommandPrints()
    {
        DisclosureExample.ImportCloopen(_tmp.Store);
        var blocks = Blocks().ToList();
        Assert.True(blocks.Count >= 3, "docs/disclosure.md should hold the worked examples");
        foreach (var (command, expected) in blocks)
        {
            Assert.StartsWith("$ proviso ", command);
            var args = command["$ proviso ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(a => a.StartsWith("examples/", StringComparison.Ordinal) ? Path.Combine(ProvisoProcess.RepoRoot, a) : a).ToArray();
            var r = ProvisoProcess.Run(["--store", _tmp.Store, .. args]);
            Assert.True(r.ExitCode == 0, command + "\n" + r);
            Assert.Equal(DisclosureExample.Normalise(expected), DisclosureExample.Normalise(r.Stdout));
        }
    }
}
