using System.CommandLine;
using Proviso.Application.Import;
using Proviso.Application.Ledgers;

namespace Proviso.Cli.Commands;

/// <summary>`proviso import DIR`: a company directory (company.yaml, register.yaml) into the store; importing the same thing twice changes nothing.</summary>
public static class ImportCommand
{
    public static Command Build()
    {
        var dir = new Argument<string>("DIR") { Description = "A company directory holding company.yaml and register.yaml (e.g. examples/cloopen)" };
        var json = CliContext.Json();
        var cmd = new Command("import", "Import a company, its register and its agreements' terms (DIR/terms/*.yaml) into the store; a second import of the same files changes nothing")
        {
            dir, json,
        };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var loaded = RegisterFile.LoadDirectory(p.GetValue(dir)!);
            var commands = loaded.Commands
                .Select(c => ((object)c.Command, (string?)CompanyLedger.KeyFor("import", c.Command), (string?)c.Source.ToString()))
                .Concat(loaded.Terms.Select(t => ((object)t, (string?)CompanyLedger.KeyFor("terms", t.Text), (string?)t.File)))
                .ToList();
            var outcome = await CompanyCommands.ExecuteAsync(store, loaded.CompanyId, commands, CliContext.ActorFor(p), null, ct);
            var asJson = p.GetValue(json);
            switch (outcome)
            {
                case CommandOutcome.Refused r:
                    return CliContext.Refused(r, asJson);
                case CommandOutcome.Conflicted c:
                    return CliContext.Error($"the ledger of '{loaded.CompanyId}' moved from version {c.Expected} to {c.Actual} while importing; nothing was written; run the import again", ExitCodes.Conflict);
                case CommandOutcome.AlreadyRecorded:
                    if (asJson) CliContext.WriteJson(new { outcome = "unchanged", company = loaded.CompanyId, entriesWritten = 0, store = store.Location });
                    else Console.Out.WriteLine($"{loaded.CompanyName} ({loaded.CompanyId}): already imported; nothing changed ({store.Location}).");
                    return ExitCodes.Ok;
                case CommandOutcome.Recorded rec:
                    if (asJson)
                        CliContext.WriteJson(new { outcome = "imported", company = loaded.CompanyId, entriesWritten = rec.Entries.Count, version = rec.Entries[^1].Sequence, store = store.Location });
                    else
                        Console.Out.WriteLine($"{loaded.CompanyName} ({loaded.CompanyId}): imported {rec.Entries.Count} ledger entries, now at version {rec.Entries[^1].Sequence} ({store.Location}).");
                    return ExitCodes.Ok;
                default:
                    throw new InvalidOperationException("unknown outcome");
            }
        }));
        return cmd;
    }
}
