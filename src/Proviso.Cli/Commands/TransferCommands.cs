using System.CommandLine;
using NodaTime;
using NodaTime.Text;
using Proviso.Application;
using Proviso.Application.Ledgers;
using Proviso.Application.Scenarios;
using Proviso.Application.Scenarios.Reports;
using Proviso.Application.Scenarios.Steps;
using Proviso.Application.Transfers;
using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;
using Proviso.Domain.Agreements.FirstRefusal;
using Proviso.Domain.Agreements.Transfers;
using Proviso.Domain.Quantities;
using Proviso.Domain.Time;

namespace Proviso.Cli.Commands;

/// <summary>
/// `proviso transfer propose|notice|elect|waive|cosale|overallot|valuation|stance|close|lapse|status COMPANY`: a transfer
/// process (docs/transfers.md) against a store. Every command is decided by the same engine as the scenario runner and
/// recorded through <see cref="CompanyCommands.ExecuteAsync"/>: accepted (exit 0), a void attempt recorded as refused
/// (exit 0, outcome "void"), or refused by a rule with its citation (exit 1, nothing written).
/// </summary>
public static class TransferCommands
{
    /// <summary>The `transfer` command and its subcommands.</summary>
    public static Command Build()
    {
        var transfer = new Command("transfer", "A transfer process: restrictions, Transfer Notice, first refusal, over-allotment, co-sale, closing, sale window");
        transfer.Subcommands.Add(Propose());
        transfer.Subcommands.Add(Notice());
        transfer.Subcommands.Add(Elect());
        transfer.Subcommands.Add(Waive());
        transfer.Subcommands.Add(CoSale());
        transfer.Subcommands.Add(OverAllot());
        transfer.Subcommands.Add(Valuation());
        transfer.Subcommands.Add(Stance());
        transfer.Subcommands.Add(Close());
        transfer.Subcommands.Add(Lapse());
        transfer.Subcommands.Add(Status());
        return transfer;
    }

    /// <summary>The options every recording subcommand shares.</summary>
    private sealed class Common
    {
        public Argument<string> Company { get; } = new("COMPANY") { Description = "The company id" };
        public Option<string> Process { get; } = new("--process") { Description = "The transfer process id", Required = true };
        public Option<string?> At { get; } = new("--at") { Description = "When it happened, with its offset (2020-12-02T16:30:00+08:00) or in UTC (…Z); default now" };
        public Option<string?> Key { get; } = new("--idempotency-key") { Description = "A key that makes the command safe to repeat: a second run with the same key writes nothing" };
        public Option<bool> Json { get; } = CliContext.Json();

        public Command Command(string name, string description, params Option[] options)
        {
            var cmd = new Command(name, description) { Company, Process, At, Key, Json };
            foreach (var o in options) cmd.Options.Add(o);
            return cmd;
        }

        /// <summary>The instant (--at, default now) and the effective date (the local date of --at in its own offset, else today in UTC).</summary>
        public (Instant At, LocalDate On) When(ParseResult p)
        {
            if (p.GetValue(At) is not { } text)
            {
                var now = CliContext.ActorFor(p).Now;
                return (now, now.InUtc().Date);
            }
            var r = OffsetDateTimePattern.ExtendedIso.Parse(text);
            if (r.Success) return (r.Value.ToInstant(), r.Value.Date);
            var u = InstantPattern.ExtendedIso.Parse(text);
            return u.Success ? (u.Value, u.Value.InUtc().Date) : throw new InputException(null, $"--at: expected a moment with its offset, e.g. 2020-12-02T16:30:00+08:00, found '{text}'");
        }
    }

