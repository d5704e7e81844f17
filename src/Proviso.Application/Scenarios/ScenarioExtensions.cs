using NodaTime;
using Proviso.Application.Ledgers;
using Proviso.Application.Yaml;
using Proviso.Domain.Agreements;

namespace Proviso.Application.Scenarios;

/// <summary>What a step reader can use: the scenario's document, the step's date and instant, and the company's terms.</summary>
public sealed class ScenarioContext(YamlDocument document, string companyId, IReadOnlyDictionary<string, Agreement> agreements, string scenarioDirectory)
{
    public YamlDocument Document { get; } = document;
    public string CompanyId { get; } = companyId;

    /// <summary>The agreements recorded for the company in the scenario, by id.</summary>
    public IReadOnlyDictionary<string, Agreement> Agreements { get; } = agreements;

    /// <summary>The directory of the scenario file, for resolving relative paths.</summary>
    public string ScenarioDirectory { get; } = scenarioDirectory;

    /// <summary>The step's date (its <c>on:</c>, or the local date of its <c>at:</c> in UTC).</summary>
    public LocalDate On { get; internal set; }

    /// <summary>The step's instant (its <c>at:</c>, or the start of its <c>on:</c> date in UTC).</summary>
    public Instant At { get; internal set; }

    public Agreement Agreement(Node node)
    {
        var id = node.AsNonEmptyString();
        return Agreements.TryGetValue(id, out var a) ? a
            : throw node.Error($"unknown agreement '{id}'; the scenario's company has: {string.Join(", ", Agreements.Keys)}");
    }
}

/// <summary>
/// Reads one kind of scenario step (the step's single key other than <c>on</c>/<c>at</c>/<c>note</c>/<c>expect</c>,
/// e.g. <c>transferNotice:</c>) into a command for <see cref="CompanyCommands"/>. Found by the runner by reflection:
/// a new mechanism adds readers, not edits to the runner.
/// </summary>
public interface IScenarioStepReader
{
    /// <summary>The step key this reader handles.</summary>
    string Kind { get; }

    /// <summary>The command(s) the step stands for, decided and recorded in order as one atomic step.</summary>
    IReadOnlyList<object> Read(YamlMap step, ScenarioContext context);
}

/// <summary>
/// Contributes a section to a scenario's final report (each process's state, deadlines, entitlements, allocations…),
/// as a JSON-serialisable object and as text lines for people.
/// </summary>
public interface IScenarioReporter
{
    /// <summary>The section's key in the JSON report, e.g. "transfers".</summary>
    string Key { get; }

    /// <summary>The section, or null when there is nothing to report (e.g. no transfer process in the scenario).</summary>
    ScenarioSection? Report(CompanyLedger ledger, LocalDate asOf);
}

/// <summary>A report section: data for JSON, and lines for the text report.</summary>
public sealed record ScenarioSection(string Title, object Data, IReadOnlyList<string> Lines);
