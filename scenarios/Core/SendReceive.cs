using System.Runtime.ExceptionServices;
using Transports.Abstractions;

namespace Transports.Scenarios.Core;

/// <summary>
/// Runs a sender and a receiver side by side so that a failure of either ends both: the first real failure
/// cancels the other side (which would otherwise block forever on a full send buffer or a silent peer) and is
/// the one reported, not the cancellation it caused. Two shapes: both sides run to their end (<see cref="RunAsync{TSend, TReceive}"/>),
/// or a receive loop runs beside the send side and is stopped once the send side is done
/// (<see cref="RunWithReceiveLoopAsync"/>).
/// </summary>
public static class SendReceive
{
    /// <summary>Runs <paramref name="send"/> and <paramref name="receive"/> concurrently (the receiver on the thread pool).</summary>
    /// <param name="send">The sending side; gets a token cancelled when the receiver fails.</param>
    /// <param name="receive">The receiving side; gets a token cancelled when the sender fails.</param>
    /// <param name="onFailure">Called once on the first failure, e.g. to abort the connections.</param>
    /// <param name="cancellationToken">Cancels both.</param>
    /// <returns>Both results.</returns>
    /// <exception cref="Exception">The first failure of either side (cancellation only when <paramref name="cancellationToken"/> fired).</exception>
    public static Task<(TSend Sent, TReceive Received)> RunAsync<TSend, TReceive>(
        Func<CancellationToken, Task<TSend>> send, Func<CancellationToken, Task<TReceive>> receive,
        Action onFailure, CancellationToken cancellationToken)
        => RunCoreAsync((_, ct) => send(ct), receive, onFailure, stopReceiverAfterSend: false, cancellationToken);

    /// <summary>
    /// Runs <paramref name="send"/> (the send loop, then waiting for the end) with <paramref name="receiveLoop"/> running
    /// beside it on the thread pool; once <paramref name="send"/> returns, the receive loop is stopped (its token is
    /// cancelled) and awaited. The cancellation or reset the stop causes in the receive loop (the connection is then
    /// unusable, as the transport contract says) is not a failure; anything the loop threw before is.
    /// </summary>
    /// <param name="send">The foreground; gets the receive loop's task (to wait for it to end by itself) and a token
    /// cancelled when the receive loop fails.</param>
    /// <param name="receiveLoop">The receive loop; gets a token cancelled when the foreground is done or fails.</param>
    /// <param name="onFailure">Called once on the first failure, or null.</param>
    /// <param name="cancellationToken">Cancels both.</param>
    /// <exception cref="Exception">The first failure of either side (cancellation only when <paramref name="cancellationToken"/> fired).</exception>
    public static Task RunWithReceiveLoopAsync(Func<Task, CancellationToken, Task> send, Func<CancellationToken, Task> receiveLoop,
        Action? onFailure, CancellationToken cancellationToken)
        => RunCoreAsync(async (receive, ct) => { await send(receive, ct).ConfigureAwait(false); return true; },
            async ct => { await receiveLoop(ct).ConfigureAwait(false); return true; },
            onFailure, stopReceiverAfterSend: true, cancellationToken);

    private static async Task<(TSend Sent, TReceive Received)> RunCoreAsync<TSend, TReceive>(
        Func<Task, CancellationToken, Task<TSend>> send, Func<CancellationToken, Task<TReceive>> receive,
        Action? onFailure, bool stopReceiverAfterSend, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? first = null;
        int stopping = 0; // 1 once the receiver is being stopped because the sender is done
        async Task<T> Guard<T>(Func<CancellationToken, Task<T>> side)
        {
            try
            {
                return await side(both.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!(Volatile.Read(ref stopping) == 1 && e is OperationCanceledException or TransportException
                                        && !cancellationToken.IsCancellationRequested))
            {
                if (Interlocked.CompareExchange(ref first, e, null) is null && !(e is OperationCanceledException && both.IsCancellationRequested))
                {
                    onFailure?.Invoke();
                    both.Cancel();
                }
                throw;
            }
        }
        var receiveTask = Task.Run(() => Guard(receive), CancellationToken.None);
        var sendTask = Guard(ct => send(receiveTask, ct));
        try
        {
            var sent = await sendTask.ConfigureAwait(false);
            if (!stopReceiverAfterSend) return (sent, await receiveTask.ConfigureAwait(false));
            if (!receiveTask.IsCompleted)
            {
                Volatile.Write(ref stopping, 1);
                both.Cancel();
            }
            try
            {
                return (sent, await receiveTask.ConfigureAwait(false));
            }
            catch (Exception e) when (Volatile.Read(ref stopping) == 1 && e is OperationCanceledException or TransportException
                                      && !cancellationToken.IsCancellationRequested)
            {
                return (sent, default!); // the stop we asked for
            }
        }
        catch
        {
            // Report the root cause: the first failure, not the cancellation or reset it caused on the other side.
            await Task.WhenAny(receiveTask).ConfigureAwait(false); // never leave the receiver running behind
            if (first is not null && !cancellationToken.IsCancellationRequested) ExceptionDispatchInfo.Throw(first);
            throw;
        }
    }
}
