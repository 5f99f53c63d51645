using System.Net;
using Transports.Abstractions;
using Transports.Scenarios.Core;

namespace Transports.Harness.Anchors;

/// <summary>What an anchor needs to know of the run it is compared with: typed settings and variants, and capabilities.</summary>
public sealed record AnchorContext
{
    /// <summary>The scenario that ran; anchors check its type (the workload they reproduce), never its name.</summary>
    public required IScenario Scenario { get; init; }

    /// <summary>The scenario's prepared settings (e.g. bigfile's direction, pingpong's open or closed loop).</summary>
    public required ScenarioSettings Settings { get; init; }

    /// <summary>The scenario's variants (e.g. one per message size of a sweep).</summary>
    public required IReadOnlyList<ScenarioVariant> Variants { get; init; }

    /// <summary>The feature sets of the transports the run measured (ok results).</summary>
    public required IReadOnlyList<TransportFeatures> MeasuredFeatures { get; init; }

    /// <summary>Address the tools' servers listen on and their clients connect to (the run's loopback address).</summary>
    public required IPAddress Address { get; init; }

    /// <summary>How long each tool run lasts, seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>True when a transport with exactly <paramref name="features"/> was measured in the run.</summary>
    /// <param name="features">A feature set, e.g. a plaintext reliable ordered byte stream.</param>
    public bool Measured(TransportFeatures features) => MeasuredFeatures.Contains(features);
}
