using Transports.Measure.Histograms;
using Transports.Measure.Timing;

namespace Transports.Scenarios.PingPong;

/// <summary>
/// The time split of <c>pingpong -under-load N</c> (latency under load, as flent's RRUL measures it): the measured
/// duration D starts idle; the bulk flows start at <see cref="IdleShare"/>·D; round trips <em>answered</em> before that
/// are the idle RTT (one sent before but answered after would carry the load's start), those <em>sent</em> from
/// <see cref="LoadedFrom"/>·D on are the loaded RTT, and the ones between (the ramp, while the congestion controllers
/// fill the path's queue) are in neither. Each phase has its own histogram; one writer (the
/// receive loop).
/// </summary>
internal sealed class LoadPhases(double durationSeconds)
{
    /// <summary>Share of the measured duration that is idle: the bulk flows start after it.</summary>
    public const double IdleShare = 0.4;

    /// <summary>Share of the measured duration after which round trips count as loaded (0.4–0.5: the ramp).</summary>
    public const double LoadedFrom = 0.5;

    private readonly TaskCompletionSource<long> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _idleEnd = long.MaxValue, _loadedStart = long.MaxValue;

    /// <summary>RTT of the idle phase, ns.</summary>
    public LatencyHistogram IdleNs { get; } = new();

    /// <summary>RTT of the loaded phase, ns.</summary>
    public LatencyHistogram LoadedNs { get; } = new();

    /// <summary>Completes with the measured interval's start (Stopwatch ticks) when the first measured round trip leaves.</summary>
    public Task<long> Started => _started.Task;

    /// <summary>When the bulk flows start, Stopwatch ticks (long.MaxValue before the start).</summary>
    public long IdleEndTicks => Volatile.Read(ref _idleEnd);

    /// <summary>Marks the measured interval's start (first call wins).</summary>
    public void Start(long measuredStartTicks)
    {
        if (_started.Task.IsCompleted) return;
        Volatile.Write(ref _idleEnd, measuredStartTicks + MonotonicClock.SecondsToTicks(durationSeconds * IdleShare));
        Volatile.Write(ref _loadedStart, measuredStartTicks + MonotonicClock.SecondsToTicks(durationSeconds * LoadedFrom));
        _started.TrySetResult(measuredStartTicks);
    }

    /// <summary>Records a measured round trip: idle when answered before the load, loaded when sent after the ramp, else neither.</summary>
    /// <param name="sentTicks">Its send time (actual, or intended when paced), Stopwatch ticks.</param>
    /// <param name="answeredTicks">When its response arrived, Stopwatch ticks.</param>
    public void Record(long sentTicks, long answeredTicks)
    {
        long rttNs = MonotonicClock.TicksToNanoseconds(answeredTicks - sentTicks);
        if (answeredTicks < Volatile.Read(ref _idleEnd)) IdleNs.Record(rttNs);
        else if (sentTicks >= Volatile.Read(ref _loadedStart)) LoadedNs.Record(rttNs);
    }
}
