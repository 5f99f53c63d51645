using System.Net;
using System.Net.Sockets;
using Transports.Abstractions;
using Transports.Abstractions.Membership;

namespace Transports.Tcp;

/// <summary>
/// TCP (RFC 9293): a reliable, ordered byte stream without message boundaries. Orderly close is a FIN
/// (<see cref="Socket.Shutdown"/>), abortive close an RST (SO_LINGER with a zero timeout). The client's first 24 bytes
/// are the run hello (<see cref="RunHello"/>), not part of the application's stream; the listener hands out only
/// connections whose hello carries this run's token and refuses every other peer (<see cref="ITransportListener.Refused"/>).
/// </summary>
public sealed class TcpTransport : ITransport
{
    private readonly TcpTransportOptions _options;

    /// <summary>Creates the transport.</summary>
    /// <param name="options">Socket settings.</param>
    /// <param name="membership">The run this transport belongs to; null makes a new one (a fresh random token).</param>
    public TcpTransport(TcpTransportOptions options, RunMembership? membership = null)
    {
        _options = options;
        Membership = membership ?? RunMembership.Create();
        Settings = TcpSockets.Settings(options);
    }

    /// <inheritdoc />
    public string Name => "tcp";

    /// <inheritdoc />
    public TransportCapabilities Capabilities { get; } = new(
        TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.OrderlyClose, null);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc />
    public RunMembership Membership { get; }

    /// <inheritdoc />
    public ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default)
    {
        var socket = TcpSockets.Listen(localEndPoint, _options, "tcp");
        return ValueTask.FromResult<ITransportListener>(new TcpMemberListener(socket, "tcp", async (accepted, ct) =>
        {
            var verdict = await Membership.ReadAndCheckAsync((m, c) => accepted.ReceiveAsync(m, SocketFlags.None, c), ct).ConfigureAwait(false);
            if (verdict != MembershipVerdict.Member) return new(verdict, null);
            accepted.NoDelay = _options.NoDelay;
            return new(verdict, new TcpConnection(accepted, Capabilities));
        }));
    }

    /// <inheritdoc />
    public async ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default)
    {
        var socket = await TcpSockets.ConnectAsync(remoteEndPoint, _options, "tcp", cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(Membership.Hello, SocketFlags.None, cancellationToken).ConfigureAwait(false); // 24 bytes: one segment
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
}
