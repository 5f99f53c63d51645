using Transports.Scenarios.Core;

namespace Transports.Scenarios.Rpc;

/// <summary>Parsed options of the rpc scenario (<see cref="RpcScenarioOptions"/>).</summary>
/// <param name="RequestBytes">Bytes of every request (at least <see cref="RpcExchange.HeaderBytes"/>).</param>
/// <param name="ResponseBytes">Bytes of every response (at least <see cref="RpcExchange.HeaderBytes"/>).</param>
/// <param name="Connections">Connections the requests are spread over.</param>
/// <param name="StreamsPerConnection">Streams per connection carrying requests; above 1 only on a transport with multiplexed streams.</param>
/// <param name="Outstanding">Requests in flight at most, over all connections and streams (closed loop: exactly that many); spread evenly over the streams.</param>
/// <param name="RateRequestsPerSecond">Open loop: requests started per second over all streams, each timed from its intended start; 0 = closed loop.</param>
/// <param name="DurationSeconds">Measured duration, seconds; 0 = bounded by <paramref name="MeasuredCount"/> only.</param>
/// <param name="MeasuredCount">Measured requests; 0 = bounded by the duration only (the first limit reached ends the run).</param>
/// <param name="WarmupCount">Requests made before measuring (closed loop, same streams), excluded.</param>
/// <param name="RequestTimeoutMs">Deadline of one request, ms: from its send to its verified response; past it the request fails (kind <c>deadline</c>) and its stream is abandoned.</param>
public sealed record RpcSettings(
    int RequestBytes,
    int ResponseBytes,
    int Connections,
    int StreamsPerConnection,
    int Outstanding,
    double RateRequestsPerSecond,
    double DurationSeconds,
    long MeasuredCount,
    long WarmupCount,
    int RequestTimeoutMs) : ScenarioSettings
{
    /// <summary>True when a rate is set: requests started on a schedule, timed from their intended start.</summary>
    public bool IsOpenLoop => RateRequestsPerSecond > 0;

    /// <summary>"open_loop" or "closed_loop".</summary>
    public string Mode => IsOpenLoop ? "open_loop" : "closed_loop";

    /// <summary>Streams carrying requests: connections × streams per connection.</summary>
    public int Streams => Connections * StreamsPerConnection;

    /// <summary>The clock every request is timed with: monotonic, with its resolution.</summary>
    public string Clock => "Stopwatch (monotonic), " + Transports.Measure.Timing.MonotonicClock.TicksPerSecond + " ticks/s";

    /// <summary>Requests outstanding at most on stream <paramref name="stream"/> (0-based): <see cref="Outstanding"/> spread evenly, the first streams taking the remainder.</summary>
    /// <param name="stream">The stream's index, 0 to <see cref="Streams"/> − 1.</param>
    public int OutstandingOn(int stream) => Outstanding / Streams + (stream < Outstanding % Streams ? 1 : 0);
}
