using System.Diagnostics;
using Transports.Metrics.Results;

namespace Transports.Metrics;

/// <summary>
/// Samples a cumulative byte counter at a fixed interval (default 100 ms) on a background timer and turns it into a
/// goodput timeline. The hot path only increments the counter; the sampler reads it.
/// </summary>
public sealed class TimelineSampler : IAsyncDisposable
{
    private readonly Func<long> _readBytes;
    private readonly TimeSpan _interval;
    private readonly List<TimelinePoint> _points = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly long _startTimestamp;
    private readonly Task _loop;
    private long _lastBytes;
    private long _lastTimestamp;

    /// <summary>Starts sampling now.</summary>
    /// <param name="readBytes">Reads the cumulative delivered bytes (must be thread-safe, e.g. Volatile.Read).</param>
    /// <param name="interval">Sampling interval; 100 ms when null.</param>
    public TimelineSampler(Func<long> readBytes, TimeSpan? interval = null)
    {
        _readBytes = readBytes;
        _interval = interval ?? TimeSpan.FromMilliseconds(100);
        _startTimestamp = _lastTimestamp = Stopwatch.GetTimestamp();
        _loop = RunAsync();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false)) Sample();
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private void Sample()
    {
        long now = Stopwatch.GetTimestamp();
        long bytes = _readBytes();
        double seconds = Stopwatch.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
        double rate = seconds > 0 ? (bytes - _lastBytes) * 8 / seconds : 0;
        lock (_points) _points.Add(new TimelinePoint(Stopwatch.GetElapsedTime(_startTimestamp, now).TotalMilliseconds, bytes, rate));
        _lastBytes = bytes;
        _lastTimestamp = now;
    }

    /// <summary>Stops sampling, takes a last sample, and returns the timeline.</summary>
    public async Task<IReadOnlyList<TimelinePoint>> StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
            await _loop.ConfigureAwait(false);
            Sample();
        }
        lock (_points) return _points.ToArray();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
