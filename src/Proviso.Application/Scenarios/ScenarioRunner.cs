using NodaTime;
using NodaTime.Text;
using Proviso.Application.Import;
using Proviso.Application.Ledgers;
using Proviso.Application.Terms;
using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;
using Proviso.Domain.Ledger;
using Proviso.Domain.Register;
using Proviso.Storage;

namespace Proviso.Application.Scenarios;

/// <summary>What one step did: accepted with the events it recorded, or refused with the rules that refused it.</summary>
public sealed record StepResult(int Number, string Kind, string When, string? Note, bool Accepted, IReadOnlyList<string> Events,
    IReadOnlyList<RejectionView> Reasons, string? Expected, bool AsExpected);

public sealed record RejectionView(string Rule, string Message, string? Citation);

/// <summary>A scenario's full result: every step, then each reporter's section, and whether every expectation held.</summary>
public sealed record ScenarioResult(string Name, string? Description, string Company, string ReportAsOf, IReadOnlyList<StepResult> Steps,
    IReadOnlyDictionary<string, ScenarioSection> Report, bool AllAsExpected, bool LedgerIntact);

/// <summary>
/// Runs a scenario (docs/scenario-format.md) in a throwaway store: the company, register and terms (a company directory
/// by path, with optional inline overrides), then dated steps, each decided and recorded at its own time, so the output
/// is the same on every run. Step kinds and report sections come from <see cref="IScenarioStepReader"/> and
/// <see cref="IScenarioReporter"/> implementations.
/// </summary>
public static class ScenarioRunner
{
    private static readonly IReadOnlyDictionary<string, IScenarioStepReader> Readers = Discover<IScenarioStepReader>().ToDictionary(r => r.Kind, StringComparer.Ordinal);
    private static readonly IReadOnlyList<IScenarioReporter> Reporters = Discover<IScenarioReporter>().OrderBy(r => r.Key, StringComparer.Ordinal).ToList();

    private static IEnumerable<T> Discover<T>() where T : class => Discovery.All<T>(typeof(ScenarioRunner).Assembly);

    public static IEnumerable<string> StepKinds => Readers.Keys.Order(StringComparer.Ordinal);

