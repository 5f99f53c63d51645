using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// Bytes received per parallel connection, sampled every <see cref="IntervalMs"/> on this host's monotonic clock (plus one
/// sample at the start and one at the stop), so goodput over any sub-interval can be read back
/// (<see cref="CommonInterval"/>). The receivers count into <see cref="Flow"/>; the sampler only reads.
/// </summary>
internal sealed class FlowSampler : IDisposable
{
    /// <summary>Sampling period, ms: short next to a transfer of a second or more, cheap next to its receive loops.</summary>
    public const int IntervalMs = 10;

    private readonly TransferProgress[] _flows;
    private readonly List<FlowSample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public FlowSampler(int flows)
    {
        _flows = new TransferProgress[flows];
        for (int i = 0; i < flows; i++) _flows[i] = new TransferProgress();
    }

    /// <summary>Flow <paramref name="index"/>'s counter of received bytes.</summary>
    public TransferProgress Flow(int index) => _flows[index];

    /// <summary>The samples so far, in time order.</summary>
    public IReadOnlyList<FlowSample> Samples => _samples;

    /// <summary>Takes the first sample and starts the periodic ones.</summary>
    public void Start()
    {
        Take();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(IntervalMs));
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false)) Take();
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        });
    }

    /// <summary>Stops sampling and takes the last sample.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        Take();
    }

    private void Take()
    {
        var bytes = new long[_flows.Length];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = _flows[i].CompletedUnits;
        lock (_samples) _samples.Add(new FlowSample(MonotonicClock.NowTicks(), bytes));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}

/// <summary>Received bytes of every flow at one instant.</summary>
/// <param name="Ticks">When, monotonic clock ticks of the receiving host.</param>
/// <param name="Bytes">Bytes received so far, per flow.</param>
internal readonly record struct FlowSample(long Ticks, IReadOnlyList<long> Bytes);
