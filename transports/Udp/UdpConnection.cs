using System.Runtime.CompilerServices;
using System.Net.Sockets;
using Transports.Abstractions;

namespace Transports.Udp;

/// <summary>A connected UDP socket: one send is one datagram. No orderly close: completion and abort are local only.</summary>
internal sealed class UdpConnection(Socket socket, TransportCapabilities capabilities) : ITransportConnection
{
    private readonly int _maxBytes = capabilities.MaxMessageSizeBytes!.Value;

    public TransportCapabilities Capabilities => capabilities;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        MessageTooLargeException.ThrowIfTooLarge(payload.Length, _maxBytes);
        try
        {
            await socket.SendAsync(payload, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (TransportErrors.TryTranslate(e, "udp send", out var t, disposed: "socket closed")) { throw t; }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length < _maxBytes)
            throw new ArgumentException($"receive buffer of {buffer.Length} B is smaller than the max datagram size of {_maxBytes} B", nameof(buffer));
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (n == UdpHandshake.Length && UdpHandshake.IsHandshake(buffer.Span[..n])) continue; // late hello retransmission
                return new ReceiveResult(n, false);
            }
        }
        catch (Exception e) when (TransportErrors.TryTranslate(e, "udp receive", out var t, disposed: "socket closed")) { throw t; }
    }

    public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public void Abort() => socket.Dispose();

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
