using System.CommandLine;
using NodaTime;
using NodaTime.Text;
using Proviso.Application;
using Proviso.Application.Consortium;
using Proviso.Application.Ledgers;
using Proviso.Domain.Agreements.Consortium;
using Proviso.Domain.Quantities;

namespace Proviso.Cli.Commands;

/// <summary>
/// `proviso consortium status|check|costs|deadlines|shareholding`: the consortium agreement recorded for a company
/// (docs/consortium.md). Every answer carries its citations; --json gives the stable shapes.
/// </summary>
public static class ConsortiumCommands
{
    /// <summary>The `consortium` command and its subcommands.</summary>
    public static Command Build()
    {
        var consortium = new Command("consortium", "A consortium agreement: members, exclusivity, what a member may do, costs, termination, shareholding");
        consortium.Subcommands.Add(Status());
        consortium.Subcommands.Add(Check());
        consortium.Subcommands.Add(Costs());
        consortium.Subcommands.Add(Deadlines());
        consortium.Subcommands.Add(Shareholding());
        return consortium;
    }

    private static Argument<string> Company() => new("COMPANY") { Description = "The company id" };

    private static Option<string?> AgreementOption() => new("--agreement") { Description = "The consortium agreement's id (default: the only one recorded)" };

    private static Option<string?> AsOfOption() => new("--as-of") { Description = "The date (yyyy-MM-dd; default today, UTC); read at the end of that day in the agreement's time zone" };

    private static async Task<ConsortiumView?> LoadAsync(Proviso.Storage.IEventStore store, string company, string? agreement, CancellationToken ct)
    {
        var ledger = await CompanyLedger.LoadAsync(store, company, ct);
        if (!ledger.Exists) return null;
        return ConsortiumLedger.Load(ledger.Timeline, agreement);
    }

