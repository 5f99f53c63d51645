using System.Net;
using Transports.Abstractions;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.Core;

/// <summary>Everything one run of a scenario over one transport gets from the harness.</summary>
public sealed class ScenarioContext
{
    /// <summary>The configured transport to drive.</summary>
    public required ITransport Transport { get; init; }

    /// <summary>Where the server side listens (loopback with port 0 by default).</summary>
    public required IPEndPoint ListenEndPoint { get; init; }

    /// <summary>The prepared plan from <see cref="IScenario.PrepareAsync"/>.</summary>
    public required ScenarioPlan Plan { get; init; }

    /// <summary>The variant being run (one of <see cref="ScenarioPlan.Variants"/>).</summary>
    public required ScenarioVariant Variant { get; init; }

    /// <summary>Live counters the harness polls for the progress display and the stall detector.</summary>
    public TransferProgress Progress { get; init; } = new();

    /// <summary>True for a warm-up run, whose measurement is discarded.</summary>
    public bool IsWarmup { get; init; }

    /// <summary>Where the server side runs: null = this process (<see cref="LocalServerSide"/>); else e.g. a two-host agent.</summary>
    public IServerSide? Server { get; init; }
}
