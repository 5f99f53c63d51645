using Transports.Metrics.Results;
using Transports.Metrics.Timing;

namespace Transports.Scenarios.Messages;

/// <summary>
/// Samples a cumulative delivered-bytes counter every 100 ms into <see cref="TimelinePoint"/>s. The hot path only
/// calls <see cref="AddDelivered"/> (one writer, a volatile store, no lock); the timer thread reads it.
/// </summary>
public sealed class TimelineSampler : IDisposable
{
    /// <summary>Sampling interval, ms.</summary>
    public const int IntervalMs = 100;

    private readonly List<TimelinePoint> _points = [];
    private readonly object _pointsLock = new(); // timer thread vs Stop(), never taken on the hot path
    private Timer? _timer;
    private long _deliveredBytes;
    private long _startTicks;
    private long _lastTicks;
    private long _lastBytes;

    /// <summary>Cumulative bytes delivered so far.</summary>
    public long DeliveredBytes => Volatile.Read(ref _deliveredBytes);

    /// <summary>Adds delivered bytes (one writer).</summary>
    /// <param name="bytes">Bytes just delivered.</param>
    public void AddDelivered(long bytes) => Volatile.Write(ref _deliveredBytes, _deliveredBytes + bytes);

    /// <summary>Starts sampling; elapsed times are measured from <paramref name="startTicks"/>.</summary>
    /// <param name="startTicks">Start of the measured interval, Stopwatch ticks.</param>
    public void Start(long startTicks)
    {
        _startTicks = _lastTicks = startTicks;
        _lastBytes = DeliveredBytes;
        _timer = new Timer(static s => ((TimelineSampler)s!).Sample(MonotonicClock.NowTicks()), this, IntervalMs, IntervalMs);
    }

    /// <summary>Stops sampling, adds a final point at <paramref name="endTicks"/> and returns the timeline.</summary>
    /// <param name="endTicks">End of the measured interval, Stopwatch ticks.</param>
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

    private void Sample(long nowTicks)
    {
        lock (_pointsLock)
        {
            long bytes = DeliveredBytes;
            double seconds = (nowTicks - _lastTicks) / (double)MonotonicClock.TicksPerSecond;
            if (seconds <= 0) return;
            _points.Add(new TimelinePoint(MonotonicClock.TicksToMilliseconds(nowTicks - _startTicks), bytes, (bytes - _lastBytes) * 8 / seconds));
            _lastTicks = nowTicks;
            _lastBytes = bytes;
        }
    }
}
