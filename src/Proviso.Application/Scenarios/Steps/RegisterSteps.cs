using Proviso.Application.Import;
using Proviso.Application.Yaml;

namespace Proviso.Application.Scenarios.Steps;

/// <summary>
/// <c>corporateAction: { action: issue|transfer|convert|exercise|…, … }</c>: a register entry on the step's date, with
/// the same keys as register.yaml's corporateActions (docs/register-format.md).
/// </summary>
public sealed class CorporateActionStep : IScenarioStepReader
{
    public string Kind => "corporateAction";

    public IReadOnlyList<object> Read(YamlMap step, ScenarioContext context)
    {
        if (!step.Has("on")) throw new InputException(step.Location, "a corporateAction needs its own 'on:' date (usually the step's date)");
        return [RegisterFile.ReadAction(step)];
    }
}

/// <summary><c>holder: { id, name, kind, timeZone, … }</c>: a new party on the register from the step's date.</summary>
public sealed class HolderStep : IScenarioStepReader
{
    public string Kind => "holder";

    public IReadOnlyList<object> Read(YamlMap step, ScenarioContext context) => [RegisterFile.ReadHolder(step, context.On)];
}
