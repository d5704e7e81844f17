using Proviso.Application.Views;
using System.CommandLine;
using Proviso.Application.Scenarios;
using Spectre.Console;

namespace Proviso.Cli.Commands;

/// <summary>`proviso scenario run FILE`: a worked scenario in a throwaway store, step by step, then the final state.</summary>
public static class ScenarioCommands
{
    public static Command Build()
    {
        var scenario = new Command("scenario", "Worked scenarios: a company, its terms and dated steps, run in a throwaway store");
        var file = new Argument<string>("FILE") { Description = "A scenario file (docs/scenario-format.md)" };
        var json = CliContext.Json();
        var run = new Command("run", "Run a scenario: each step accepted or refused with citations, then each process's state and the register") { file, json };
        run.SetAction(async (p, ct) =>
        {
            try
            {
                var result = await ScenarioRunner.RunAsync(p.GetValue(file)!, ct);
                if (p.GetValue(json)) CliContext.WriteJson(ScenarioJson.From(result));
                else Render(result);
                return result.AllAsExpected ? ExitCodes.Ok : ExitCodes.Rejected;
            }
            catch (Proviso.Application.InputException ex)
            {
                return CliContext.Error(ex.Message, ExitCodes.BadInput);
            }
        });
        scenario.Subcommands.Add(run);
        return scenario;
    }

    private static void Render(ScenarioResult r)
    {
        var c = CliContext.Out;
        c.MarkupLine($"[bold]{Markup.Escape(r.Name)}[/] ({Markup.Escape(r.Company)})");
        if (r.Description is { } d) c.MarkupLine(Markup.Escape(d));
        foreach (var s in r.Steps)
        {
            var outcome = s.Accepted ? "[green]accepted[/]" : "[red]refused[/]";
            var expectation = s.AsExpected ? "" : $" [red bold](expected {Markup.Escape(s.Expected ?? "")})[/]";
            c.MarkupLine($"{s.Number,3}. {Markup.Escape(s.When)} {Markup.Escape(s.Kind)}: {outcome}{expectation}{(s.Note is null ? "" : $" [grey]{Markup.Escape(s.Note)}[/]")}");
            if (s.Events.Count > 0) c.MarkupLine($"       [grey]recorded: {Markup.Escape(string.Join(", ", s.Events))}[/]");
            foreach (var x in s.Reasons) c.MarkupLine($"       [[{Markup.Escape(x.Rule)}]] {Markup.Escape(x.Message)}{(x.Citation is null ? "" : $" ({Markup.Escape(x.Citation)})")}");
        }
        foreach (var (_, section) in r.Report)
        {
            c.WriteLine();
            c.MarkupLine($"[bold]{Markup.Escape(section.Title)}[/]");
            foreach (var line in section.Lines) c.MarkupLine("  " + Markup.Escape(line));
        }
        c.WriteLine();
        c.MarkupLine($"Ledger {(r.LedgerIntact ? "intact (hash chain verified)" : "[red]BROKEN[/]")}; {(r.AllAsExpected ? "every step as expected" : "[red]some steps not as expected[/]")}.");
    }
}
