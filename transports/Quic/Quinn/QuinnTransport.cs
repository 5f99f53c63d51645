using System.Net;
using System.Net.Sockets;
using System.Text;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Abstractions.Tls;

namespace Transports.Quic.Quinn;

/// <summary>
/// The quinn backend of <c>quic</c> (bidirectional streams) and <c>quic-dgram</c> (DATAGRAM frames): each
/// listener is one server endpoint (one UDP socket) with the run's certificate (<see cref="QuicCertificates"/>); each
/// connect uses its own client endpoint, which accepts only the pinned server certificate (native/src/pin.rs). A
/// connection is handed out only after its run hello (<see cref="QuicRunHello"/>) matched this transport's
/// <see cref="Membership"/>; others are closed with <see cref="QuicErrorCodes.NotAMember"/> and recorded.
/// </summary>
internal sealed class QuinnTransport : ITransport
{
    private static readonly byte[] AlpnBytes = Encoding.ASCII.GetBytes(QuicTransportOptions.Alpn);
    private readonly QuicTransportOptions _options;
    private readonly bool _datagrams;
    private readonly QuinnConfig _config;
    private readonly QuicCertificates _certificates;

    public QuinnTransport(string name, bool datagrams, QuicTransportOptions options, TransportCapabilities capabilities, RunMembership? membership = null)
    {
        Name = name;
        Membership = membership ?? RunMembership.Create();
        _datagrams = datagrams;
        _options = options;
        Capabilities = capabilities;
        _certificates = new QuicCertificates(options);
        _config = new QuinnConfig
        {
            CongestionController = (int)options.CongestionControl,
            InitialMaxUdpPayloadBytes = (uint)options.UdpPayloadBytes,
            IdleTimeoutMs = (ulong)options.IdleTimeoutMs,
            StreamReceiveWindowBytes = (ulong)options.StreamWindowBytes,
            ReceiveWindowBytes = (ulong)options.ConnectionWindowBytes,
            SendWindowBytes = (ulong)options.ConnectionWindowBytes,
            DatagramReceiveBufferBytes = datagrams ? (ulong)options.DatagramQueueBytes : 0,
            DatagramSendBufferBytes = (ulong)options.DatagramQueueBytes,
            SocketBufferBytes = (uint)options.SocketBufferBytes,
            MaxConcurrentBidiStreams = datagrams ? 1u : 1024u, // quic-dgram: the one hello stream
        };
        Settings = QuicSettings.Describe("quinn", QuinnLibrary.Version, options, datagrams);
    }

    public string Name { get; }

    public TransportCapabilities Capabilities { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public RunMembership Membership { get; }

    public ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default)
    {
        var endpoint = CreateEndpoint(localEndPoint, _certificates.Server, pin: null);
        try
        {
            QuinnErrors.ThrowIfFailed(QuinnNative.tq_endpoint_local_port(endpoint, out var port));
            return ValueTask.FromResult<ITransportListener>(new Listener(endpoint, new IPEndPoint(localEndPoint.Address, port), this));
        }
        catch
        {
            endpoint.Dispose();
            throw;
        }
    }

