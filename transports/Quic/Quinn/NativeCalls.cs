using Transports.Abstractions;

namespace Transports.Quic.Quinn;

/// <summary>Starting asynchronous native calls and awaiting them with cancellation.</summary>
internal static class NativeCalls
{
    /// <summary>Starts <paramref name="start"/> on <paramref name="op"/> (already begun); a disposed handle becomes a connection-reset failure.</summary>
    /// <param name="op">The begun operation.</param>
    /// <param name="start">Makes the native call with the operation's state; returns its status code.</param>
    /// <param name="state">Passed to <paramref name="start"/> (a struct: no allocation).</param>
    /// <param name="context">What is being done, for the error message (e.g. "quic send").</param>
    public static ValueTask<long> Start<TState>(NativeOperation op, TState state, Func<TState, NativeOperation, int> start, string context)
    {
        int code;
        try
        {
            code = start(state, op);
        }
        catch (ObjectDisposedException e)
        {
            return op.Failed(TransportErrors.Closed(context, e));
        }
        return op.Started(code);
    }

    /// <summary>
    /// Runs a one-shot operation (connect, accept, open stream) that may be cancelled. A result that arrives after
    /// cancellation is handed to <paramref name="releaseOrphan"/> (e.g. to free a new connection handle).
    /// </summary>
    public static async Task<long> RunAsync<TState>(TState state, Func<TState, NativeOperation, int> start, string context,
        Action<long> releaseOrphan, CancellationToken cancellationToken)
    {
        var op = new NativeOperation();
        try
        {
            op.Begin();
            var task = Start(op, state, start, context).AsTask();
            try
            {
                return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!task.IsCompleted)
            {
                _ = task.ContinueWith(t => { if (t.IsCompletedSuccessfully) releaseOrphan(t.Result); },
                    CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw;
            }
        }
        finally
        {
            op.Dispose();
        }
    }
}
