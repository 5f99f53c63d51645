using Transports.Metrics;
using Transports.Metrics.Results;

namespace Transports.Scenarios.Core;

/// <summary>
/// The cost meter and the goodput timeline of one measured run, started together before the connection is made
/// and stopped together when the last byte has arrived.
/// </summary>
public sealed class TransferMeters : IAsyncDisposable
{
    private readonly CostMeter _cost;
    private readonly TimelineSampler _timeline;

    private TransferMeters(CostMeter cost, TimelineSampler timeline)
    {
        _cost = cost;
        _timeline = timeline;
    }

    /// <summary>Starts both meters; the timeline samples <paramref name="progress"/>'s completed units.</summary>
    /// <param name="progress">The run's progress counters.</param>
    public static Task<TransferMeters> StartAsync(TransferProgress progress)
        => Task.FromResult(new TransferMeters(CostMeter.Start(), new TimelineSampler(() => progress.CompletedUnits)));

    /// <summary>Stops both meters.</summary>
    /// <param name="bytesDelivered">Payload bytes delivered, for per-GiB costs.</param>
    /// <returns>The timeline and the cost.</returns>
    public async Task<(IReadOnlyList<TimelinePoint> Timeline, Cost Cost)> StopAsync(long bytesDelivered)
    {
        var points = await _timeline.StopAsync().ConfigureAwait(false);
        return (points, _cost.Stop(bytesDelivered));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _timeline.DisposeAsync();
}
