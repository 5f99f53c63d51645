namespace Transports.Scenarios.Core;

/// <summary>What a scenario prepared for a run: its recorded parameters and the variants to run per transport.</summary>
/// <param name="Parameters">Scenario parameters in force, recorded in results (e.g. <c>size_bytes</c>).</param>
/// <param name="Variants">At least one variant; each transport runs each variant (e.g. one per message size).</param>
/// <param name="State">Scenario-private prepared state (e.g. the input file and its SHA-256).</param>
public sealed record ScenarioPlan(
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<ScenarioVariant> Variants,
    object? State = null);

/// <summary>One variant of a scenario, e.g. a message size in a sweep.</summary>
/// <param name="Label">Short label ("64 B"); empty for the single default variant.</param>
/// <param name="Parameters">Variant parameters recorded in results (e.g. <c>message_size_bytes</c>).</param>
public sealed record ScenarioVariant(string Label, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The single variant of a scenario without variants.</summary>
    public static ScenarioVariant Default { get; } = new("", new Dictionary<string, string>());
}
