using Transports.Scenarios.Core;

namespace Transports.Scenarios.Connect;

/// <summary>Parsed options of the connect scenario (<see cref="ConnectScenarioOptions"/>).</summary>
/// <param name="RateConnectsPerSecond">Open loop: connects started per second, each timed from its intended start; 0 = closed loop.</param>
/// <param name="Concurrency">Closed loop: connects outstanding at once (each worker starts its next when one ends); also the warm-up's.</param>
/// <param name="MaxOutstanding">Most connects outstanding at once: <paramref name="Concurrency"/> in closed loop, <see cref="ConnectScenarioOptions.MaxConcurrency"/> in open loop (a due connect waits for a free slot and is still timed from its intended start).</param>
/// <param name="DurationSeconds">Measured duration, seconds; 0 = bounded by <paramref name="MeasuredCount"/> only.</param>
/// <param name="MeasuredCount">Measured connects; 0 = bounded by the duration only (the first limit reached ends the run).</param>
/// <param name="WarmupCount">Connects made before measuring (closed loop at the same concurrency), excluded.</param>
/// <param name="ConnectTimeoutMs">Deadline of one connect, ms: connect, request, response and close; past it the connect counts as failed (kind <c>deadline</c>).</param>
/// <param name="RequestBytes">Bytes of the one request, and of its response, that prove a connection usable.</param>
public sealed record ConnectSettings(
    double RateConnectsPerSecond,
    int Concurrency,
    int MaxOutstanding,
    double DurationSeconds,
    long MeasuredCount,
    long WarmupCount,
    int ConnectTimeoutMs,
    int RequestBytes) : ScenarioSettings
{
    /// <summary>True when a rate is set: connects started on a schedule, timed from their intended start.</summary>
    public bool IsOpenLoop => RateConnectsPerSecond > 0;

    /// <summary>"open_loop" or "closed_loop".</summary>
    public string Mode => IsOpenLoop ? "open_loop" : "closed_loop";

    /// <summary>The clock every connect is timed with: monotonic, with its resolution.</summary>
    public string Clock => "Stopwatch (monotonic), " + Transports.Measure.Timing.MonotonicClock.TicksPerSecond + " ticks/s";
}
