using System.CommandLine;
using Proviso.Application;
using Proviso.Application.DragAlong;
using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements.DragAlong;
using Proviso.Domain.Quantities;

namespace Proviso.Cli.Commands;

/// <summary>
/// `proviso drag status|holders|distribution|deadlines|record`: the drag-along recorded for a company (docs/drag-along.md).
/// Every answer carries its citations; --json gives the stable shapes (the same as the API's).
/// </summary>
public static class DragAlongCommands
{
    public static Command Build()
    {
        var drag = new Command("drag", "Drag-along: who the Drag Holders are, the Approved Sale, notices, offers, the Preferential Sale, Restriction and Release Periods");
        drag.Subcommands.Add(Status());
        drag.Subcommands.Add(Holders());
        drag.Subcommands.Add(Distribution());
        drag.Subcommands.Add(Deadlines());
        drag.Subcommands.Add(Record());
        return drag;
    }

    private static Argument<string> Company() => new("COMPANY") { Description = "The company id" };

    private static Option<string?> AgreementOption() => new("--agreement") { Description = "The agreement's id (default: the only one with drag-along terms)" };

    private static Option<string?> AsOfOption() => new("--as-of") { Description = "The date (yyyy-MM-dd; default today, UTC); read at the end of that day in the terms' time zone" };

    private static async Task<(CompanyLedger? Ledger, DragAlongView? View, int? Exit)> LoadAsync(Proviso.Storage.IEventStore store, string company, string? agreement, CancellationToken ct)
    {
        var ledger = await CompanyLedger.LoadAsync(store, company, ct);
        if (!ledger.Exists) return (null, null, CliContext.Error($"there is no company '{company}' in {store.Location}; import it first", ExitCodes.BadInput));
        var view = DragAlongView.Load(ledger.Timeline, agreement);
        if (view is null) return (ledger, null, CliContext.Error($"no agreement with drag-along terms is recorded for '{company}'", ExitCodes.BadInput));
        return (ledger, view, null);
    }

