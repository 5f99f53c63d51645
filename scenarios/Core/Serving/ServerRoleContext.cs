using Transports.Abstractions;

namespace Transports.Scenarios.Core.Serving;

/// <summary>
/// What the server role of one run gets, wherever it runs (this process or a two-host agent): the accepted connection
/// and the same prepared plan and variant the client runs with.
/// </summary>
public sealed class ServerRoleContext
{
    /// <summary>The accepted server-side connection (it proved it belongs to the run: <see cref="ITransport.Membership"/>).</summary>
    public required ITransportConnection Connection { get; init; }

    /// <summary>
    /// The run's listener, for a server role that accepts more connections than the first (connect: one per measured
    /// connect); null when the server side offers none. The role disposes what it accepts; the server side owns the
    /// listener and closes it after the role.
    /// </summary>
    public ITransportListener? Listener { get; init; }

    /// <summary>The plan, prepared on this host from the same options as the client's.</summary>
    public required ScenarioPlan Plan { get; init; }

    /// <summary>The variant being run (one of <see cref="ScenarioPlan.Variants"/>).</summary>
    public required ScenarioVariant Variant { get; init; }

    /// <summary>Which way data flows in this run.</summary>
    public required StreamDirection Direction { get; init; }

    /// <summary>True for a warm-up run.</summary>
    public bool IsWarmup { get; init; }

    /// <summary>
    /// This host's monotonic clock minus the client's, in Stopwatch ticks: 0 in one process; in two-host mode the
    /// estimate from the control channel's clock probes (NTP on-wire method, RFC 5905 §8). A timestamp the client wrote
    /// (client ticks) compares with this host's <c>now - ClockOffsetTicks</c>.
    /// </summary>
    public long ClockOffsetTicks { get; init; }

    /// <summary>
    /// This host's monotonic clock, Stopwatch ticks (<see cref="Transports.Measure.Timing.MonotonicClock.NowTicks"/>): the
    /// clock of every server timestamp a report carries. Tests replace it with a shifted one to stand for another host's
    /// clock (with <see cref="ClockOffsetTicks"/> and the session's offset to match).
    /// </summary>
    public Func<long> NowTicks { get; init; } = Transports.Measure.Timing.MonotonicClock.NowTicks;

    /// <summary>
    /// Live counters: in one process the client's own (the server role counts what it receives, as the progress display
    /// and stall detector expect); on an agent a counter of its own.
    /// </summary>
    public TransferProgress Progress { get; init; } = new();
}
