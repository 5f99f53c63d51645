using System.Text.Json.Serialization;

namespace Transports.Scenarios.Core;

/// <summary>
/// One variant of a scenario that every transport runs, e.g. one message size of a sweep. Typed: each scenario has its
/// own variant record; its public properties are recorded in results.json as the result's typed <c>parameters</c>.
/// </summary>
public abstract record ScenarioVariant
{
    /// <summary>Short label that tells variants apart ("64 B"); empty for a scenario's single variant.</summary>
    [JsonIgnore]
    public abstract string Label { get; }
}

/// <summary>The one variant of a scenario without variants (bigfile).</summary>
public sealed record SingleVariant : ScenarioVariant
{
    /// <summary>The instance.</summary>
    public static SingleVariant Instance { get; } = new();

    /// <inheritdoc />
    public override string Label => "";
}
