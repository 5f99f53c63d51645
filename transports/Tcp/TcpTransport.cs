using System.Net;
using System.Net.Sockets;
using Transports.Abstractions;

namespace Transports.Tcp;

/// <summary>
/// TCP (RFC 9293): a reliable, ordered byte stream without message boundaries. Orderly close is a FIN
/// (<see cref="Socket.Shutdown"/>), abortive close an RST (SO_LINGER with a zero timeout).
/// </summary>
public sealed class TcpTransport : ITransport
{
    private readonly TcpTransportOptions _options;

    /// <summary>Creates the transport.</summary>
    /// <param name="options">Socket settings.</param>
    public TcpTransport(TcpTransportOptions options)
    {
        _options = options;
        Settings = new Dictionary<string, string>
        {
            ["nodelay"] = options.NoDelay ? "true" : "false",
            ["send_buffer_bytes"] = options.SendBufferBytes == 0 ? "auto" : options.SendBufferBytes.ToString(),
            ["receive_buffer_bytes"] = options.ReceiveBufferBytes == 0 ? "auto" : options.ReceiveBufferBytes.ToString(),
        };
    }

    /// <inheritdoc />
    public string Name => "tcp";

    /// <inheritdoc />
    public TransportCapabilities Capabilities { get; } = new(
        TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.OrderlyClose, null);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc />
    public ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(localEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            Configure(socket); // buffer sizes set on the listener are inherited by accepted sockets (window scale)
            socket.Bind(localEndPoint);
            socket.Listen(128);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw SocketErrors.ToTransportException(e, $"tcp listen on {localEndPoint}");
        }
        return ValueTask.FromResult<ITransportListener>(new Listener(socket, this));
    }

    /// <inheritdoc />
    public async ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(remoteEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            Configure(socket);
            await socket.ConnectAsync(remoteEndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw SocketErrors.ToTransportException(e, $"tcp connect to {remoteEndPoint}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new TcpConnection(socket, Capabilities);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Configure(Socket socket)
    {
        socket.NoDelay = _options.NoDelay;
        if (_options.SendBufferBytes > 0) socket.SendBufferSize = _options.SendBufferBytes;
        if (_options.ReceiveBufferBytes > 0) socket.ReceiveBufferSize = _options.ReceiveBufferBytes;
    }

    private sealed class Listener(Socket socket, TcpTransport transport) : ITransportListener
    {
        public IPEndPoint LocalEndPoint { get; } = (IPEndPoint)socket.LocalEndPoint!;

        public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken = default)
        {
            Socket accepted;
            try
            {
                accepted = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw SocketErrors.ToTransportException(e, $"tcp accept on {LocalEndPoint}");
            }
            accepted.NoDelay = transport._options.NoDelay;
            return new TcpConnection(accepted, transport.Capabilities);
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
