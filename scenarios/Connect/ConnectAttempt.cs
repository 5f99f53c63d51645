using System.Net;
using Transports.Abstractions;
using Transports.Abstractions.Tls;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.Connect;

/// <summary>
/// One connect, bounded by its deadline: the transport's connect (handshakes and run hello, on a connection of its own:
/// <see cref="ConnectOptions.NewConnection"/>), one request and its verified response, then an orderly close (the client
/// completes first, reads the server's end, disposes). Every failure becomes a counted <see cref="ConnectOutcome"/>; only
/// the run's own cancellation is thrown.
/// </summary>
public static class ConnectAttempt
{
    private static readonly ConnectOptions NewConnection = new(StreamDirection.Bidirectional) { NewConnection = true };

    /// <summary>Makes connect <paramref name="index"/>.</summary>
    /// <param name="transport">The transport.</param>
    /// <param name="server">Where the server role listens.</param>
    /// <param name="index">The connect's index (its request carries it).</param>
    /// <param name="startTicks">When the connect counts as started (intended start in open loop).</param>
    /// <param name="settings">Request size and deadline.</param>
    /// <param name="cancellationToken">The run's cancellation.</param>
    /// <exception cref="OperationCanceledException">The run was cancelled (not the connect's deadline: that is an outcome).</exception>
    public static async Task<ConnectOutcome> RunAsync(ITransport transport, IPEndPoint server, long index, long startTicks, ConnectSettings settings,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.ConnectTimeoutMs);
        var request = new byte[settings.RequestBytes];
        byte[] response = System.Buffers.ArrayPool<byte>.Shared.Rent(ConnectExchange.ReceiveBufferBytes(transport.Capabilities, settings.RequestBytes));
        ConnectExchange.WriteRequest(index, request);
        long actualStart = MonotonicClock.NowTicks(), connected = 0, firstByte = 0;
        TlsSessionInfo? tls = null;
        ITransportConnection? connection = null;
        try
        {
            connection = await transport.ConnectAsync(server, NewConnection, deadline.Token).ConfigureAwait(false);
            connected = MonotonicClock.NowTicks();
            tls = (connection as ISecureConnection)?.Tls;
            await connection.SendAsync(request, deadline.Token).ConfigureAwait(false);
            firstByte = await ConnectExchange.ReadExactlyAsync(connection, response, settings.RequestBytes, "response", deadline.Token).ConfigureAwait(false);
            ConnectExchange.VerifyResponse(index, response.AsSpan(0, settings.RequestBytes));
            await connection.CompleteSendAsync(deadline.Token).ConfigureAwait(false);
            await ConnectExchange.ReadEndAsync(connection, response, deadline.Token).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            connection = null;
            return new ConnectOutcome(index, startTicks, actualStart, connected, firstByte, MonotonicClock.NowTicks(), tls, null, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Kind(e, deadline.IsCancellationRequested) is { } kind)
        {
            return new ConnectOutcome(index, startTicks, actualStart, connected, firstByte, MonotonicClock.NowTicks(), tls, kind, OneLine(e, deadline.IsCancellationRequested, settings));
        }
        finally
        {
            if (connection is not null)
            {
                connection.Abort();
                await ClientRun.SafeDisposeAsync(connection).ConfigureAwait(false);
            }
            System.Buffers.ArrayPool<byte>.Shared.Return(response);
        }
    }

    /// <summary>The kind a failure is counted under; null for an exception that is a bug, not a failed connect.</summary>
    private static string? Kind(Exception e, bool deadlinePassed) => e switch
    {
        _ when deadlinePassed => "deadline",
        TransportException t => t.Error.ToString(),
        IntegrityException => "integrity",
        IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException => e.GetType().Name,
        _ => null,
    };

    private static string OneLine(Exception e, bool deadlinePassed, ConnectSettings settings)
        => deadlinePassed
            ? $"the connect did not complete within its deadline of {settings.ConnectTimeoutMs} ms ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})"
            : e.Message.ReplaceLineEndings(" ");
}
