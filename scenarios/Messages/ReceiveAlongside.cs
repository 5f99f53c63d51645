using Transports.Abstractions;

namespace Transports.Scenarios.Messages;

/// <summary>
/// Runs a receive loop in the background while the foreground (send loop, then waiting for the end) runs, then stops
/// the receive loop and waits for it: the one shape of every message scenario's run. A failure of the receive loop
/// surfaces; its cancellation by this helper (the connection is then unusable, as the transport contract says) does not.
/// </summary>
public static class ReceiveAlongside
{
    /// <summary>Runs <paramref name="foreground"/> with <paramref name="receiveLoop"/> running beside it.</summary>
    /// <param name="receiveLoop">The receive loop; gets a token cancelled once the foreground is done.</param>
    /// <param name="foreground">Gets the receive loop's task (to wait for it to end by itself).</param>
    /// <param name="cancellationToken">Cancels both.</param>
    public static async Task RunAsync(Func<CancellationToken, Task> receiveLoop, Func<Task, Task> foreground, CancellationToken cancellationToken)
    {
        using var receiveStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receive = Task.Run(() => receiveLoop(receiveStop.Token), CancellationToken.None);
        try
        {
            await foreground(receive).ConfigureAwait(false);
        }
        finally
        {
            bool endedByItself = receive.IsCompleted; // then whatever it threw is real
            receiveStop.Cancel();
            try { await receive.ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or TransportException
                                      && !endedByItself && !cancellationToken.IsCancellationRequested) { }
        }
    }
}
