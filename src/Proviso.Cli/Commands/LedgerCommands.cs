using System.CommandLine;
using NodaTime.Text;
using Proviso.Domain.Ledger;
using Proviso.Storage;
using Spectre.Console;

namespace Proviso.Cli.Commands;

/// <summary>`proviso ledger log|verify COMPANY`: the append-only ledger and its hash chain.</summary>
public static class LedgerCommands
{
    public static Command Build()
    {
        var ledger = new Command("ledger", "The company's append-only, hash-chained ledger");
        ledger.Subcommands.Add(BuildLog());
        ledger.Subcommands.Add(BuildVerify());
        return ledger;
    }

    private static Command BuildLog()
    {
        var company = new Argument<string>("COMPANY") { Description = "The company id" };
        var json = CliContext.Json();
        var limit = new Option<int?>("--last") { Description = "Show only the last N entries" };
        var cmd = new Command("log", "List the ledger's entries, oldest first") { company, json, limit };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var id = p.GetValue(company)!;
            var entries = new List<LedgerEntry>();
            await foreach (var e in store.ReadAsync(id, 0, ct)) entries.Add(e);
            if (entries.Count == 0) return CliContext.Error($"there is no company '{id}' in {store.Location}", ExitCodes.BadInput);
            if (p.GetValue(limit) is { } n)
            {
                if (n <= 0) return CliContext.Error("--last: expected a positive number", ExitCodes.BadInput);
                entries = entries.Skip(Math.Max(0, entries.Count - n)).ToList();
            }
            if (p.GetValue(json))
            {
                CliContext.WriteJson(new
                {
                    company = id,
                    entries = entries.Select(e => new
                    {
                        sequence = e.Sequence, eventType = e.EventType, effectiveOn = e.EffectiveOn?.ToString("yyyy-MM-dd", null),
                        recordedAt = InstantPattern.ExtendedIso.Format(e.RecordedAt), actor = e.Actor, idempotencyKey = e.IdempotencyKey,
                        command = e.Command, payload = System.Text.Json.JsonDocument.Parse(e.Payload).RootElement, previousHash = e.PreviousHash, hash = e.Hash,
                    }),
                });
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn(new TableColumn("#").RightAligned());
            table.AddColumn("effective");
            table.AddColumn("event");
            table.AddColumn("detail");
            table.AddColumn("recorded");
            table.AddColumn("by");
            table.AddColumn("hash");
            foreach (var e in entries)
                table.AddRow(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), e.EffectiveOn?.ToString("yyyy-MM-dd", null) ?? "", e.EventType,
                    Markup.Escape(Summarise(e.Payload)), InstantPattern.General.Format(e.RecordedAt), Markup.Escape(e.Actor), e.Hash[..12]);
            CliContext.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static string Summarise(string payload)
    {
        const int max = 90;
        var text = payload.Replace("\"", "");
        return text.Length <= max ? text : text[..max] + "…";
    }

    private static Command BuildVerify()
    {
        var company = new Argument<string>("COMPANY") { Description = "The company id" };
        var json = CliContext.Json();
        var cmd = new Command("verify", "Recompute the hash chain and name the first bad entry (exit 1 if the chain is broken)") { company, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var id = p.GetValue(company)!;
            var entries = new List<LedgerEntry>();
            await foreach (var e in store.ReadAsync(id, 0, ct)) entries.Add(e);
            if (entries.Count == 0) return CliContext.Error($"there is no company '{id}' in {store.Location}", ExitCodes.BadInput);
            var v = LedgerVerification.Verify(id, entries);
            if (p.GetValue(json))
                CliContext.WriteJson(new { company = id, intact = v.IsIntact, entriesChecked = v.EntriesChecked, firstBadSequence = v.FirstBadSequence, problem = v.Problem, headHash = v.HeadHash });
            else if (v.IsIntact)
                Console.Out.WriteLine($"{id}: ledger intact: {v.EntriesChecked} entries, hash chain verified; head {v.HeadHash}");
            else
                Console.Out.WriteLine($"{id}: LEDGER BROKEN at entry {v.FirstBadSequence}: {v.Problem}");
            return v.IsIntact ? ExitCodes.Ok : ExitCodes.Rejected;
        }));
        return cmd;
    }
}
