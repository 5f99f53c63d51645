using System.Net;
using System.Net.Sockets;
using Transports.Abstractions;

namespace Transports.Tcp;

/// <summary>
/// The socket setup every TCP-based transport of this project shares (tcp, tcp-tls), so both measure the same kernel
/// configuration: TCP_NODELAY, SO_SNDBUF/SO_RCVBUF and TCP_CONGESTION from <see cref="TcpTransportOptions"/>, a listen
/// backlog of 128, and errors mapped to <see cref="TransportException"/>s whose message starts with the transport's name.
/// </summary>
internal static class TcpSockets
{
    /// <summary>Applies <paramref name="options"/> to <paramref name="socket"/> (before bind or connect: buffer sizes decide the window scale).</summary>
    public static void Configure(Socket socket, TcpTransportOptions options)
    {
        socket.NoDelay = options.NoDelay;
        if (options.SendBufferBytes > 0) socket.SendBufferSize = options.SendBufferBytes;
        if (options.ReceiveBufferBytes > 0) socket.ReceiveBufferSize = options.ReceiveBufferBytes;
        if (options.CongestionControl is { } cc) CongestionControl.Set(socket, cc); // a listener's is inherited on accept
    }

    /// <summary>A configured, bound and listening socket.</summary>
    /// <exception cref="TransportException">Bind or listen failed, e.g. <see cref="TransportError.AddressInUse"/>.</exception>
    public static Socket Listen(IPEndPoint localEndPoint, TcpTransportOptions options, string transport)
    {
        var socket = new Socket(localEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            Configure(socket, options); // buffer sizes set on the listener are inherited by accepted sockets (window scale)
            socket.Bind(localEndPoint);
            socket.Listen(128);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw SocketErrors.ToTransportException(e, $"{transport} listen on {localEndPoint}");
        }
        return socket;
    }

    /// <summary>A configured socket connected to <paramref name="remoteEndPoint"/>; the caller owns it.</summary>
    /// <exception cref="TransportException">The connect failed, e.g. <see cref="TransportError.ConnectionRefused"/>.</exception>
    public static async ValueTask<Socket> ConnectAsync(IPEndPoint remoteEndPoint, TcpTransportOptions options, string transport, CancellationToken cancellationToken)
    {
        var socket = new Socket(remoteEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            Configure(socket, options);
            await socket.ConnectAsync(remoteEndPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw SocketErrors.ToTransportException(e, $"{transport} connect to {remoteEndPoint}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Accepts the next raw connection of <paramref name="listener"/>.</summary>
    /// <exception cref="TransportException">The accept failed.</exception>
    public static async ValueTask<Socket> AcceptAsync(Socket listener, string transport, CancellationToken cancellationToken)
    {
        try
        {
            return await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw SocketErrors.ToTransportException(e, $"{transport} accept on {listener.LocalEndPoint}");
        }
    }

    /// <summary>The settings a TCP-based transport records (<see cref="ITransport.Settings"/>).</summary>
    public static Dictionary<string, string> Settings(TcpTransportOptions options) => new()
    {
        ["nodelay"] = options.NoDelay ? "true" : "false",
        ["send_buffer_bytes"] = options.SendBufferBytes == 0 ? "auto" : options.SendBufferBytes.ToString(),
        ["receive_buffer_bytes"] = options.ReceiveBufferBytes == 0 ? "auto" : options.ReceiveBufferBytes.ToString(),
        ["congestion_control"] = options.CongestionControl ?? $"{CongestionControl.SystemDefault ?? "unknown"} (system default)",
    };
}
