using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using Grpc.Net.Client;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Grpc.Calls;
using Transports.Grpc.Client;
using Transports.Grpc.Protos;
using Transports.Grpc.Server;
using Transports.Abstractions.Tls;

namespace Transports.Grpc;

/// <summary>
/// gRPC over HTTP/2 (grpc/doc/PROTOCOL-HTTP2.md) on the libraries a .NET service deploys: a Grpc.AspNetCore service on
/// Kestrel (server) and a Grpc.Net.Client <see cref="GrpcChannel"/> on SocketsHttpHandler (client). Each connection is
/// one call of <c>transports.bench.v1.Bench</c>, chosen by <see cref="ConnectOptions.Direction"/>: ClientToServer →
/// Upload (client streaming), ServerToClient → Download (server streaming), Bidirectional → Exchange. One
/// <see cref="ITransportConnection.SendAsync"/> is one gRPC message, a <c>Chunk</c> whose <c>data</c> is the payload.
/// </summary>
/// <remarks>
/// The client keeps one channel per server endpoint, all on one SocketsHttpHandler (one HTTP/2 connection per
/// server); every <see cref="ConnectAsync"/> is a new call, an HTTP/2 stream on it.
/// </remarks>
public sealed class GrpcTransport : ITransport
{
    /// <summary>SocketsHttpHandler's largest allowed initial stream window (its dynamic window also stops there), 16 MiB.</summary>
    public const int ClientMaxStreamWindowBytes = 16 << 20;

    private readonly GrpcTransportOptions _options;
    private readonly Lazy<RunCertificate>? _certificate;
    private readonly HttpMessageHandler _handler;
    private readonly BenchMethods _methods;
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new();
    private volatile TlsSessionInfo? _session;

    /// <summary>Creates the transport.</summary>
    /// <param name="options">Settings; see <see cref="GrpcTransportOptions"/>.</param>
    /// <param name="membership">The run this transport belongs to (its token goes in every call's metadata, its server
    /// serves only such calls); null makes a new one (a fresh random token).</param>
    public GrpcTransport(GrpcTransportOptions options, RunMembership? membership = null)
    {
        _options = options;
        Membership = membership ?? RunMembership.Create();
        var features = TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.MessageBoundaries | TransportFeatures.OrderlyClose;
        if (options.Tls)
        {
            features |= TransportFeatures.Encrypted;
            _certificate = options.Certificate is { } given ? new Lazy<RunCertificate>(given) : new Lazy<RunCertificate>(RunCertificate.Create);
        }
        Capabilities = new TransportCapabilities(features, options.MaxMessageBytes);
        _methods = new BenchMethods(options.EffectiveMarshaller);
        bool tuned = options.Profile == GrpcProfile.Tuned;
        int clientWindow = Math.Min(options.EffectiveStreamWindowBytes, ClientMaxStreamWindowBytes);
        var sockets = new SocketsHttpHandler
        {
            // What GrpcChannel sets on the SocketsHttpHandler it creates itself (defaults), so the two profiles differ
            // only in what "tuned" changes below.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            SslOptions = new SslClientAuthenticationOptions
            {
                // The server's certificate is self-signed, made by this run: no chain to build, the client accepts exactly
                // that certificate (its SHA-256 pin) and refuses any other with a TransportException naming both fingerprints.
                RemoteCertificateValidationCallback = (_, certificate, _, _) => ServerCertificatePin.Verify(certificate, "grpc TLS handshake"),
            },
            // after a TLS handshake the HTTP/2 stream is the SslStream: note what it negotiated (ISecureConnection)
            PlaintextStreamFilter = (filter, _) =>
            {
                if (filter.PlaintextStream is SslStream ssl) _session = SslStreamSession.Of(ssl);
                return ValueTask.FromResult(filter.PlaintextStream);
            },
        };
        if (tuned) sockets.InitialHttp2StreamWindowSize = clientWindow;
        _handler = new RequestStartHandler(new RunTokenHandler(sockets, Membership.TokenHex));

        var settings = new Dictionary<string, string>
        {
            ["profile"] = tuned ? "tuned" : "defaults",
            ["marshaller"] = options.EffectiveMarshaller == GrpcMarshaller.Pooled ? "pooled" : "protobuf",
            ["tls"] = options.Tls ? "true" : "false",
            ["tls_server_cert_pinned"] = options.Tls ? "true" : "false",
            ["http"] = options.Tls ? "h2 (TLS, ALPN h2)" : "h2c (prior knowledge)",
            ["max_message_bytes"] = options.MaxMessageBytes.ToString(CultureInfo.InvariantCulture),
            ["server"] = $"Grpc.AspNetCore {Version(typeof(global::Grpc.AspNetCore.Server.GrpcServiceOptions))} on Kestrel {Version(typeof(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions))}",
            ["client"] = $"Grpc.Net.Client {Version(typeof(GrpcChannel))} on SocketsHttpHandler (.NET {Environment.Version})",
            ["messages"] = $"Google.Protobuf {Version(typeof(Google.Protobuf.ByteString))}, generated by Grpc.Tools",
        };
        if (tuned)
        {
            settings["stream_window_bytes"] = options.EffectiveStreamWindowBytes.ToString(CultureInfo.InvariantCulture);
            settings["client_stream_window_bytes"] = clientWindow.ToString(CultureInfo.InvariantCulture);
            settings["connection_window_bytes"] = options.EffectiveConnectionWindowBytes.ToString(CultureInfo.InvariantCulture);
            settings["max_frame_bytes"] = options.MaxFrameBytes.ToString(CultureInfo.InvariantCulture);
            settings["client_window_autotuning"] = "SocketsHttpHandler dynamic window (BDP), up to 16 MiB";
            foreach (var (key, value) in Transports.Kestrel.KestrelServerTuning.Settings) settings[key] = value;
        }
        else
        {
            settings["stream_window_bytes"] = "library default (Kestrel 768 KiB)";
            settings["client_stream_window_bytes"] = "library default (SocketsHttpHandler 64 KiB, growing dynamically up to 16 MiB)";
            settings["connection_window_bytes"] = "library default (Kestrel 1 MiB)";
            settings["max_frame_bytes"] = "library default (16384)";
        }
        Settings = settings;
    }

