using Transports.Measure;
using Transports.Results;

namespace Transports.Scenarios.Core;

/// <summary>
/// The measured interval of a run (warm-up excluded): its <see cref="CostMeter"/> and its goodput
/// <see cref="TimelineSampler"/>, started together and stopped together. Delivered bytes are counted either here
/// (<see cref="AddDelivered"/>: the receive loop, one writer, no lock) or by an existing counter read through a function
/// (bigfile: the progress counter).
/// </summary>
public sealed class MeasuredInterval : IDisposable
{
    private readonly TimelineSampler _timeline;
    private readonly Func<long>? _readDeliveredBytes;
    private long _deliveredBytes;
    private CostMeter? _cost;

    /// <summary>An interval that counts its delivered bytes itself (<see cref="AddDelivered"/>).</summary>
    public MeasuredInterval() => _timeline = new TimelineSampler(() => DeliveredBytes);

    /// <summary>An interval over an existing cumulative delivered-bytes counter.</summary>
    /// <param name="readDeliveredBytes">Reads the counter; thread-safe (read from the timer thread).</param>
    public MeasuredInterval(Func<long> readDeliveredBytes)
    {
        _readDeliveredBytes = readDeliveredBytes;
        _timeline = new TimelineSampler(readDeliveredBytes);
    }

    /// <summary>Payload bytes delivered so far.</summary>
    public long DeliveredBytes => _readDeliveredBytes is null ? Volatile.Read(ref _deliveredBytes) : _readDeliveredBytes();

    /// <summary>Starts the interval at <paramref name="startTicks"/> (Stopwatch ticks); later calls do nothing.</summary>
    /// <param name="startTicks">Start of the interval.</param>
    public void Start(long startTicks)
    {
        if (_cost is not null) return;
        _cost = CostMeter.Start();
        _timeline.Start(startTicks);
    }

    /// <summary>Counts delivered payload bytes (the receive loop; one writer, no lock).</summary>
    /// <param name="bytes">Bytes just delivered.</param>
    /// <exception cref="InvalidOperationException">The interval reads an external counter.</exception>
    public void AddDelivered(long bytes)
    {
        if (_readDeliveredBytes is not null) throw new InvalidOperationException("this interval reads an external counter");
        Volatile.Write(ref _deliveredBytes, _deliveredBytes + bytes);
    }

    /// <summary>Ends the interval at <paramref name="endTicks"/>: its cost (per delivered byte) and its timeline.</summary>
    /// <param name="endTicks">End of the interval (Stopwatch ticks).</param>
    public (Cost Cost, IReadOnlyList<TimelinePoint> Timeline) Stop(long endTicks)
    {
        Start(endTicks); // an interval that never started (everything happened in warm-up) is empty, not missing
        var cost = _cost!.Stop(DeliveredBytes);
        return (cost, _timeline.Stop(endTicks));
    }

    /// <summary>Stops the timeline's timer.</summary>
    public void Dispose() => _timeline.Dispose();
}
