namespace Transports.Results;

/// <summary>
/// A two-host run's other host: the agent that ran the server side, its machine, the network path to it from the client,
/// and the clock offset between the two (docs/TWO-HOSTS.md).
/// </summary>
public sealed record RemoteInfo
{
    /// <summary>The agent's control endpoint as the client reached it, e.g. <c>10.213.0.1:47311</c>.</summary>
    public required string Agent { get; init; }

    /// <summary>The agent's harness version.</summary>
    public string AgentVersion { get; init; } = "";

    /// <summary>The agent's machine, runtime and network settings (its MTU is that of the interface the client reached).</summary>
    public EnvironmentInfo? AgentEnvironment { get; init; }

    /// <summary>The client's interface toward the agent (<c>ip route get</c>), e.g. <c>veth-b</c>; null when unknown.</summary>
    public string? ClientInterface { get; init; }

    /// <summary>That interface's MTU, bytes; null when unknown.</summary>
    public int? PathMtuBytes { get; init; }

    /// <summary>Base RTT: the minimum control-channel round trip over the clock probes before the run, ms (TCP, small
    /// frames, agent processing excluded: RFC 5905 δ). A floor for the data path's RTT, not a measurement of a transport.</summary>
    public double BaseRttMs { get; init; }

    /// <summary>Agent monotonic clock minus client monotonic clock, ms (RFC 5905 on-wire, minimum-delay probe).</summary>
    public double ClockOffsetMs { get; init; }

    /// <summary>± bound of <see cref="ClockOffsetMs"/>, ms (half the best probe's round trip).</summary>
    public double ClockUncertaintyMs { get; init; }

    /// <summary>Clock probes used.</summary>
    public int ClockProbes { get; init; }
}
