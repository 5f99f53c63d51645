using System.Net;
using System.Net.Sockets;
using System.Text;
using Transports.Abstractions;
using Transports.Abstractions.Tls;

namespace Transports.Quic.Quinn;

/// <summary>
/// The quinn backend of <c>quic</c> (bidirectional streams) and <c>quic-dgram</c> (DATAGRAM frames): each
/// listener is one server endpoint (one UDP socket) with the run's certificate (<see cref="QuicCertificates"/>); each
/// connect uses its own client endpoint, which accepts only the pinned server certificate (native/src/pin.rs).
/// </summary>
internal sealed class QuinnTransport : ITransport
{
    private static readonly byte[] AlpnBytes = Encoding.ASCII.GetBytes(QuicTransportOptions.Alpn);
    private readonly QuicTransportOptions _options;
    private readonly bool _datagrams;
    private readonly QuinnConfig _config;
    private readonly QuicCertificates _certificates;

    public QuinnTransport(string name, bool datagrams, QuicTransportOptions options, TransportCapabilities capabilities)
    {
        Name = name;
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
            MaxConcurrentBidiStreams = datagrams ? 0u : 1024u,
        };
        Settings = QuicSettings.Describe("quinn", QuinnLibrary.Version, options, datagrams);
    }

    public string Name { get; }

    public TransportCapabilities Capabilities { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

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
        var any = remoteEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        long handle;
        // The connection keeps its own reference to the endpoint: the handle can go once the connect has started.
        using (var endpoint = CreateEndpoint(new IPEndPoint(any, 0), certificate: null, _certificates.ClientPin))
            handle = await NativeCalls.RunAsync((endpoint, remoteEndPoint.ToString()), StartConnect, $"quic connect to {remoteEndPoint}",
                static h => new ConnectionHandle(h).Dispose(), cancellationToken).ConfigureAwait(false);
        return await WrapAsync(new ConnectionHandle(handle), client: true, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _certificates.Dispose(); // endpoints hold their own copies of the DER and key
        return ValueTask.CompletedTask;
    }

    private async ValueTask<ITransportConnection> WrapAsync(ConnectionHandle connection, bool client, CancellationToken ct)
    {
        if (_datagrams) return QuinnDatagramConnection.Create(connection, Capabilities);
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
    private sealed class Listener(EndpointHandle endpoint, IPEndPoint localEndPoint, QuinnTransport transport) : ITransportListener
    {
        /// <summary>
        /// Longest wait for the socket on dispose: closed connections drain for 3 PTO (milliseconds on loopback); only
        /// a connection still held open (not yet disposed) keeps the socket longer, and dispose must not hang on it.
        /// </summary>
        private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(3);

        public IPEndPoint LocalEndPoint => localEndPoint;

        public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken = default)
        {
            long handle = await NativeCalls.RunAsync(endpoint, StartAccept,
                $"quic accept on {localEndPoint}", static h => new ConnectionHandle(h).Dispose(), cancellationToken).ConfigureAwait(false);
            return await transport.WrapAsync(new ConnectionHandle(handle), client: false, cancellationToken).ConfigureAwait(false);
        }

        private static unsafe int StartAccept(EndpointHandle e, NativeOperation op) => QuinnNative.tq_endpoint_accept(e, NativeOperation.Callback, op.State);

        private static unsafe int StartWaitReleased(EndpointHandle e, NativeOperation op)
            => QuinnNative.tq_endpoint_wait_released(e, (ulong)ReleaseTimeout.TotalMilliseconds, NativeOperation.Callback, op.State);

        public async ValueTask DisposeAsync()
        {
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
