using System.Runtime.CompilerServices;
using Transports.Abstractions;

namespace Transports.Quic.Quinn;

/// <summary>
/// Cancellation of pending native operations: quinn's futures cannot be cancelled from outside, so a cancelled
/// operation closes its connection (CONNECTION_CLOSE, code <see cref="QuicErrorCodes.Aborted"/>), which completes
/// every pending operation with an error; the connection is then unusable, as the abstraction says.
/// </summary>
internal static class QuinnCancellation
{
    /// <summary>Closes <paramref name="connection"/> when <paramref name="cancellationToken"/> fires.</summary>
    public static CancellationTokenRegistration Register(ConnectionHandle connection, CancellationToken cancellationToken)
        => cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(static c => Close((ConnectionHandle)c!), connection) : default;

    /// <summary>Awaits <paramref name="pending"/>; a failure caused by cancellation becomes <see cref="OperationCanceledException"/>.</summary>
    /// <remarks>
    /// Runs on every send and receive and nearly always suspends (the native callback comes from a runtime thread), so
    /// its state machine box is pooled: the default builder allocated one (about 170 B) per call.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<long> AwaitAsync(ValueTask<long> pending, CancellationToken cancellationToken)
    {
        try
        {
            return await pending.ConfigureAwait(false);
        }
        catch (TransportException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("quic operation cancelled (the connection was closed)", e, cancellationToken);
        }
    }

    private static void Close(ConnectionHandle connection)
    {
        try
        {
            QuinnNative.tq_conn_close(connection, QuicErrorCodes.Aborted);
        }
        catch (ObjectDisposedException)
        {
            // already closed
        }
    }
}