    public static async Task<ScenarioResult> RunAsync(string path, CancellationToken ct = default)
    {
        var doc = YamlDocument.Load(path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var root = doc.RootMap();
        root.AllowOnly("scenario", "company", "terms", "steps", "report");
        var head = root.Required("scenario").AsMap();
        head.AllowOnly("name", "description");
        var companyNode = root.Required("company");
        var companyDir = Path.GetFullPath(Path.Combine(dir, companyNode.AsNonEmptyString()));
        if (!Directory.Exists(companyDir)) throw companyNode.Error($"company directory '{companyDir}' not found (expected a directory with company.yaml and register.yaml)");
        var loaded = RegisterFile.LoadDirectory(companyDir);

        // Extra terms files (by path, relative to the scenario) in addition to the company directory's terms/.
        var terms = loaded.Terms.ToList();
        foreach (var t in root.Optional("terms")?.AsList() ?? [])
        {
            var file = Path.GetFullPath(Path.Combine(dir, t.AsNonEmptyString()));
            if (!File.Exists(file)) throw t.Error($"terms file '{file}' not found");
            var text = File.ReadAllText(file);
            var agreement = TermsLoader.Parse(file, text);
            terms.Add(new RecordAgreementTerms(file, text, agreement.Date));
        }

        var tempDir = Path.Combine(Path.GetTempPath(), "proviso-scenario-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(tempDir);
        try
        {
            await using var store = EventStoreFactory.Open(Path.Combine(tempDir, "scenario.db"));
            var setupAt = loaded.Commands.Count > 0 ? loaded.Commands[0].Command.EffectiveOn.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() : Instant.FromUtc(2000, 1, 1, 0, 0);
            var setup = loaded.Commands.Select(c => ((object)c.Command, (string?)null, (string?)c.Source.ToString()))
                .Concat(terms.Select(t => ((object)t, (string?)null, (string?)t.File))).ToList();
            var setupOutcome = await CompanyCommands.ExecuteAsync(store, loaded.CompanyId, setup, new Actor("scenario", setupAt), null, ct);
            if (setupOutcome is CommandOutcome.Refused refused)
                throw new InputException(null, $"{refused.Source}: the scenario's company setup was refused: {string.Join("; ", refused.Reasons)}");

            var agreements = new Dictionary<string, Agreement>(StringComparer.Ordinal);
            foreach (var t in terms)
            {
                var a = TermsLoader.Parse(t.File, t.Text);
                agreements[a.Id] = a;
            }
            var ctx = new ScenarioContext(doc, loaded.CompanyId, agreements, dir);

            var results = new List<StepResult>();
            var n = 0;
            LocalDate lastDate = loaded.Commands.Count > 0 ? loaded.Commands.Max(c => c.Command.EffectiveOn) : new LocalDate(2000, 1, 1);
            foreach (var stepNode in root.Optional("steps")?.AsList() ?? [])
            {
                n++;
                var step = stepNode.AsMap();
                var kinds = step.Keys.Where(k => k is not ("on" or "at" or "note" or "expect")).ToList();
                if (kinds.Count != 1)
                    throw new InputException(step.Location, $"step {n} needs exactly one action key besides on/at/note/expect; found {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))}; known actions: {string.Join(", ", StepKinds)}");
                var kind = kinds[0];
                if (!Readers.TryGetValue(kind, out var reader))
                    throw new InputException(step.Location, $"step {n}: unknown action '{kind}'; known actions: {string.Join(", ", StepKinds)}");
                var (on, at, when) = When(step, n);
                ctx.On = on;
                ctx.At = at;
                if (on > lastDate) lastDate = on;
                var expect = step.Optional("expect")?.AsNonEmptyString();
                if (expect is not null && expect != "accepted" && !expect.StartsWith("refused", StringComparison.Ordinal))
                    throw step.Required("expect").Error("expected 'accepted', 'refused' or 'refused: RULE-ID'");
                var commands = reader.Read(step.Required(kind).AsMap(), ctx);
                var outcome = await CompanyCommands.ExecuteAsync(store, loaded.CompanyId,
                    commands.Select((c, i) => (c, (string?)$"step-{n}-{i}", (string?)$"{doc.At(step.Required(kind).Value)}")).ToList(),
                    new Actor("scenario", at), null, ct);
                results.Add(Result(n, kind, when, step.OptionalString("note"), outcome, expect));
            }

            var reportAsOf = root.Optional("report")?.AsMap() is { } rep ? ReportDate(rep) : lastDate;
            var ledger = await CompanyLedger.LoadAsync(store, loaded.CompanyId, ct);
            var sections = new Dictionary<string, ScenarioSection>(StringComparer.Ordinal);
            foreach (var r in Reporters)
                if (r.Report(ledger, reportAsOf) is { } section) sections[r.Key] = section;
            var intact = LedgerVerification.Verify(loaded.CompanyId, ledger.Entries).IsIntact;
            return new ScenarioResult(head.String("name"), head.OptionalString("description"), loaded.CompanyId,
                reportAsOf.ToString("yyyy-MM-dd", null), results, sections, results.All(r => r.AsExpected), intact);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(tempDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static LocalDate ReportDate(YamlMap rep)
    {
        rep.AllowOnly("asOf");
        return rep.Required("asOf").AsDate();
    }

    /// <summary>A step's time: <c>at</c> (an instant with its offset) or <c>on</c> (a date, taken at the start of the day, UTC).</summary>
    private static (LocalDate On, Instant At, string When) When(YamlMap step, int n)
    {
        if (step.Optional("at") is { } at)
        {
            var text = at.AsString();
            var parsed = OffsetDateTimePattern.ExtendedIso.Parse(text);
            if (!parsed.Success) throw at.Error($"expected a moment with its offset, e.g. 2021-01-04T09:30:00+08:00, for step {n}'s 'at', found '{text}'");
            return (parsed.Value.Date, parsed.Value.ToInstant(), text);
        }
        if (step.Optional("on") is { } on)
        {
            var d = on.AsDate();
            return (d, d.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant(), d.ToString("yyyy-MM-dd", null));
        }
        throw new InputException(step.Location, $"step {n} needs 'on: yyyy-MM-dd' or 'at: yyyy-MM-ddTHH:mm:ss+hh:mm'");
    }

    private static StepResult Result(int n, string kind, string when, string? note, CommandOutcome outcome, string? expect)
    {
        switch (outcome)
        {
            case CommandOutcome.Recorded rec:
                return new StepResult(n, kind, when, note, true, rec.Entries.Select(e => e.EventType).ToList(), [], expect, expect is null or "accepted");
            case CommandOutcome.Refused r:
            {
                var reasons = r.Reasons.Select(x => new RejectionView(x.RuleId, x.Message, x.Citation?.ToString())).ToList();
                var ok = expect switch
                {
                    null or "refused" => true,
                    "accepted" => false,
                    _ => reasons.Any(x => expect == $"refused: {x.Rule}"),
                };
                return new StepResult(n, kind, when, note, false, [], reasons, expect, expect is null || ok);
            }
            case CommandOutcome.AlreadyRecorded:
                return new StepResult(n, kind, when, note, true, [], [], expect, expect is null or "accepted");
            default:
                return new StepResult(n, kind, when, note, false, [], [new RejectionView("ledger.conflict", "the ledger moved on while the step ran", null)], expect, false);
        }
    }
}
