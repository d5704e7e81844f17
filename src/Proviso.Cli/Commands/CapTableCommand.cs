using Proviso.Application.Views;
using System.CommandLine;
using Proviso.Application.Ledgers;
using Proviso.Domain.Quantities;
using Proviso.Domain.Register.Views;
using Spectre.Console;

namespace Proviso.Cli.Commands;

/// <summary>`proviso captable COMPANY`: the register at a date, on a basis, by holder, affiliate group or class.</summary>
public static class CapTableCommand
{
    public static Command Build()
    {
        var company = new Argument<string>("COMPANY") { Description = "The company id (e.g. cloopen)" };
        var asOf = new Option<string?>("--as-of") { Description = "The date (yyyy-MM-dd) at the end of which to show the register (default: today, UTC)" };
        var basis = new Option<string>("--basis") { Description = "outstanding | as-converted | fully-diluted | voting", DefaultValueFactory = _ => "as-converted" };
        basis.AcceptOnlyFromAmong("outstanding", "as-converted", "fully-diluted", "voting");
        var by = new Option<string>("--by") { Description = "holder | group | class", DefaultValueFactory = _ => "holder" };
        by.AcceptOnlyFromAmong("holder", "group", "class");
        var json = CliContext.Json();
        var cmd = new Command("captable", "Show the cap table at a date") { company, asOf, basis, by, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var id = p.GetValue(company)!;
            var date = p.GetValue(asOf) is { } text ? CliContext.ParseDate(text, "--as-of") : CliContext.Today();
            var ledger = await CompanyLedger.LoadAsync(store, id, ct);
            if (!ledger.Exists) return CliContext.Error($"there is no company '{id}' in {store.Location}; import it first (proviso import DIR)", ExitCodes.BadInput);
            var register = ledger.Timeline.AsOf(date);
            var table = CapTable.Compute(register, date, ParseBasis(p.GetValue(basis)!), ParseBy(p.GetValue(by)!));
            if (p.GetValue(json)) CliContext.WriteJson(CapTableJson.From(table));
            else Render(table);
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    public static Basis ParseBasis(string s) => s switch
    {
        "outstanding" => Basis.Outstanding,
        "as-converted" => Basis.AsConverted,
        "fully-diluted" => Basis.FullyDiluted,
        _ => Basis.Voting,
    };

    public static GroupBy ParseBy(string s) => s switch
    {
        "holder" => GroupBy.Holder,
        "group" => GroupBy.Group,
        _ => GroupBy.Class,
    };

    private static void Render(CapTable t)
    {
        var console = CliContext.Out;
        console.MarkupLine($"[bold]{Markup.Escape(t.CompanyName)}[/]: cap table as of {t.AsOf:yyyy-MM-dd}, {Kebab(t.Basis)} basis, by {t.GroupBy.ToString().ToLowerInvariant()}");
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(t.GroupBy switch { GroupBy.Class => "Class", GroupBy.Group => "Affiliate group", _ => "Holder" });
        table.AddColumn("Holdings");
        table.AddColumn(new TableColumn(Kebab(t.Basis)).RightAligned());
        table.AddColumn(new TableColumn("%").RightAligned());
        foreach (var row in t.Rows)
        {
            var who = Markup.Escape(row.Label) + (row.Members.Count > 1 ? $"\n[grey]{Markup.Escape(string.Join(", ", row.Members))}[/]" : "");
            var holdings = string.Join("\n", row.SharesByClass.OrderBy(x => t.ClassIds.ToList().IndexOf(x.Key)).Select(x => $"{x.Value} {x.Key}")
                .Concat(row.InstrumentsByClass.Select(x => $"{x.Value} {x.Key} (instruments)")));
            table.AddRow(who, Markup.Escape(holdings), Amount(row.Amount), row.Percentage.ToPercentString(4));
        }
        table.AddRow("[bold]Total[/]", Markup.Escape(string.Join("\n", t.OutstandingByClass.Where(x => x.Value.IsPositive).Select(x => $"{x.Value} {x.Key}"))),
            "[bold]" + Amount(t.Total) + "[/]", "100.0000%");
        console.Write(table);
        foreach (var note in t.Notes) console.MarkupLine($"[grey]Note: {Markup.Escape(note)}[/]");
        console.MarkupLine("[grey]Percentages are exact fractions, shown here to 4 places; --json gives the exact n/d.[/]");
    }

    private static string Amount(Fraction f) => f.IsInteger ? new ShareCount((long)f.Numerator).ToString() : f.ToDecimalString(4) + $" ({f})";

    private static string Kebab(Basis b) => b switch
    {
        Basis.AsConverted => "as-converted",
        Basis.FullyDiluted => "fully-diluted",
        _ => b.ToString().ToLowerInvariant(),
    };
}