    private static Command Propose()
    {
        var c = new Common();
        var agreement = new Option<string?>("--agreement") { Description = "The agreement's id (default: the only one recorded with transfer terms)" };
        var transferor = new Option<string>("--transferor") { Description = "The holder proposing to transfer", Required = true };
        var cls = new Option<string>("--class") { Description = "The class of the Offered Shares", Required = true };
        var shares = new Option<long>("--shares") { Description = "The number of Offered Shares", Required = true };
        var transferee = new Option<string>("--transferee") { Description = "The prospective transferee's holder id (a new id enters the register at closing)", Required = true };
        var name = new Option<string?>("--transferee-name") { Description = "Its name (default: the id)" };
        var address = new Option<string?>("--transferee-address") { Description = "Its address" };
        var zone = new Option<string>("--transferee-time-zone") { Description = "Its IANA time zone (default UTC)", DefaultValueFactory = _ => "UTC" };
        var price = new Option<string?>("--price") { Description = "Cash per share, e.g. 'USD 2.50'" };
        var nonCash = new Option<string?>("--non-cash") { Description = "The property offered instead of cash (s.2.2(iv))" };
        var terms = new Option<string[]>("--material-term") { Description = "A material term of the offer; repeat", AllowMultipleArgumentsPerToken = true };
        var closing = new Option<string?>("--closing-date") { Description = "A closing date the notice fixes (yyyy-MM-dd)" };
        var consenting = new Option<string[]>("--consenting") { Description = "Holders who approve (for the consent the terms require); repeat or separate with commas", AllowMultipleArgumentsPerToken = true };
        var category = new Option<string?>("--permitted-category") { Description = "Claim a Permitted Transferee category of the terms (e.g. d)" };
        var relationship = new Option<string?>("--relationship") { Description = "The transferee's relationship for the claim (wholly-owned-subsidiary, parent, child, spouse, estate-planning-fiduciary)" };
        var evidence = new Option<string[]>("--evidence") { Description = "Conditions evidenced for the claim: lawful, estate-planning, safe-filing", AllowMultipleArgumentsPerToken = true };
        var indirect = new Option<string?>("--indirect-through") { Description = "For a transfer of a Holding Company's own equity: the Holding Company" };
        var cmd = c.Command("propose", "Propose a transfer: the restrictions decide the path (first refusal, approved, permitted, free) or record it as void",
            agreement, transferor, cls, shares, transferee, name, address, zone, price, nonCash, terms, closing, consenting, category, relationship, evidence, indirect);
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var ledger = await Ledger(store, p.GetValue(c.Company)!, ct);
            var a = AgreementFor(ledger, p.GetValue(agreement));
            var (at, on) = c.When(p);
            var priceValue = p.GetValue(price) is { } pt ? ParseMoney(pt, "--price") : (Money?)null;
            var nonCashValue = p.GetValue(nonCash);
            if ((priceValue is null) == (nonCashValue is null)) throw new InputException(null, "give exactly one of --price (cash per share) and --non-cash (a description of the property)");
            var tz = p.GetValue(zone)!;
            if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(tz) is null) throw new InputException(null, $"--transferee-time-zone: '{tz}' is not an IANA time zone");
            var offer = new TransferOffer(p.GetValue(cls)!, ShareCount.Of(p.GetValue(shares)), p.GetValue(transferee)!, p.GetValue(name) ?? p.GetValue(transferee)!,
                p.GetValue(address), tz, priceValue, nonCashValue, List(p.GetValue(terms)), p.GetValue(closing) is { } cd ? CliContext.ParseDate(cd, "--closing-date") : null);
            PermittedTransferClaim? claim = null;
            if (p.GetValue(category) is { } cat)
            {
                var rel = p.GetValue(relationship) ?? throw new InputException(null, "--permitted-category needs --relationship");
                var ev = List(p.GetValue(evidence)).ToHashSet(StringComparer.Ordinal);
                foreach (var x in ev.Where(x => x is not ("lawful" or "estate-planning" or "safe-filing")))
                    throw new InputException(null, $"--evidence: expected lawful, estate-planning or safe-filing, found '{x}'");
                claim = new PermittedTransferClaim(cat, Enum<PermittedRelationship>(rel, "--relationship"), ev.Contains("lawful"), ev.Contains("estate-planning"), ev.Contains("safe-filing"));
            }
            var command = new ProposeTransfer(p.GetValue(c.Process)!, a.Id, p.GetValue(transferor)!, offer, List(p.GetValue(consenting)), claim, p.GetValue(indirect)) { At = at, EffectiveOn = on };
            return await Execute(store, p, c, command, ct);
        }));
        return cmd;
    }

    private static Command Notice()
    {
        var c = new Common();
        var includes = new Option<string[]>("--includes") { Description = "What the notice contains: all, or offered-shares, transferee-identity, transferee-address, consideration, material-terms, certification, written-proposals", AllowMultipleArgumentsPerToken = true };
        var stage = new Option<string?>("--stage") { Description = "A later refusal stage: give the company's secondary notice for it (NVCA style)" };
        var deliveries = new Option<string?>("--deliveries") { Description = "A YAML file listing deliveries as in scenarios: - { to: [ids], channel, sent, delivered?, read?, copy? }" };
        var to = new Option<string[]>("--to") { Description = "Recipients (holder ids, or 'company'); repeat or separate with commas", AllowMultipleArgumentsPerToken = true };
        var channel = new Option<string?>("--channel") { Description = "With --to: personal-delivery, courier, fax or email" };
        var sent = new Option<string?>("--sent") { Description = "With --to: when it was sent, with its offset" };
        var delivered = new Option<string?>("--delivered") { Description = "With --to: when it was delivered (courier)" };
        var cmd = c.Command("notice", "Serve the Transfer Notice (or, with --stage, a secondary notice): content, and each recipient's deemed receipt",
            includes, stage, deliveries, to, channel, sent, delivered);
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var ledger = await Ledger(store, p.GetValue(c.Company)!, ct);
            var (at, on) = c.When(p);
            IReadOnlyList<NoticeDelivery> list;
            if (p.GetValue(deliveries) is { } file)
            {
                var doc = YamlDocument.Load(file);
                list = TransferStep.Deliveries(Node.Of(doc, doc.Root, "the deliveries"), new ScenarioContext(doc, ledger.CompanyId, new Dictionary<string, Agreement>(), Path.GetDirectoryName(Path.GetFullPath(file))!));
            }
            else
            {
                var recipients = List(p.GetValue(to));
                if (recipients.Count == 0) throw new InputException(null, "give --deliveries FILE, or --to with --channel and --sent");
                var ch = Enum<NoticeChannel>(p.GetValue(channel) ?? throw new InputException(null, "--to needs --channel"), "--channel");
                var sentAt = Moment(p.GetValue(sent) ?? throw new InputException(null, "--to needs --sent"), "--sent");
                var deliveredAt = p.GetValue(delivered) is { } d ? Moment(d, "--delivered") : (Instant?)null;
                list = recipients.Select(r => new NoticeDelivery(r == "company" ? ledger.CompanyId : r, ch, sentAt, deliveredAt)).ToList();
            }
            object command;
            if (p.GetValue(stage) is { } stageId)
            {
                command = new GiveSecondaryNotice(p.GetValue(c.Process)!, stageId, list) { At = at, EffectiveOn = on };
            }
            else
            {
                var inc = List(p.GetValue(includes));
                var elements = inc.Count == 0 ? throw new InputException(null, "--includes: say what the notice contains (all, or a list)")
                    : inc is ["all"] ? System.Enum.GetValues<NoticeElement>() : inc.Select(x => Enum<NoticeElement>(x, "--includes")).ToArray();
                command = new GiveTransferNotice(p.GetValue(c.Process)!, elements, list) { At = at, EffectiveOn = on };
            }
            return await Execute(store, p, c, command, ct);
        }));
        return cmd;
    }

    private static Command Elect()
    {
        var c = new Common();
        var holder = new Option<string>("--holder") { Description = "The purchaser (a holder id, or 'company')", Required = true };
        var shares = new Option<long>("--shares") { Description = "Shares elected (at most the Pro Rata Shares)", Required = true };
        var stage = new Option<string?>("--stage") { Description = "The refusal stage (default: the latest served)" };
        var apportion = new Option<string[]>("--apportion") { Description = "Apportion among Affiliates: holder:shares; repeat or separate with commas", AllowMultipleArgumentsPerToken = true };
        var cmd = c.Command("elect", "Elect to purchase under first refusal, in whole or in part", holder, shares, stage, apportion);
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            await Ledger(store, p.GetValue(c.Company)!, ct);
            var (at, on) = c.When(p);
            var parts = List(p.GetValue(apportion)).Select(x =>
            {
                var bits = x.Split(':');
                return bits.Length == 2 && long.TryParse(bits[1].Replace("_", ""), out var n) ? new Apportionment(bits[0], ShareCount.Of(n)) : throw new InputException(null, $"--apportion: expected holder:shares, found '{x}'");
            }).ToList();
            return await Execute(store, p, c, new ElectFirstRefusal(p.GetValue(c.Process)!, p.GetValue(holder)!, ShareCount.Of(p.GetValue(shares)), parts, p.GetValue(stage)) { At = at, EffectiveOn = on }, ct);
        }));
        return cmd;
    }

    private static Command Waive()
    {
        var c = new Common();
        var holder = new Option<string>("--holder") { Description = "The holder waiving", Required = true };
        var right = new Option<string>("--right") { Description = "first-refusal, co-sale, over-allotment or all", DefaultValueFactory = _ => "all" };
        var cmd = c.Command("waive", "Waive a right in this process (s.6.10)", holder, right);
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            await Ledger(store, p.GetValue(c.Company)!, ct);
            var (at, on) = c.When(p);
            return await Execute(store, p, c, new WaiveRights(p.GetValue(c.Process)!, p.GetValue(holder)!, Enum<WaivedRight>(p.GetValue(right)!, "--right")) { At = at, EffectiveOn = on }, ct);
        }));
        return cmd;
    }

    private static Command CoSale()
    {
        var c = new Common();
        var holder = new Option<string>("--holder") { Description = "The Investor electing to sell alongside", Required = true };
        var cls = new Option<string>("--class") { Description = "The class it delivers", Required = true };
        var shares = new Option<long>("--shares") { Description = "The most it wishes to sell", Required = true };
        var cmd = c.Command("cosale", "Elect to sell alongside the Transferor (s.2.3)", holder, cls, shares);
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            await Ledger(store, p.GetValue(c.Company)!, ct);
            var (at, on) = c.When(p);
            return await Execute(store, p, c, new ElectCoSale(p.GetValue(c.Process)!, p.GetValue(holder)!, p.GetValue(cls)!, ShareCount.Of(p.GetValue(shares))) { At = at, EffectiveOn = on }, ct);
        }));
        return cmd;
    }

    private static Command OverAllot()
    {
        var c = new Common();
        var holder = new Option<string>("--holder") { Description = "An Investor that exercised in full", Required = true };
        var shares = new Option<long>("--shares") { Description = "Up to this many unsubscribed shares", Required = true };
        var stage = new Option<string?>("--stage") { Description = "The stage (default: the last with over-allotment)" };
        var cmd = c.Command("overallot", "Ask for unsubscribed shares under the Over-allotment Rights, within the Extension Period", holder, shares, stage);
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            await Ledger(store, p.GetValue(c.Company)!, ct);
            var (at, on) = c.When(p);
            return await Execute(store, p, c, new RequestOverAllotment(p.GetValue(c.Process)!, p.GetValue(holder)!, ShareCount.Of(p.GetValue(shares)), p.GetValue(stage)) { At = at, EffectiveOn = on }, ct);
        }));
        return cmd;
    }

    private static Command Valuation()
    {
        var c = new Common();
        var cash = new Option<string>("--cash-per-share") { Description = "The cash equivalent per share, e.g. 'USD 2.40'", Required = true };
        var method = new Option<string>("--method") { Description = "agreed or appraisal", Required = true };
        var cost = new Option<string?>("--appraisal-cost") { Description = "The appraisal's cost, e.g. 'USD 30,000.00'" };
        var cmd = c.Command("valuation", "Record the cash value of a non-cash consideration (s.2.2(iv))", cash, method, cost);
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            await Ledger(store, p.GetValue(c.Company)!, ct);
            var (at, on) = c.When(p);
            var command = new RecordValuation(p.GetValue(c.Process)!, ParseMoney(p.GetValue(cash)!, "--cash-per-share"), Enum<ValuationMethod>(p.GetValue(method)!, "--method"),
                p.GetValue(cost) is { } x ? ParseMoney(x, "--appraisal-cost") : null) { At = at, EffectiveOn = on };
            return await Execute(store, p, c, command, ct);
        }));
        return cmd;
    }

    private static Command Stance()
    {
        var c = new Common();
        var stance = new Option<string>("--stance") { Description = "refuses-co-sellers (s.2.3(v)) or objects-to-equivalents (s.2.3(iii))", Required = true };
        var cmd = c.Command("stance", "Record the prospective purchaser's stance toward the co-sellers", stance);
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            await Ledger(store, p.GetValue(c.Company)!, ct);
            var (at, on) = c.When(p);
            return await Execute(store, p, c, new RecordPurchaserStance(p.GetValue(c.Process)!, Enum<PurchaserStance>(p.GetValue(stance)!, "--stance")) { At = at, EffectiveOn = on }, ct);
        }));
        return cmd;
    }

    private static Command Close()
    {
        var c = new Common();
        var transferee = new Option<string?>("--sale-to") { Description = "Sell what remains to this transferee (the one the notice named)" };
        var price = new Option<string?>("--sale-price") { Description = "The sale's price per share, e.g. 'USD 2.50'" };
        var better = new Option<string[]>("--better-term") { Description = "A term of the sale better for the buyer than the notice's; repeat", AllowMultipleArgumentsPerToken = true };
        var joinder = new Option<string?>("--joinder-signed-at") { Description = "When the transferee signed the joinder, with its offset" };
        var cmd = c.Command("close", "Close: every purchase, co-sale and the Transferor's own sale, in one append", transferee, price, better, joinder);
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var ledger = await Ledger(store, p.GetValue(c.Company)!, ct);
            var (at, on) = c.When(p);
            ThirdPartySale? sale = null;
            if (p.GetValue(transferee) is { } t)
            {
                sale = new ThirdPartySale(t, p.GetValue(price) is { } x ? ParseMoney(x, "--sale-price") : null, List(p.GetValue(better)),
                    p.GetValue(joinder) is { } j ? Moment(j, "--joinder-signed-at") : null);
            }
            else if (p.GetValue(joinder) is { } j)
            {
                // Completing a direct (permitted, free or approved) transfer: the joinder is the only fact; the transferee is the proposal's.
                var proposed = TransferBook.From(ledger.Timeline.ProcessEvents.Select(x => x.Event)).Find(p.GetValue(c.Process)!)?.Offer?.TransfereeId ?? "";
                sale = new ThirdPartySale(proposed, null, [], Moment(j, "--joinder-signed-at"));
            }
            return await Execute(store, p, c, new CloseTransfer(p.GetValue(c.Process)!, sale) { At = at, EffectiveOn = on }, ct);
        }));
        return cmd;
    }

    private static Command Lapse()
    {
        var c = new Common();
        var cmd = c.Command("lapse", "Record that the sale window ended without the sale: the rights revive (s.2.4(ii))");
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            await Ledger(store, p.GetValue(c.Company)!, ct);
            var (at, on) = c.When(p);
            return await Execute(store, p, c, new LapseSaleWindow(p.GetValue(c.Process)!) { At = at, EffectiveOn = on }, ct);
        }));
        return cmd;
    }

    private static Command Status()
    {
        var company = new Argument<string>("COMPANY") { Description = "The company id" };
        var process = new Option<string?>("--process") { Description = "One process (default: every process)" };
        var asOf = new Option<string?>("--as-of") { Description = "Which deadlines are open at the end of this date (yyyy-MM-dd; default today, UTC)" };
        var json = CliContext.Json();
        var cmd = new Command("status", "A process's state, deadlines, entitlements, elections, allocations and ambiguities, with citations") { company, process, asOf, json };
        cmd.SetAction((p, ct) => CliContext.RunAsync(p, async store =>
        {
            var ledger = await Ledger(store, p.GetValue(company)!, ct);
            var date = p.GetValue(asOf) is { } text ? CliContext.ParseDate(text, "--as-of") : CliContext.Today();
            var book = TransferBook.From(ledger.Timeline.ProcessEvents.Select(x => x.Event));
            var processes = book.Processes.Values.OrderBy(x => x.Id, StringComparer.Ordinal).ToList();
            if (p.GetValue(process) is { } id)
            {
                processes = processes.Where(x => x.Id == id).ToList();
                if (processes.Count == 0)
                    return CliContext.Error($"--process: there is no transfer process '{id}' for '{ledger.CompanyId}' (processes: {string.Join(", ", book.Processes.Keys.Order(StringComparer.Ordinal))})", ExitCodes.BadInput);
            }
            var agreements = processes.Select(x => x.AgreementId).Distinct().ToDictionary(x => x, x => Proviso.Application.Terms.CompanyTerms.Agreement(ledger.Timeline, x), StringComparer.Ordinal);
            if (p.GetValue(json))
            {
                var data = processes.Select(x => TransferReport.Data(ledger, agreements[x.AgreementId], x, date)).ToList();
                CliContext.WriteJson(new { company = ledger.CompanyId, asOf = date.ToString("yyyy-MM-dd", null), processes = data });
            }
            else
            {
                if (processes.Count == 0) Console.Out.WriteLine($"No transfer processes for {ledger.CompanyId}.");
                foreach (var x in processes)
                    foreach (var line in TransferReport.Lines(ledger.Timeline, agreements[x.AgreementId], x, date)) Console.Out.WriteLine(line);
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static async Task<int> Execute(Proviso.Storage.IEventStore store, ParseResult p, Common c, object command, CancellationToken ct)
    {
        var company = p.GetValue(c.Company)!;
        var json = p.GetValue(c.Json);
        var outcome = await CompanyCommands.ExecuteAsync(store, company, [(command, p.GetValue(c.Key), "command line")], CliContext.ActorFor(p), null, ct);
        switch (outcome)
        {
            case CommandOutcome.Refused r:
                return CliContext.Refused(r, json);
            case CommandOutcome.Conflicted conflict:
                return CliContext.Error($"another writer changed the ledger first (expected version {conflict.Expected}, found {conflict.Actual}); nothing was written; run the command again", ExitCodes.Conflict);
            case CommandOutcome.AlreadyRecorded already:
                if (json) CliContext.WriteJson(new { outcome = "unchanged", company, process = p.GetValue(c.Process), command = command.GetType().Name, events = already.Entries.Select(e => e.EventType).ToList() });
                else Console.Out.WriteLine($"Already recorded (idempotency key {p.GetValue(c.Key)}); nothing written.");
                return ExitCodes.Ok;
            case CommandOutcome.Recorded rec:
            {
                var events = rec.Entries.Select(e => Proviso.Domain.Ledger.EventCodec.Deserialize(e)).ToList();
                var refused = events.OfType<TransferRefused>().FirstOrDefault();
                var reasons = refused?.Reasons.Select(x => new { rule = x.RuleId, message = x.Message, citation = x.Citation?.ToString() }).ToList();
                if (json)
                {
                    CliContext.WriteJson(new
                    {
                        outcome = refused is null ? "recorded" : "void",
                        company,
                        process = p.GetValue(c.Process),
                        command = command.GetType().Name,
                        version = rec.Entries[^1].Sequence,
                        events = rec.Entries.Select(e => e.EventType).ToList(),
                        reasons,
                    });
                }
                else if (refused is not null)
                {
                    Console.Out.WriteLine($"Void {refused.Attempt} recorded as a refused attempt (never entered on the register):");
                    foreach (var x in refused.Reasons) Console.Out.WriteLine($"  - [{x.RuleId}] {x.Message}{(x.Citation is null ? "" : $" ({x.Citation})")}");
                }
                else
                {
                    Console.Out.WriteLine($"Recorded {string.Join(", ", rec.Entries.Select(e => e.EventType))} (ledger version {rec.Entries[^1].Sequence}).");
                }
                return ExitCodes.Ok;
            }
            default:
                throw new InvalidOperationException("unknown command outcome");
        }
    }

    private static async Task<CompanyLedger> Ledger(Proviso.Storage.IEventStore store, string company, CancellationToken ct)
    {
        var ledger = await CompanyLedger.LoadAsync(store, company, ct);
        return ledger.Exists ? ledger : throw new InputException(null, $"there is no company '{company}' in {store.Location}; import it first");
    }

    private static Agreement AgreementFor(CompanyLedger ledger, string? id)
    {
        if (id is not null)
            return Proviso.Application.Terms.CompanyTerms.Agreement(ledger.Timeline, id) ?? throw new InputException(null, $"--agreement: no terms for '{id}' are recorded for '{ledger.CompanyId}'");
        var ids = ledger.Timeline.ProcessEvents.Select(x => x.Event).OfType<AgreementTermsRecorded>().Select(t => t.AgreementId).Distinct().ToList();
        var withTerms = ids.Select(x => Proviso.Application.Terms.CompanyTerms.Agreement(ledger.Timeline, x)!)
            .Where(a => a.Mechanism<TransferRestrictionTerms>("transferRestrictions") is not null || a.Mechanism<FirstRefusalTerms>("firstRefusal") is not null).ToList();
        return withTerms.Count == 1 ? withTerms[0]
            : throw new InputException(null, withTerms.Count == 0 ? $"no agreement with transfer terms is recorded for '{ledger.CompanyId}'" : $"--agreement: several agreements have transfer terms ({string.Join(", ", withTerms.Select(a => a.Id))})");
    }

    private static List<string> List(string[]? values) =>
        (values ?? []).SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    private static Money ParseMoney(string text, string what) =>
        Money.TryParse(text, out var m) ? m : throw new InputException(null, $"{what}: expected money such as 'USD 2.50', found '{text}'");

    private static Instant Moment(string text, string what)
    {
        var r = OffsetDateTimePattern.ExtendedIso.Parse(text);
        if (r.Success) return r.Value.ToInstant();
        var u = InstantPattern.ExtendedIso.Parse(text);
        return u.Success ? u.Value : throw new InputException(null, $"{what}: expected a moment with its offset, e.g. 2020-12-02T16:30:00+08:00, found '{text}'");
    }

    private static T Enum<T>(string text, string what) where T : struct, System.Enum
    {
        var key = text.Replace("-", "").Replace("_", "");
        foreach (var n in System.Enum.GetNames<T>())
            if (string.Equals(n, key, StringComparison.OrdinalIgnoreCase)) return System.Enum.Parse<T>(n);
        throw new InputException(null, $"{what}: expected one of {string.Join(", ", System.Enum.GetNames<T>().Select(Node.Kebab))}, found '{text}'");
    }
}
