using Transports.Scenarios.Core;

namespace Transports.Harness.Running;

/// <summary>
/// Cancels a run whose progress counter has not moved for the stall timeout (a hung transport, a peer that stopped
/// reading). Checked every 250 ms on a timer; the scenario's hot path is not involved.
/// </summary>
internal sealed class StallDetector : IDisposable
{
    private readonly Timer _timer;
    private long _lastValue = -1;
    private DateTime _lastChange = DateTime.UtcNow;

    public StallDetector(TransferProgress progress, TimeSpan timeout, CancellationTokenSource cancel)
    {
        _timer = new Timer(_ =>
        {
            long value = progress.CompletedUnits + progress.Heartbeats;
            if (value != _lastValue || !progress.IsWatched)
            {
                _lastValue = value;
                _lastChange = DateTime.UtcNow;
                return;
            }
            if (DateTime.UtcNow - _lastChange > timeout && !cancel.IsCancellationRequested)
            {
                Stalled = true;
                Scenarios.Core.Cancellation.TryCancel(cancel);
            }
        }, null, 250, 250);
    }

    public bool Stalled { get; private set; }

    public void Dispose() => _timer.Dispose();
}
