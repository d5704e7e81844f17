using System.CommandLine;
using Proviso.Cli;
using Proviso.Cli.Commands;

var root = new RootCommand("proviso: shareholder agreements, executable. Register, terms, rights, deadlines and a verifiable ledger.");
root.Options.Add(CliContext.Store);
root.Options.Add(CliContext.ActorOption);
root.Subcommands.Add(ImportCommand.Build());
root.Subcommands.Add(CapTableCommand.Build());
root.Subcommands.Add(LedgerCommands.Build());
root.Subcommands.Add(CalendarCommands.Build());
root.Subcommands.Add(ConsentCommands.Build());
root.Subcommands.Add(ScenarioCommands.Build());
root.Subcommands.Add(AgendaCommand.Build());
root.Subcommands.Add(FilingsCommands.Build());
root.Subcommands.Add(OwnershipCommand.Build());
root.Subcommands.Add(ConsortiumCommands.Build());
root.Subcommands.Add(DragAlongCommands.Build());
root.Subcommands.Add(TransferCommands.Build());

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"proviso: {error.Message}");
    Console.Error.WriteLine("Run 'proviso --help' for usage.");
    return ExitCodes.BadInput;
}
try
{
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    // A bug, not bad input: one line that says what failed, never a stack trace (set PROVISO_DEBUG=1 for it).
    Console.Error.WriteLine($"proviso: internal error ({ex.GetType().Name}): {ex.Message}");
    if (Environment.GetEnvironmentVariable("PROVISO_DEBUG") == "1") Console.Error.WriteLine(ex);
    return ExitCodes.Internal;
}
