using System.Runtime.CompilerServices;
using System.Net.Sockets;
using Transports.Abstractions;

namespace Transports.Tcp;

/// <summary>One TCP connection. Sends loop until every byte is in the kernel's send buffer (backpressure).</summary>
internal sealed class TcpConnection(Socket socket, TransportCapabilities capabilities) : ITransportConnection
{
    public TransportCapabilities Capabilities => capabilities;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        try
        {
            while (!payload.IsEmpty)
            {
                int sent = await socket.SendAsync(payload, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                payload = payload[sent..];
            }
        }
        catch (Exception e) when (TransportErrors.TryTranslate(e, "tcp send", out var t)) { throw t; }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) throw new ArgumentException("receive buffer must not be empty", nameof(buffer));
        try
        {
            int count = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            return count == 0 ? ReceiveResult.Completed : new ReceiveResult(count, false);
        }
        catch (Exception e) when (TransportErrors.TryTranslate(e, "tcp receive", out var t)) { throw t; }
    }

    public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send); // FIN after the queued data
        }
        catch (SocketException e)
        {
            throw SocketErrors.ToTransportException(e, "tcp shutdown");
        }
        return ValueTask.CompletedTask;
    }

    public void Abort()
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0); // close sends RST instead of FIN
        }
        catch (SocketException)
        {
            // already closed: nothing to abort
        }
        socket.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
