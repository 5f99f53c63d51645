using Transports.Metrics;
using Transports.Metrics.Results;

namespace Transports.Scenarios.Messages;

/// <summary>
/// The measured interval of a run (warm-up excluded): its <see cref="CostMeter"/> and its goodput
/// <see cref="TimelineSampler"/>, started together when the first measured message leaves and stopped together at the end.
/// </summary>
public sealed class MeasuredInterval : IDisposable
{
    private readonly TimelineSampler _timeline = new();
    private CostMeter? _cost;

    /// <summary>Payload bytes delivered in the interval so far.</summary>
    public long DeliveredBytes => _timeline.DeliveredBytes;

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
    public void AddDelivered(long bytes) => _timeline.AddDelivered(bytes);

    /// <summary>Ends the interval at <paramref name="endTicks"/>: its cost and its timeline.</summary>
    /// <param name="endTicks">End of the interval (Stopwatch ticks).</param>
    public (Cost Cost, IReadOnlyList<TimelinePoint> Timeline) Stop(long endTicks)
    {
        Start(endTicks); // an interval that never started (everything happened in warm-up) is empty, not missing
        var cost = _cost!.Stop(_timeline.DeliveredBytes);
        return (cost, _timeline.Stop(endTicks));
    }

    /// <summary>Stops the timeline's timer.</summary>
    public void Dispose() => _timeline.Dispose();
}