    private static Command Status()
    {
        var company = Company();
        var agreement = AgreementOption();
        var asOf = AsOfOption();
        var json = CliContext.Json();
        var cmd = new Command("status", "Members, commitments, the Exclusivity Period, termination, open deadlines and shareholding") { company, agreement, asOf, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var view = await LoadAsync(store, p.GetValue(company)!, p.GetValue(agreement), ct);
            if (view is null) return NoCompany(p.GetValue(company)!, store.Location);
            var date = Date(p.GetValue(asOf));
            var at = ConsortiumStatus.EndOf(view.State, date);
            if (p.GetValue(json)) CliContext.WriteJson(ConsortiumStatus.Data(view, date, at));
            else foreach (var line in ConsortiumStatus.Lines(view, date, at)) Console.Out.WriteLine(line);
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Check()
    {
        var company = Company();
        var agreement = AgreementOption();
        var member = new Option<string>("--member") { Description = "The member acting (member id or holder id)", Required = true };
        var action = new Option<string>("--action") { Description = "The act, an action id of the terms (e.g. transfer-securities, announce, assign-rights)", Required = true };
        var at = new Option<string>("--at") { Description = "When, with its offset (2026-12-22T23:59:59+08:00) or in UTC (…Z)", Required = true };
        var facts = new Option<string[]>("--fact") { Description = "A fact for the carve-outs (e.g. required-by-law, external-fund-manager); repeat or separate with commas", AllowMultipleArgumentsPerToken = true };
        var counterparty = new Option<string?>("--counterparty") { Description = "The other party (a holder id), e.g. the assignee; an Affiliate is recognised from the register" };
        var json = CliContext.Json();
        var cmd = new Command("check", "May a member do this, at this moment? Allowed, allowed with a named consent, or prohibited, with citations")
        {
            company, agreement, member, action, at, facts, counterparty, json,
        };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var view = await LoadAsync(store, p.GetValue(company)!, p.GetValue(agreement), ct);
            if (view is null) return NoCompany(p.GetValue(company)!, store.Location);
            var instant = Instant(p.GetValue(at)!, "--at");
            var actionId = p.GetValue(action)!;
            if (!view.Terms.Actions.ContainsKey(actionId))
                return CliContext.Error($"--action: '{actionId}' is not an action of {view.Agreement.Id}; known: {string.Join(", ", view.Terms.Actions.Keys)}", ExitCodes.BadInput);
            var who = p.GetValue(member)!;
            if (view.State.MemberOrHolder(who) is null)
                return CliContext.Error($"--member: '{who}' is not a member of {view.Agreement.Id} (members: {string.Join(", ", view.State.Members.Select(m => m.Id))})", ExitCodes.BadInput);
            var factSet = (p.GetValue(facts) ?? []).SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
            var date = instant.InZone(view.State.Zone).Date;
            var register = view.Timeline.AsOf(date);
            var groups = view.Agreement.Affiliate.Groups(view.Agreement, register, date);
            var assessment = ActionPermission.Assess(view.State, new ProposedAction(who, actionId, instant, factSet, p.GetValue(counterparty)), groups);
            if (p.GetValue(json)) CliContext.WriteJson(ConsortiumOutputs.Assessment(assessment, view.State.Zone));
            else foreach (var line in ConsortiumOutputs.AssessmentLines(assessment, view.State.Zone)) Console.Out.WriteLine(line);
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Costs()
    {
        var company = Company();
        var agreement = AgreementOption();
        var outcome = new Option<string>("--outcome") { Description = "closed (s.3.01(a)), failed (s.3.01(b)) or breach (s.3.01(c))", Required = true };
        var breaching = new Option<string[]>("--breaching") { Description = "For --outcome breach: the breaching member(s) (default: the breaches recorded)", AllowMultipleArgumentsPerToken = true };
        var price = new Option<string?>("--price-per-share") { Description = "The implied per-share valuation for rollover shares, e.g. 'USD 1.25' (default: the valuation recorded)" };
        var json = CliContext.Json();
        var cmd = new Command("costs", "Who bears what under Art. III when the Transaction closes, fails, or fails through a breach; a report per member") { company, agreement, outcome, breaching, price, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var view = await LoadAsync(store, p.GetValue(company)!, p.GetValue(agreement), ct);
            if (view is null) return NoCompany(p.GetValue(company)!, store.Location);
            var o = p.GetValue(outcome)!.Trim().ToLowerInvariant() switch
            {
                "closed" or "close" or "closing" => TransactionOutcome.Closed,
                "failed" or "fail" => TransactionOutcome.FailedWithoutBreach,
                "breach" or "breached" => TransactionOutcome.FailedByBreach,
                var other => throw new InputException(null, $"--outcome: expected closed, failed or breach, found '{other}'"),
            };
            Money? perShare = null;
            if (p.GetValue(price) is { } text)
                perShare = Money.TryParse(text, out var m) ? m : throw new InputException(null, $"--price-per-share: expected money such as 'USD 1.25', found '{text}'");
            var names = (p.GetValue(breaching) ?? []).SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (o != TransactionOutcome.FailedByBreach && names.Count > 0) throw new InputException(null, "--breaching applies only to --outcome breach");
            CostReport report;
            try
            {
                report = ExpenseSharing.Compute(view.State, o, names, perShare);
            }
            catch (ArgumentException ex)
            {
                throw new InputException(null, ex.Message);
            }

            if (p.GetValue(json)) CliContext.WriteJson(ConsortiumOutputs.Costs(report));
            else foreach (var line in ConsortiumOutputs.CostLines(report)) Console.Out.WriteLine(line);
            return report.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Rejected;
        }));
        return cmd;
    }

    private static Command Deadlines()
    {
        var company = Company();
        var agreement = AgreementOption();
        var asOf = AsOfOption();
        var json = CliContext.Json();
        var cmd = new Command("deadlines", "Open agenda entries: the end of exclusivity, the end of confidentiality, approaches to notify") { company, agreement, asOf, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var view = await LoadAsync(store, p.GetValue(company)!, p.GetValue(agreement), ct);
            if (view is null) return NoCompany(p.GetValue(company)!, store.Location);
            var at = ConsortiumStatus.EndOf(view.State, Date(p.GetValue(asOf)));
            var open = ConsortiumAgenda.OpenDeadlines(view.State, at);
            if (p.GetValue(json)) CliContext.WriteJson(open.Select(d => d.ToData()).ToList());
            else foreach (var d in open) Console.Out.WriteLine($"{d.DueDate:yyyy-MM-dd} {d.Name}: {d.Explanation}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Shareholding()
    {
        var company = Company();
        var agreement = AgreementOption();
        var asOf = AsOfOption();
        var json = CliContext.Json();
        var cmd = new Command("shareholding", "The members' Beneficial Ownership of Company Shares, controlled Affiliates counted once, and the combined percentage") { company, agreement, asOf, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var view = await LoadAsync(store, p.GetValue(company)!, p.GetValue(agreement), ct);
            if (view is null) return NoCompany(p.GetValue(company)!, store.Location);
            var date = Date(p.GetValue(asOf));
            var holding = ConsortiumShareholding.Of(view.State, view.Timeline.AsOf(date), date, view.Agreement.Affiliate.Kinds, view.Agreement.Affiliate.Citation);
            if (p.GetValue(json)) CliContext.WriteJson(ConsortiumStatus.Holding(holding));
            else
            {
                Console.Out.WriteLine($"{view.Agreement.Id} on {date:yyyy-MM-dd}: {holding.CombinedShares.ToDecimalString(0)} of {holding.Outstanding.ToDecimalString(0)} Company Shares (as converted) = {holding.Percent}");
                foreach (var m in holding.Members) Console.Out.WriteLine($"  {m.MemberId}: {m.Note}");
                foreach (var i in holding.Interpretations) Console.Out.WriteLine($"  interpretation: {i}");
            }

            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static int NoCompany(string id, string location) => CliContext.Error($"there is no company '{id}' in {location}; import it first", ExitCodes.BadInput);

    private static LocalDate Date(string? text) => text is null ? CliContext.Today() : CliContext.ParseDate(text, "--as-of");

    private static Instant Instant(string text, string what)
    {
        var r = OffsetDateTimePattern.ExtendedIso.Parse(text);
        if (r.Success) return r.Value.ToInstant();
        var u = InstantPattern.ExtendedIso.Parse(text);
        return u.Success ? u.Value : throw new InputException(null, $"{what}: expected a moment with its offset, e.g. 2026-12-22T23:59:59+08:00, found '{text}'");
    }
}
