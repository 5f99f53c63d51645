using System.Net;
using Transports.Abstractions;
using Transports.Harness.Anchors;
using Transports.Scenarios.Core;

namespace Transports.Harness.Running;

/// <summary>Everything a run needs, validated from the command line.</summary>
public sealed record RunRequest
{
    /// <summary>The scenario to run.</summary>
    public required IScenario Scenario { get; init; }

    /// <summary>Transports to run, in order.</summary>
    public required IReadOnlyList<ITransportFactory> Transports { get; init; }

    /// <summary>Option values for the scenario and the transports (by option name).</summary>
    public required OptionValues Options { get; init; }

    /// <summary>The raw option values as given (option name to text); the transports' ones go to a two-host agent.</summary>
    public IReadOnlyDictionary<string, string> RawOptions { get; init; } = new Dictionary<string, string>();

    /// <summary>Two-host mode (<c>-server</c>): the agent that runs the server side; null = this process, loopback.</summary>
    public Remote.AgentTarget? Server { get; init; }

    /// <summary><c>-link</c>: the emulated path to run across (the harness starts its own agent behind it); null = none.</summary>
    public Transports.Paths.Emulation.LinkSpec? Link { get; init; }

    /// <summary>The running path and agent of <see cref="Link"/>, set once they are up (by the run command).</summary>
    public Links.LinkedAgent? LinkedAgent { get; init; }

    /// <summary>Measured repeats per transport (≥ 1).</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>Warm-up runs per transport before measuring (≥ 0); excluded from results.</summary>
    public int Warmups { get; init; } = 1;

    /// <summary>Longest one run of one transport may take before it is stopped and marked failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A transport whose progress does not move for this long is stopped and marked failed.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Where servers listen (loopback by default; port 0 = any free port).</summary>
    public IPEndPoint ListenEndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>Parent folder of run folders.</summary>
    public required string ResultsRoot { get; init; }

    /// <summary>Show the live progress display (otherwise one line per event).</summary>
    public bool LiveProgress { get; init; } = true;

    /// <summary>Render charts and report.html after the run (needs Node; skipped with a message without it).</summary>
    public bool RenderCharts { get; init; } = true;

    /// <summary>Print crank's job statistics block after the run (<c>-crank</c>).</summary>
    public bool CrankStatistics { get; init; }

    /// <summary>Reference tools to run after the transports (<c>-anchors</c>); none by default.</summary>
    public AnchorSelection Anchors { get; init; } = AnchorSelection.None;

    /// <summary>Seconds each anchor runs (<c>-anchor-duration</c>); null = the scenario's <c>duration_s</c>, else 10.</summary>
    public double? AnchorDurationSeconds { get; init; }

    /// <summary>The command line as typed, recorded in results.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>CPU pinning and socket-completion dispatch the run asked for (<c>-cpus</c>, <c>-socket-completions</c>).</summary>
    public Placement.PlacementRequest Placement { get; init; } = new(null, null);
}