    public async ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default)
    {
        long handle;
        // The connection keeps its own reference to the endpoint: the handle can go once the connect has started.
        using (var endpoint = CreateEndpoint(ClientBind(remoteEndPoint), certificate: null, _certificates.ClientPin))
            handle = await NativeCalls.RunAsync((endpoint, remoteEndPoint.ToString()), StartConnect, $"quic connect to {remoteEndPoint}",
                static h => new ConnectionHandle(h).Dispose(), cancellationToken).ConfigureAwait(false);
        var connectionHandle = new ConnectionHandle(handle);
        if (!_datagrams)
        {
            var connection = await WrapAsync(connectionHandle, client: true, cancellationToken).ConfigureAwait(false);
            try
            {
                await connection.SendAsync(Membership.Hello, cancellationToken).ConfigureAwait(false); // right after the preface
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            return connection;
        }
        try
        {
            await QuinnHelloStream.SendAsync(connectionHandle, Membership.Hello, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            CloseRaw(connectionHandle, QuicErrorCodes.Aborted);
            throw;
        }
        return await WrapAsync(connectionHandle, client: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Where the client's UDP socket binds: on a loopback run the run's own loopback address (the client socket is not
    /// reachable from the network either), else the wildcard of the remote's family (the kernel picks the route's source).
    /// </summary>
    private static IPEndPoint ClientBind(IPEndPoint remote)
        => new(IPAddress.IsLoopback(remote.Address) ? remote.Address
            : remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);

    /// <summary>Server side of the hello: wraps a member connection; null and the verdict for any other.</summary>
    private async ValueTask<Admission<ITransportConnection>> AdmitAsync(ConnectionHandle connection, CancellationToken ct)
    {
        if (_datagrams)
        {
            var verdict = await QuinnHelloStream.ReadAsync(connection, Membership, ct).ConfigureAwait(false);
            return verdict == MembershipVerdict.Member ? new(verdict, await WrapAsync(connection, client: false, ct).ConfigureAwait(false)) : new(verdict, null);
        }
        var wrapped = await WrapAsync(connection, client: false, ct).ConfigureAwait(false);
        return await QuicRunHello.AdmitAsync(wrapped, Membership, ct).ConfigureAwait(false);
    }

    private static void CloseRaw(ConnectionHandle connection, uint code)
    {
        try
        {
            QuinnNative.tq_conn_close(connection, code);
        }
        catch (ObjectDisposedException)
        {
            // closed already (a wrapped connection disposed it)
        }
        connection.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        _certificates.Dispose(); // endpoints hold their own copies of the DER and key
        return ValueTask.CompletedTask;
    }

    private async ValueTask<ITransportConnection> WrapAsync(ConnectionHandle connection, bool client, CancellationToken ct)
    {
        if (_datagrams) return QuinnDatagramConnection.Create(connection, client, Capabilities);
        return await QuinnStreamConnection.StartAsync(connection, client, Capabilities, ct).ConfigureAwait(false);
    }

    private static unsafe int StartConnect((EndpointHandle Endpoint, string Remote) s, NativeOperation op)
    {
        var remote = Encoding.ASCII.GetBytes(s.Remote);
        var serverName = "localhost"u8;
        fixed (byte* r = remote)
        fixed (byte* n = serverName)
            return QuinnNative.tq_endpoint_connect(s.Endpoint, r, (nuint)remote.Length, n, (nuint)serverName.Length, NativeOperation.Callback, op.State);
    }

    /// <summary>A native endpoint: a server one with <paramref name="certificate"/>, a client one with <paramref name="pin"/>.</summary>
    private unsafe EndpointHandle CreateEndpoint(IPEndPoint bind, RunCertificate? certificate, CertificatePin? pin)
    {
        var bindText = Encoding.ASCII.GetBytes(bind.ToString());
        var cert = certificate?.Der ?? [];
        var key = certificate?.PrivateKeyPkcs8 ?? [];
        var pinBytes = pin is null ? [] : pin.Sha256.ToArray();
        int code;
        EndpointHandle endpoint;
        fixed (byte* b = bindText)
        fixed (byte* c = cert)
        fixed (byte* k = key)
        fixed (byte* a = AlpnBytes)
        fixed (byte* p = pinBytes)
            code = QuinnNative.tq_endpoint_new(b, (nuint)bindText.Length, in _config, c, (nuint)cert.Length, k, (nuint)key.Length, a, (nuint)AlpnBytes.Length,
                p, (nuint)pinBytes.Length, out endpoint);
        if (code != QuinnErrors.Ok)
        {
            endpoint.Dispose();
            throw QuinnErrors.Failure(code);
        }
        return endpoint;
    }

    /// <summary>
    /// A server endpoint. Disposing it closes the endpoint and with it every connection it accepted, and returns once
    /// its UDP socket is closed, so the port can be bound again (a fixed <c>-port</c> reused by the next repeat).
    /// </summary>
    private sealed class Listener : ITransportListener
    {
        /// <summary>
        /// Longest wait for the socket on dispose: closed connections drain for 3 PTO (milliseconds on loopback); only
        /// a connection still held open (not yet disposed) keeps the socket longer, and dispose must not hang on it.
        /// </summary>
        private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(3);

        private readonly EndpointHandle endpoint;
        private readonly IPEndPoint localEndPoint;
        private readonly MemberAdmission<ConnectionHandle, ITransportConnection> _admission;

        public Listener(EndpointHandle endpoint, IPEndPoint localEndPoint, QuinnTransport transport)
        {
            this.endpoint = endpoint;
            this.localEndPoint = localEndPoint;
            var refused = new RefusedPeerLog();
            _admission = new MemberAdmission<ConnectionHandle, ITransportConnection>(transport.Name,
                async ct =>
                {
                    while (true)
                    {
                        try
                        {
                            return new ConnectionHandle(await NativeCalls.RunAsync(endpoint, StartAccept,
                                $"quic accept on {localEndPoint}", static h => new ConnectionHandle(h).Dispose(), ct).ConfigureAwait(false));
                        }
                        catch (TransportException e) when (!ct.IsCancellationRequested && !e.Message.Contains("endpoint closed", StringComparison.Ordinal))
                        {
                            // One incoming connection's handshake failed (a client that refused our pinned certificate, a
                            // stranger's garbage): that peer is refused; the endpoint goes on accepting.
                            refused.Add(new RefusedPeer(transport.Name, null, MembershipVerdict.HandshakeFailed, DateTimeOffset.UtcNow));
                        }
                    }
                },
                transport.AdmitAsync,
                RemoteOf,
                raw =>
                {
                    CloseRaw(raw, QuicErrorCodes.NotAMember);
                    return ValueTask.CompletedTask;
                },
                member => member.DisposeAsync(),
                refused);
        }

        public IPEndPoint LocalEndPoint => localEndPoint;

        public IReadOnlyList<RefusedPeer> Refused => _admission.Refused.Snapshot();

        public long RefusedCount => _admission.Refused.TotalCount;

        public ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken = default) => _admission.AcceptAsync(cancellationToken);

        /// <summary>The peer's address as quinn sees it; null when it cannot be read.</summary>
        private static unsafe EndPoint? RemoteOf(ConnectionHandle connection)
        {
            var text = stackalloc byte[64];
            if (QuinnNative.tq_conn_remote_address(connection, text, 64, out var length) != QuinnErrors.Ok) return null;
            return IPEndPoint.TryParse(Encoding.ASCII.GetString(text, (int)length), out var remote) ? remote : null;
        }

        private static unsafe int StartAccept(EndpointHandle e, NativeOperation op) => QuinnNative.tq_endpoint_accept(e, NativeOperation.Callback, op.State);

        private static unsafe int StartWaitReleased(EndpointHandle e, NativeOperation op)
            => QuinnNative.tq_endpoint_wait_released(e, (ulong)ReleaseTimeout.TotalMilliseconds, NativeOperation.Callback, op.State);

        public async ValueTask DisposeAsync()
        {
            await _admission.DisposeAsync().ConfigureAwait(false);
            // quinn closes the socket when its endpoint driver ends: after the last handle is freed (ours here, each
            // connection's on its dispose) and the closed connections have drained. tq_endpoint_close returns long
            // before that, so a listener bound again to the same port right after failed with "address in use".
            Task<long> released;
            try
            {
                QuinnNative.tq_endpoint_close(endpoint, QuicErrorCodes.NoError);
                released = NativeCalls.RunAsync(endpoint, StartWaitReleased, $"quic close on {localEndPoint}", static _ => { }, CancellationToken.None);
            }
            catch (ObjectDisposedException)
            {
                return; // disposed twice
            }
            endpoint.Dispose(); // the wait holds no reference: freeing our handle lets the driver end
            try
            {
                await released.ConfigureAwait(false); // 0: timed out (a connection still open); nothing more to do
            }
            catch (TransportException)
            {
                // the wait could not start: the port may stay bound until the endpoint's connections go
            }
        }
    }
}
