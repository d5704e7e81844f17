using NodaTime;
using Proviso.Application.Import;
using Proviso.Application.Ledgers;
using Proviso.Application.Terms;
using Proviso.Domain.Agreements;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;

namespace Proviso.Application.Tests;

/// <summary>The Cloopen example (examples/cloopen) decided into a timeline in memory, with its terms, for tests.</summary>
public sealed class CloopenExample
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Directory => Path.Combine(RepoRoot, "examples", "cloopen");

    public static string RofrTerms => Path.Combine(Directory, "terms", "rofr-cosale-2020.yaml");

    public RegisterTimeline Timeline { get; }
    public Agreement Rofr { get; }
    private long _sequence;

    public CloopenExample()
    {
        var loaded = RegisterFile.LoadDirectory(Directory);
        Timeline = new RegisterTimeline();
        foreach (var c in loaded.Commands) Do(c.Command);
        Rofr = TermsLoader.Load(RofrTerms);
    }

    /// <summary>Decides a command and records its events; fails the test if it is refused.</summary>
    public void Do(object command)
    {
        var decision = CompanyDecider.Decide(Timeline, command);
        if (decision is Decision.Rejected r) throw new InvalidOperationException("refused: " + string.Join("; ", r.Reasons));
        foreach (var e in ((Decision.Accepted)decision).Events) Timeline.Add(++_sequence, e);
    }

    public void Transfer(string from, string to, string classId, long shares, LocalDate on) =>
        Do(new TransferShares(from, to, classId, Domain.Quantities.ShareCount.Of(shares), null, null, "test") { EffectiveOn = on });

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Proviso.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
