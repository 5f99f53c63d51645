using Transports.Results;
using Transports.Measure.Timing;

namespace Transports.Measure;

/// <summary>
/// Samples a cumulative delivered-bytes counter every <see cref="DefaultIntervalMs"/> ms on a timer thread and turns it
/// into a goodput timeline (<see cref="TimelinePoint"/>s, elapsed times from the start of the measured interval). The hot
/// path only updates the counter; the sampler reads it through the given function. Times are
/// <see cref="MonotonicClock"/> ticks.
/// </summary>
public sealed class TimelineSampler : IDisposable
{
    /// <summary>Default sampling interval, ms.</summary>
    public const int DefaultIntervalMs = 100;

    private readonly Func<long> _readBytes;
    private readonly int _intervalMs;
    private readonly Func<long> _clock;
    private readonly List<TimelinePoint> _points = [];
    private readonly object _pointsLock = new(); // timer thread vs Stop(), never taken on the hot path
    private Timer? _timer;
    private long _startTicks;
    private long _lastTicks;
    private long _lastBytes;

    /// <summary>Creates a sampler of <paramref name="readBytes"/>; sampling begins at <see cref="Start"/>.</summary>
    /// <param name="readBytes">Reads the cumulative delivered bytes; called from the timer thread, so it must be
    /// thread-safe (e.g. a <c>Volatile.Read</c>).</param>
    /// <param name="intervalMs">Sampling interval, ms (default <see cref="DefaultIntervalMs"/>).</param>
    /// <param name="clock">The clock of the timestamps (default <see cref="MonotonicClock.NowTicks"/>; another host's
    /// clock as a process sees it, e.g. shifted in a test).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="intervalMs"/> is not positive.</exception>
    public TimelineSampler(Func<long> readBytes, int intervalMs = DefaultIntervalMs, Func<long>? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalMs);
        _readBytes = readBytes;
        _intervalMs = intervalMs;
        _clock = clock ?? MonotonicClock.NowTicks;
    }

    /// <summary>Starts sampling; elapsed times are measured from <paramref name="startTicks"/>.</summary>
    /// <param name="startTicks">Start of the measured interval, <see cref="MonotonicClock"/> ticks.</param>
    public void Start(long startTicks)
    {
        _startTicks = _lastTicks = startTicks;
        _lastBytes = _readBytes();
        _timer = new Timer(static s => ((TimelineSampler)s!).SampleNow(), this, _intervalMs, _intervalMs);
    }

    /// <summary>Stops sampling, adds a final point at <paramref name="endTicks"/> and returns the timeline.</summary>
    /// <param name="endTicks">End of the measured interval, <see cref="MonotonicClock"/> ticks.</param>
    /// <returns>The timeline; empty when never started.</returns>
    public IReadOnlyList<TimelinePoint> Stop(long endTicks)
    {
        _timer?.Dispose();
        _timer = null;
        if (_startTicks == 0) return [];
        Sample(Math.Max(endTicks, _lastTicks));
        lock (_pointsLock) return _points.ToArray();
    }

    /// <summary>Stops the timer.</summary>
    public void Dispose() => _timer?.Dispose();

    private void SampleNow() => Sample(_clock());

    private void Sample(long nowTicks)
    {
        lock (_pointsLock)
        {
            long bytes = _readBytes();
            double seconds = (nowTicks - _lastTicks) / (double)MonotonicClock.TicksPerSecond;
            if (seconds <= 0) return;
            _points.Add(new TimelinePoint(MonotonicClock.TicksToMilliseconds(nowTicks - _startTicks), bytes, (bytes - _lastBytes) * 8 / seconds));
            _lastTicks = nowTicks;
            _lastBytes = bytes;
        }
    }
}