    /// <inheritdoc />
    public string Name => "grpc";

    /// <summary>The server certificate when TLS is on (tests hand it to peers as their trust root).</summary>
    internal System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate => _certificate?.Value.Certificate;

    /// <summary>
    /// What the client accepts: <see cref="GrpcTransportOptions.ServerCertificatePin"/>, else the pin of this transport's
    /// own certificate (made on first use).
    /// </summary>
    /// <exception cref="TransportException"><see cref="TransportError.AuthenticationFailed"/>: TLS is off, so there is nothing to pin.</exception>
    private CertificatePin ServerCertificatePin => _options.ServerCertificatePin ?? _certificate?.Value.Pin
        ?? throw new TransportException(TransportError.AuthenticationFailed, "grpc: a TLS handshake without -grpc-tls true has no certificate to pin");

    /// <inheritdoc />
    public TransportCapabilities Capabilities { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc />
    public RunMembership Membership { get; }

    /// <inheritdoc />
    public async ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default)
        => await GrpcServerHost.StartAsync(localEndPoint, _options, Capabilities, _certificate?.Value.Certificate, Membership, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default)
        => await ConnectCallAsync(remoteEndPoint, KindOf(options.Direction), null, cancellationToken).ConfigureAwait(false);

    /// <summary>Starts one call of <paramref name="kind"/> (for interop tests that choose the call and the Download request).</summary>
    /// <param name="remoteEndPoint">The server.</param>
    /// <param name="kind">Upload, Download or Exchange.</param>
    /// <param name="downloadRequest">The request of a Download call; null sends an empty one.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>Once the call's request HEADERS are sent.</returns>
    /// <exception cref="TransportException">Refused, or the server answered with an error status.</exception>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is Echo.</exception>
    public async ValueTask<IGrpcCall> ConnectCallAsync(IPEndPoint remoteEndPoint, GrpcCallKind kind, DownloadRequest? downloadRequest,
        CancellationToken cancellationToken = default)
    {
        if (kind == GrpcCallKind.Echo) throw new ArgumentException("Echo is unary, not a streaming connection", nameof(kind));
        var address = BaseAddress(remoteEndPoint);
        var channel = _channels.GetOrAdd(address, static (a, t) => t.CreateChannel(a), this);
        var call = await GrpcClientCall.StartAsync(channel.CreateCallInvoker(), _methods, kind, downloadRequest, _options.MaxMessageBytes, Capabilities,
            $"grpc {kind} call to {remoteEndPoint}", cancellationToken).ConfigureAwait(false);
        // over TLS the call's HTTP/2 connection exists once its HEADERS were sent: its session is known
        return _options.Tls && _session is { } session ? new SecureGrpcCall(call, session) : call;
    }

    /// <summary>The streaming call for a direction: ClientToServer → Upload, ServerToClient → Download, Bidirectional → Exchange.</summary>
    /// <param name="direction">The connection's direction.</param>
    public static GrpcCallKind KindOf(StreamDirection direction) => direction switch
    {
        StreamDirection.ClientToServer => GrpcCallKind.Upload,
        StreamDirection.ServerToClient => GrpcCallKind.Download,
        _ => GrpcCallKind.Exchange,
    };

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Values) channel.Dispose();
        _channels.Clear();
        _handler.Dispose();
        if (_certificate is { IsValueCreated: true } && _options.Certificate is null) _certificate.Value.Dispose();
        return ValueTask.CompletedTask;
    }

    private GrpcChannel CreateChannel(string address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = _handler,
        DisposeHttpClient = false,
        // The payload limit plus the Chunk's field header: RESOURCE_EXHAUSTED beyond it (Grpc.Net.Client's check).
        MaxReceiveMessageSize = _options.MaxMessageBytes + ChunkCodec.MaxHeaderBytes,
        MaxSendMessageSize = null, // the transport checks the payload before sending
    });

    private string BaseAddress(IPEndPoint endPoint)
    {
        var host = endPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]" : endPoint.Address.ToString();
        return $"{(_options.Tls ? "https" : "http")}://{host}:{endPoint.Port}";
    }

    private static string Version(Type type) => type.Assembly.GetName().Version?.ToString() ?? "?";
}
