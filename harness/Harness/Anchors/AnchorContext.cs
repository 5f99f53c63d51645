using System.Net;

namespace Transports.Harness.Anchors;

/// <summary>What an anchor needs to know of the run it is compared with.</summary>
public sealed record AnchorContext
{
    /// <summary>Scenario name, e.g. <c>bigfile</c>.</summary>
    public required string Scenario { get; init; }

    /// <summary>The scenario's recorded parameters (e.g. <c>direction</c>, <c>mode</c>, <c>duration_s</c>).</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>Parameters of each scenario variant (e.g. <c>message_size_bytes</c> per size of a sweep).</summary>
    public required IReadOnlyList<IReadOnlyDictionary<string, string>> Variants { get; init; }

    /// <summary>Names of the transports the run measured.</summary>
    public required IReadOnlyList<string> Transports { get; init; }

    /// <summary>Address the tools' servers listen on and their clients connect to (the run's loopback address).</summary>
    public required IPAddress Address { get; init; }

    /// <summary>How long each tool run lasts, seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>True when the transport named <paramref name="name"/> was measured in the run.</summary>
    /// <param name="name">Transport name.</param>
    public bool Measured(string name) => Transports.Contains(name, StringComparer.OrdinalIgnoreCase);
}
