using Proviso.Application.Views;
using System.CommandLine;
using Proviso.Application.Ledgers;
using Proviso.Application.Terms;
using Proviso.Domain.Agreements.Consent;
using Spectre.Console;

namespace Proviso.Cli.Commands;

/// <summary>`proviso consent check`: is a consent group satisfied by these holders on this date, and what else would satisfy it.</summary>
public static class ConsentCommands
{
    public static Command Build()
    {
        var consent = new Command("consent", "Consent groups defined by an agreement (Majority Investors, Majority Series F Investors, …)");
        var company = new Argument<string>("COMPANY") { Description = "The company id" };
        var terms = new Option<string>("--terms") { Description = "A terms file, or the id of an agreement recorded for the company", Required = true };
        var group = new Option<string>("--group") { Description = "The consent group's id (e.g. majority-investors)", Required = true };
        var consenting = new Option<string[]>("--consenting") { Description = "Holders (ids or named parties) who consent; repeat or separate with commas", AllowMultipleArgumentsPerToken = true };
        var asOf = new Option<string?>("--as-of") { Description = "The date (yyyy-MM-dd; default today, UTC)" };
        var json = CliContext.Json();
        var check = new Command("check", "Evaluate a consent group for a set of consenting holders") { company, terms, group, consenting, asOf, json };
        check.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var id = p.GetValue(company)!;
            var ledger = await CompanyLedger.LoadAsync(store, id, ct);
            if (!ledger.Exists) return CliContext.Error($"there is no company '{id}' in {store.Location}; import it first", ExitCodes.BadInput);
            var agreement = CompanyTerms.Resolve(ledger, p.GetValue(terms)!);
            var groupId = p.GetValue(group)!;
            if (!agreement.Consents.ContainsKey(groupId))
                return CliContext.Error($"agreement '{agreement.Id}' defines no consent group '{groupId}' (defined: {string.Join(", ", agreement.Consents.Keys)})", ExitCodes.BadInput);
            var date = p.GetValue(asOf) is { } text ? CliContext.ParseDate(text, "--as-of") : CliContext.Today();
            var register = ledger.Timeline.AsOf(date);
            var who = (p.GetValue(consenting) ?? []).SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            foreach (var h in who)
                if (!register.Holders.ContainsKey(agreement.HolderOf(h)))
                    return CliContext.Error($"--consenting: '{h}' is neither a holder of '{id}' nor a party named in '{agreement.Id}'", ExitCodes.BadInput);
            var result = ConsentEvaluator.Evaluate(agreement, groupId, register, date, who);
            if (p.GetValue(json)) CliContext.WriteJson(ConsentJson.From(result));
            else Render(result);
            return ExitCodes.Ok;
        }));
        consent.Subcommands.Add(check);
        return consent;
    }

    private static void Render(ConsentResult r)
    {
        var c = CliContext.Out;
        c.MarkupLine($"[bold]{Markup.Escape(r.GroupName)}[/] ({Markup.Escape(r.Citation.ToString())}) on {r.AsOf:yyyy-MM-dd}: {(r.Satisfied ? "[green]SATISFIED[/]" : "[red]NOT SATISFIED[/]")}");
        c.MarkupLine($"Consenting: {Markup.Escape(r.Consenting.Count == 0 ? "(none)" : string.Join(", ", r.Consenting))}");
        RenderProngs(c, r.Prongs, "");
        if (!r.Satisfied)
            c.MarkupLine($"Smallest set of further consents that would satisfy it{(r.SmallestIsProven ? "" : " (minimal; not proven the smallest)")}: [bold]{Markup.Escape(string.Join(", ", r.SmallestFurtherConsents))}[/]");
        foreach (var i in r.Interpretations) c.MarkupLine($"[grey]Interpretation: {Markup.Escape(i)}[/]");
    }

    private static void RenderProngs(IAnsiConsole c, IReadOnlyList<ProngResult> prongs, string indent)
    {
        foreach (var p in prongs)
        {
            var mark = p.Satisfied ? "[green]met[/]" : "[red]not met[/]";
            c.MarkupLine($"{indent}{Markup.Escape(p.Label)} {Markup.Escape(p.Description)} ({Markup.Escape(p.Citation.ToString())}): {mark}");
            if (p.Numerator is { } n && p.Denominator is { } d)
                c.MarkupLine($"{indent}    consenting {Markup.Escape(n.ToString())} of {Markup.Escape(d.ToString())} = {Markup.Escape((p.Share?.ToString()) ?? "n/a")} ({(p.Share is { } s ? s.ToPercentString(4) : "n/a")}); needs {Markup.Escape(p.Threshold!.ToString())}");
            foreach (var req in p.Required)
                c.MarkupLine($"{indent}    {(req.Required ? (req.Given ? "[green]required, given[/]" : "[red]required, missing[/]") : "[grey]not required[/]")}: {Markup.Escape(req.Party)} ({Markup.Escape(req.HolderId)}): {Markup.Escape(req.Reason)}");
            if (!p.Satisfied && p.SmallestFurtherConsents.Count > 0)
                c.MarkupLine($"{indent}    would be met with: {Markup.Escape(string.Join(", ", p.SmallestFurtherConsents))}");
            if (p.Nested is { } nested) RenderProngs(c, nested.Prongs, indent + "    ");
        }
    }
}