    private static IReadOnlyList<string> List(string[]? values) =>
        (values ?? []).SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    private static Command Status()
    {
        var company = Company();
        var agreement = AgreementOption();
        var process = new Option<string?>("--process") { Description = "One process (default: all)" };
        var asOf = AsOfOption();
        var json = CliContext.Json();
        var cmd = new Command("status", "Each drag-along process: tests, notice, obligations, offers, Determined Offeror, Preferential Sale, periods, closing") { company, agreement, process, asOf, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var (_, view, exit) = await LoadAsync(store, p.GetValue(company)!, p.GetValue(agreement), ct);
            if (exit is { } e) return e;
            var date = p.GetValue(asOf) is { } t ? CliContext.ParseDate(t, "--as-of") : CliContext.Today();
            var at = view!.EndOf(date);
            var processes = view.Processes.Where(x => p.GetValue(process) is not { } only || x.Id == only).ToList();
            if (p.GetValue(process) is { } wanted && processes.Count == 0) return CliContext.Error($"--process: there is no drag-along process '{wanted}'", ExitCodes.BadInput);
            if (p.GetValue(json)) CliContext.WriteJson(new { agreement = view.Agreement.Id, processes = processes.Select(x => DragAlongViews.Status(view, x, at)).ToList() });
            else if (processes.Count == 0) Console.Out.WriteLine($"{view.Agreement.Id}: no drag-along process");
            else foreach (var x in processes) foreach (var line in DragAlongViews.StatusLines(view, x, at)) Console.Out.WriteLine(line);
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Holders()
    {
        var company = Company();
        var agreement = AgreementOption();
        var accepting = new Option<string[]>("--accepting") { Description = "Holders who agree to accept the offer (ids or named parties); repeat or separate with commas", AllowMultipleArgumentsPerToken = true };
        var approving = new Option<string[]>("--approving") { Description = "Holders who approve (the approval group, e.g. the Majority Investors)", AllowMultipleArgumentsPerToken = true };
        var asOf = AsOfOption();
        var json = CliContext.Json();
        var cmd = new Command("holders", "Who are the Drag Holders: each test with its numerator, denominator and result, and the smallest further agreements") { company, agreement, accepting, approving, asOf, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var (ledger, view, exit) = await LoadAsync(store, p.GetValue(company)!, p.GetValue(agreement), ct);
            if (exit is { } e) return e;
            var date = p.GetValue(asOf) is { } t ? CliContext.ParseDate(t, "--as-of") : CliContext.Today();
            var register = ledger!.Timeline.AsOf(date);
            var acc = List(p.GetValue(accepting));
            var app = List(p.GetValue(approving));
            foreach (var h in acc.Concat(app))
                if (!register.Holders.ContainsKey(view!.Agreement.HolderOf(h))) return CliContext.Error($"'{h}' is neither a holder nor a party named in '{view.Agreement.Id}'", ExitCodes.BadInput);
            var result = DragHoldersTest.Evaluate(view!.Agreement, view.Terms, register, date, acc, app);
            if (p.GetValue(json)) CliContext.WriteJson(DragAlongViews.Test(result));
            else foreach (var line in DragAlongViews.TestLines(result)) Console.Out.WriteLine(line);
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Distribution()
    {
        var company = Company();
        var agreement = AgreementOption();
        var valuation = new Option<string>("--valuation") { Description = "The valuation of the Group Companies, e.g. 'USD 2,000,000,000.00'", Required = true };
        var asOf = AsOfOption();
        var json = CliContext.Json();
        var cmd = new Command("distribution", "The valuation floor test and how the proceeds would be divided by the terms' waterfall, to the cent") { company, agreement, valuation, asOf, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var (ledger, view, exit) = await LoadAsync(store, p.GetValue(company)!, p.GetValue(agreement), ct);
            if (exit is { } e) return e;
            var text = p.GetValue(valuation)!;
            if (!Money.TryParse(text, out var money)) return CliContext.Error($"--valuation: expected money such as 'USD 2,000,000,000.00', found '{text}'", ExitCodes.BadInput);
            var date = p.GetValue(asOf) is { } t ? CliContext.ParseDate(t, "--as-of") : CliContext.Today();
            var floor = ValuationFloor.Check(view!.Terms.ValuationFloor, money, "valuation");
            ProceedsDistribution d;
            try
            {
                d = ProceedsWaterfalls.Get(view.Terms.Distribution.Waterfall).Distribute(ledger!.Timeline.AsOf(date), date, money, view.Terms.Distribution.Citation);
            }
            catch (ArgumentException ex)
            {
                return CliContext.Error(ex.Message, ExitCodes.BadInput);
            }
            if (p.GetValue(json)) CliContext.WriteJson(new { valuationFloor = floor is null ? "met" : floor.Message, distribution = DragAlongViews.Distribution(d) });
            else
            {
                Console.Out.WriteLine(floor is null ? $"valuation floor: {view.Terms.ValuationFloor?.ToString() ?? "none"}: met" : $"valuation floor: NOT met: {floor}");
                Console.Out.WriteLine($"{d.Proceeds} by {d.Description} ({d.Citation}); rounding: {d.Rounding}");
                foreach (var (h, amount) in d.ByHolder()) Console.Out.WriteLine($"  {h}: {amount}");
                foreach (var n in d.Notes) Console.Out.WriteLine($"  note: {n}");
            }
            return floor is null ? ExitCodes.Ok : ExitCodes.Rejected;
        }));
        return cmd;
    }

    private static Command Deadlines()
    {
        var company = Company();
        var agreement = AgreementOption();
        var asOf = AsOfOption();
        var json = CliContext.Json();
        var cmd = new Command("deadlines", "Open deadlines: Restriction and Release Periods, Buy-out windows, the Preferential Sale's signing window") { company, agreement, asOf, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var (_, view, exit) = await LoadAsync(store, p.GetValue(company)!, p.GetValue(agreement), ct);
            if (exit is { } e) return e;
            var date = p.GetValue(asOf) is { } t ? CliContext.ParseDate(t, "--as-of") : CliContext.Today();
            var at = view!.EndOf(date);
            var open = view.Processes.SelectMany(x => x.OpenDeadlines(view.Terms, view.Calendar, at).Select(d => (x.Id, d))).OrderBy(x => x.d.ExpiresAt).ToList();
            if (p.GetValue(json)) CliContext.WriteJson(open.Select(x => new { process = x.Id, deadline = x.d.ToData() }).ToList());
            else foreach (var (id, d) in open) Console.Out.WriteLine($"{d.DueDate:yyyy-MM-dd} {id} {d.Name}: {d.Explanation}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Record()
    {
        var company = Company();
        var kind = new Argument<string>("KIND") { Description = "acceptApprovedSale, dragAlongNotice, dragObligations, withdrawDragAlong, exclusionClause, newOffer, determineOfferor, requestDecisiveAgreement, buyOutNotice, signDecisiveAgreement, closeDragSale, specialSale, … (keys as the scenario step)" };
        var file = new Option<string>("--file") { Description = "A YAML or JSON file with the step's keys", Required = true };
        var at = new Option<string?>("--at") { Description = "When it happened, with its offset (default now)" };
        var json = CliContext.Json();
        var cmd = new Command("record", "Record a drag-along step in the company's ledger (decided by the same engine as scenarios and the API)") { company, kind, file, at, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var id = p.GetValue(company)!;
            var ledger = await CompanyLedger.LoadAsync(store, id, ct);
            if (!ledger.Exists) return CliContext.Error($"there is no company '{id}' in {store.Location}; import it first", ExitCodes.BadInput);
            var path = p.GetValue(file)!;
            if (!File.Exists(path)) return CliContext.Error($"--file: '{path}' not found", ExitCodes.BadInput);
            var actor = CliContext.ActorFor(p);
            var moment = actor.Now;
            if (p.GetValue(at) is { } text)
            {
                var r = NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(text);
                if (!r.Success) return CliContext.Error($"--at: expected a moment with its offset, e.g. 2020-11-16T10:00:00+08:00, found '{text}'", ExitCodes.BadInput);
                moment = r.Value.ToInstant();
            }
            var view = DragAlongView.Load(ledger.Timeline, null);
            var command = DragAlongCommandReader.Read(p.GetValue(kind)!, await File.ReadAllTextAsync(path, ct), ledger, moment, view?.Terms.Zone ?? NodaTime.DateTimeZone.Utc);
            var outcome = await CompanyCommands.ExecuteAsync(store, id, [(command, null, path)], actor, ledger.Version, ct);
            switch (outcome)
            {
                case CommandOutcome.Refused refused:
                    return CliContext.Refused(refused, p.GetValue(json));
                case CommandOutcome.Conflicted:
                    return CliContext.Error("another writer changed the ledger first; nothing was written", ExitCodes.Conflict);
                case CommandOutcome.Recorded rec:
                    if (p.GetValue(json)) CliContext.WriteJson(new { outcome = "recorded", entries = rec.Entries.Select(e => new { sequence = e.Sequence, eventType = e.EventType }) });
                    else foreach (var e in rec.Entries) Console.Out.WriteLine($"recorded {e.Sequence} {e.EventType}");
                    return ExitCodes.Ok;
                default:
                    Console.Out.WriteLine("already recorded; nothing changed");
                    return ExitCodes.Ok;
            }
        }));
        return cmd;
    }
}
