using System.Net;
using System.Net.Sockets;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Udp.Batching;

namespace Transports.Udp;

/// <summary>
/// Raw UDP (RFC 768): unreliable, unordered datagrams with message boundaries. A connection is a pair of
/// connected sockets set up by a tiny hello / hello-ack exchange (<see cref="UdpHandshake"/>); after it, every
/// datagram on the wire is exactly the application's payload. One client per listener: the first whose hello carries
/// this run's token; every other sender's datagram before it is refused and recorded (<see cref="ITransportListener.Refused"/>).
/// </summary>
public sealed class UdpTransport : ITransport
{
    private readonly UdpTransportOptions _options;
    private readonly UdpIoPaths _io;

    /// <summary>Creates the transport.</summary>
    /// <param name="options">Datagram size, socket buffers and the system calls to use.</param>
    /// <param name="membership">The run this transport belongs to; null makes a new one (a fresh random token).</param>
    /// <exception cref="TransportException"><see cref="UdpIoMode.Batched"/> where the batched calls do not exist.</exception>
    public UdpTransport(UdpTransportOptions options, RunMembership? membership = null)
    {
        _options = options;
        Membership = membership ?? RunMembership.Create();
        Capabilities = new TransportCapabilities(TransportFeatures.Datagrams | TransportFeatures.MessageBoundaries, options.DatagramSizeBytes);
        var settings = new Dictionary<string, string>
        {
            ["datagram_size_bytes"] = options.DatagramSizeBytes.ToString(),
            ["send_buffer_bytes_requested"] = options.SendBufferBytes == 0 ? "default" : options.SendBufferBytes.ToString(),
            ["receive_buffer_bytes_requested"] = options.ReceiveBufferBytes == 0 ? "default" : options.ReceiveBufferBytes.ToString(),
            ["receive_buffer_bytes_effective"] = EffectiveReceiveBuffer().ToString(),
        };
        // io, send_path, receive_path (and io_fallback after a fallback): kept up to date in this dictionary.
        _io = UdpIoPaths.Probe(options.IoMode, options.BatchCalls ?? LibcBatchCalls.Instance, settings);
        Settings = settings;
    }

    /// <inheritdoc />
    public string Name => "udp";

    /// <inheritdoc />
    public TransportCapabilities Capabilities { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc />
    public RunMembership Membership { get; }

    /// <inheritdoc />
    public ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default)
    {
        var socket = CreateSocket(localEndPoint.AddressFamily);
        try
        {
            socket.Bind(localEndPoint);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw SocketErrors.ToTransportException(e, $"udp bind {localEndPoint}");
        }
        return ValueTask.FromResult<ITransportListener>(new Listener(socket, Capabilities, _io, Membership));
    }

    /// <inheritdoc />
    public async ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default)
    {
        var socket = CreateSocket(remoteEndPoint.AddressFamily);
        try
        {
            await socket.ConnectAsync(remoteEndPoint, cancellationToken).ConfigureAwait(false);
            await UdpHandshake.ConnectAsync(socket, Membership.Hello, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw SocketErrors.ToTransportException(e, $"udp connect to {remoteEndPoint}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new UdpConnection(socket, Capabilities, _io);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Socket CreateSocket(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        if (_options.SendBufferBytes > 0) socket.SendBufferSize = _options.SendBufferBytes;
        if (_options.ReceiveBufferBytes > 0) socket.ReceiveBufferSize = _options.ReceiveBufferBytes;
        return socket;
    }

    private int EffectiveReceiveBuffer()
    {
        using var probe = CreateSocket(AddressFamily.InterNetwork);
        return probe.ReceiveBufferSize; // Linux reports twice the granted size (bookkeeping overhead), capped by rmem_max
    }

    private sealed class Listener(Socket socket, TransportCapabilities capabilities, UdpIoPaths io, RunMembership membership) : ITransportListener
    {
        /// <summary>Distinct strangers recorded; a flood from one address is one record.</summary>
        private const int MaxDistinctStrangers = 1000;

        /// <summary>Datagrams already queued when the socket is connected that are read and dropped, at most.</summary>
        private const int MaxQueuedDrop = 100_000;

        private readonly RefusedPeerLog _refused = new();
        private readonly HashSet<(EndPoint, MembershipVerdict)> _seen = [];
        private Socket? _socket = socket;

        public IPEndPoint LocalEndPoint { get; } = (IPEndPoint)socket.LocalEndPoint!;

        public IReadOnlyList<RefusedPeer> Refused => _refused.Snapshot();

        public long RefusedCount => _refused.TotalCount;

        public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken = default)
        {
            var s = _socket ?? throw new InvalidOperationException("a udp listener serves one client; it has accepted it already");
            var buffer = new byte[UdpTransportFactory.MaxDatagramSizeBytes];
            EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            try
            {
                while (true)
                {
                    var r = await s.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
                    var verdict = membership.Check(buffer.AsSpan(0, r.ReceivedBytes));
                    if (verdict != MembershipVerdict.Member)
                    {
                        Refuse(r.RemoteEndPoint, verdict);
                        continue;
                    }
                    await s.ConnectAsync(r.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
                    DropQueued(s); // connect() filters later datagrams from others; those already queued are read away here
                    await s.SendAsync(UdpHandshake.HelloAck.ToArray(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    _socket = null; // the connection owns the socket now
                    return new UdpConnection(s, capabilities, io);
                }
            }
            catch (SocketException e)
            {
                throw SocketErrors.ToTransportException(e, $"udp accept on {LocalEndPoint}");
            }
        }

        private void Refuse(EndPoint remote, MembershipVerdict verdict)
        {
            if (_seen.Count >= MaxDistinctStrangers || !_seen.Add((remote, verdict))) return;
            _refused.Add(new RefusedPeer("udp", remote, verdict, DateTimeOffset.UtcNow));
        }

        /// <summary>
        /// Reads and drops what was queued before connect(): strangers' datagrams and the client's retransmitted hellos.
        /// The client sends data only after the hello-ack, which is sent after this, so nothing of the run is lost.
        /// </summary>
        private static void DropQueued(Socket s)
        {
            var scratch = new byte[UdpTransportFactory.MaxDatagramSizeBytes];
            for (int i = 0; i < MaxQueuedDrop && s.Available > 0; i++)
                s.Receive(scratch, SocketFlags.None);
        }

        public ValueTask DisposeAsync()
        {
            _socket?.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
