using System.Text.Json.Nodes;

namespace Transports.Scenarios.Core;

/// <summary>What a scenario prepared for a run: its typed settings and the variants to run per transport.</summary>
/// <param name="Settings">The scenario's parsed and prepared settings (e.g. <c>BigFileSettings</c> with the input file's SHA-256).</param>
/// <param name="Variants">At least one variant; each transport runs each variant (e.g. one per message size).</param>
public sealed record ScenarioPlan(ScenarioSettings Settings, IReadOnlyList<ScenarioVariant> Variants)
{
    /// <summary>The settings as typed JSON, recorded in results.json as <c>run.parameters</c>.</summary>
    public JsonObject Parameters => ParameterJson.ToObject(Settings);
}
