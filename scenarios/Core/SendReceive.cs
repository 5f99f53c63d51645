namespace Transports.Scenarios.Core;

/// <summary>
/// Runs a sender and a receiver side by side so that a failure of either ends both: the first real failure
/// cancels the other side (which would otherwise block forever on a full send buffer or a silent peer) and is
/// the one reported, not the cancellation it caused.
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
    public static async Task<(TSend Sent, TReceive Received)> RunAsync<TSend, TReceive>(
        Func<CancellationToken, Task<TSend>> send, Func<CancellationToken, Task<TReceive>> receive,
        Action onFailure, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? first = null;
        async Task<T> Guard<T>(Func<CancellationToken, Task<T>> side)
        {
            try
            {
                return await side(both.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                if (Interlocked.CompareExchange(ref first, e, null) is null && !(e is OperationCanceledException && both.IsCancellationRequested))
                {
                    onFailure();
                    both.Cancel();
                }
                throw;
            }
        }
        var receiveTask = Task.Run(() => Guard(receive), CancellationToken.None);
        var sendTask = Guard(send);
        try
        {
            await Task.WhenAll(sendTask, receiveTask).ConfigureAwait(false);
        }
        catch
        {
            // Report the root cause: the first failure, not the cancellation or reset it caused on the other side.
            if (first is not null && !cancellationToken.IsCancellationRequested) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            throw;
        }
        return (sendTask.Result, receiveTask.Result);
    }
}
