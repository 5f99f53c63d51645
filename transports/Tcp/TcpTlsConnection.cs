using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Transports.Abstractions;
using Transports.Abstractions.Tls;

namespace Transports.Tcp;

/// <summary>
/// One TLS 1.3 connection over a TCP socket, either side. A send completes when SslStream has encrypted the bytes into
/// records (at most 16 KiB of plaintext each, RFC 8446 §5.1) and the kernel took them (backpressure). Orderly close is
/// TLS close_notify (RFC 8446 §6.1) followed by a FIN; abortive close an RST, which the peer's next read reports as a reset.
/// </summary>
internal sealed class TcpTlsConnection(SslStream ssl, Socket socket, TransportCapabilities capabilities, TlsSessionInfo tls) : ITransportConnection, ISecureConnection
{
    private bool _sendCompleted;

    public TransportCapabilities Capabilities => capabilities;

    /// <inheritdoc />
    public TlsSessionInfo Tls => tls;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (_sendCompleted) throw new InvalidOperationException("tcp-tls send after the send side was completed");
        if (payload.IsEmpty) return; // SslStream would send an empty record: nothing to deliver on a byte stream
        try
        {
            await ssl.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (TlsStreamErrors.TryTranslate(e, "tcp-tls send", out var t)) { throw t; }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) throw new ArgumentException("receive buffer must not be empty", nameof(buffer));
        try
        {
            int count = await ssl.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return count == 0 ? ReceiveResult.Completed : new ReceiveResult(count, false);
        }
        catch (Exception e) when (TlsStreamErrors.TryTranslate(e, "tcp-tls receive", out var t)) { throw t; }
    }

    public async ValueTask CompleteSendAsync(CancellationToken cancellationToken = default)
    {
        if (_sendCompleted) return;
        _sendCompleted = true;
        try
        {
            await ssl.ShutdownAsync().WaitAsync(cancellationToken).ConfigureAwait(false); // close_notify
            socket.Shutdown(SocketShutdown.Send); // then FIN
        }
        catch (Exception e) when (TlsStreamErrors.TryTranslate(e, "tcp-tls shutdown", out var t)) { throw t; }
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
        catch (ObjectDisposedException)
        {
            // already disposed
        }
        socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await ssl.DisposeAsync().ConfigureAwait(false); // owns the NetworkStream, which owns the socket
        socket.Dispose();
    }
}
