using System.CommandLine;
using NodaTime;
using Proviso.Application.Agenda;
using Proviso.Application.Ledgers;
using Proviso.Domain.Time;
using Spectre.Console;

namespace Proviso.Cli.Commands;

/// <summary>`proviso agenda COMPANY`: every open deadline across the company's processes, soonest first; `--ics` exports them.</summary>
public static class AgendaCommand
{
    public static Command Build()
    {
        var company = new Argument<string>("COMPANY") { Description = "The company id" };
        var asOf = new Option<string?>("--as-of") { Description = "Show deadlines still open at the end of this date (yyyy-MM-dd; default: now)" };
        var ics = new Option<string?>("--ics") { Description = "Also write the deadlines to FILE as an RFC 5545 calendar (.ics)" };
        var json = CliContext.Json();
        var cmd = new Command("agenda", "Every open deadline across the company's processes, with its clause, and an .ics export") { company, asOf, ics, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var id = p.GetValue(company)!;
            var ledger = await CompanyLedger.LoadAsync(store, id, ct);
            if (!ledger.Exists) return CliContext.Error($"there is no company '{id}' in {store.Location}; import it first", ExitCodes.BadInput);
            var now = SystemClock.Instance.GetCurrentInstant();
            var at = p.GetValue(asOf) is { } text ? CliContext.ParseDate(text, "--as-of").PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() - Duration.Epsilon : now;
            var items = CompanyAgenda.Open(ledger, at);
            if (p.GetValue(ics) is { } file)
            {
                try
                {
                    File.WriteAllText(file, IcsDeadlineWriter.Write(items.Select(i => i.Deadline), now));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return CliContext.Error($"--ics: cannot write {file}: {ex.Message}", ExitCodes.BadInput);
                }
            }
            if (p.GetValue(json))
            {
                CliContext.WriteJson(new { company = id, asOf = NodaTime.Text.InstantPattern.ExtendedIso.Format(at), items = items.Select(i => new { source = i.Source, matter = i.Matter, deadline = i.Deadline.ToData() }) });
                return ExitCodes.Ok;
            }
            var c = CliContext.Out;
            if (items.Count == 0) c.MarkupLine($"No open deadlines for {Markup.Escape(id)}.");
            foreach (var i in items)
                c.MarkupLine($"[bold]{i.Deadline.DueDate:yyyy-MM-dd}[/] {Markup.Escape(i.Deadline.Name)} [grey]({Markup.Escape(i.Matter)}; {Markup.Escape(i.Deadline.Citation.ToString())})[/]\n    {Markup.Escape(i.Deadline.Explanation)}");
            if (p.GetValue(ics) is { } written) c.MarkupLine($"[grey]Wrote {items.Count} deadline(s) to {Markup.Escape(written)}.[/]");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
