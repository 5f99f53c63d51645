using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Transports.Abstractions;
using Transports.Grpc.Client;
using Transports.Grpc.Protos;
using Transports.Grpc.Server;
using Transports.Grpc.Tls;
using Transports.Grpc.Wire;

namespace Transports.Grpc;

/// <summary>
/// gRPC over HTTP/2 (grpc/doc/PROTOCOL-HTTP2.md): each connection is one call of <c>transports.bench.v1.Bench</c>,
/// chosen by <see cref="ConnectOptions.Direction"/>: ClientToServer → Upload (client streaming), ServerToClient →
/// Download (server streaming), Bidirectional → Exchange. One <see cref="ITransportConnection.SendAsync"/> is one
/// gRPC message (a serialized <c>Chunk</c> is what peers see; the payload is carried as the length-prefixed message).
/// Server: Kestrel; client: SocketsHttpHandler; wire code: <c>Wire/</c> (replaceable by Grpc.AspNetCore/Grpc.Net.Client).
/// </summary>
/// <remarks>
/// The client shares one HTTP/2 connection per transport instance and server endpoint (like a gRPC channel); every
/// <see cref="ConnectAsync"/> opens a new HTTP/2 stream on it.
/// </remarks>
public sealed class GrpcTransport : ITransport
{
    /// <summary>SocketsHttpHandler's largest allowed initial stream window (its dynamic window also stops there), 16 MiB.</summary>
    public const int ClientMaxStreamWindowBytes = 16 << 20;

    private readonly GrpcTransportOptions _options;
    private readonly Lazy<X509Certificate2>? _certificate;
    private readonly SocketsHttpHandler _handler;
    private readonly HttpMessageInvoker _client;

    /// <summary>Creates the transport.</summary>
    /// <param name="options">Settings; see <see cref="GrpcTransportOptions"/>.</param>
    public GrpcTransport(GrpcTransportOptions options)
    {
        _options = options;
        var features = TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.MessageBoundaries | TransportFeatures.OrderlyClose;
        if (options.Tls)
        {
            features |= TransportFeatures.Encrypted;
            _certificate = new Lazy<X509Certificate2>(SelfSignedCertificate.Create);
        }
        Capabilities = new TransportCapabilities(features, options.MaxMessageBytes);
        int clientWindow = Math.Min(options.EffectiveStreamWindowBytes, ClientMaxStreamWindowBytes);
        _handler = new SocketsHttpHandler
        {
            InitialHttp2StreamWindowSize = clientWindow,
            EnableMultipleHttp2Connections = false,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                ApplicationProtocols = [SslApplicationProtocol.Http2],
                // A benchmark on loopback: the server's certificate is self-signed and made in-process. Encryption, no authentication.
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
            },
        };
        _client = new HttpMessageInvoker(_handler, disposeHandler: true);
        var settings = new Dictionary<string, string>
        {
            ["tls"] = options.Tls ? "true" : "false",
            ["http"] = options.Tls ? "h2 (TLS, ALPN h2)" : "h2c (prior knowledge)",
            ["max_message_bytes"] = options.MaxMessageBytes.ToString(CultureInfo.InvariantCulture),
            ["stream_window_bytes"] = options.EffectiveStreamWindowBytes.ToString(CultureInfo.InvariantCulture),
            ["client_stream_window_bytes"] = clientWindow.ToString(CultureInfo.InvariantCulture),
            ["connection_window_bytes"] = options.EffectiveConnectionWindowBytes.ToString(CultureInfo.InvariantCulture),
            ["max_frame_bytes"] = options.MaxFrameBytes.ToString(CultureInfo.InvariantCulture),
            ["client_window_autotuning"] = "SocketsHttpHandler dynamic window (BDP), up to 16 MiB",
            ["server"] = $"Kestrel {typeof(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions).Assembly.GetName().Version}",
            ["client"] = $"SocketsHttpHandler (.NET {Environment.Version})",
            ["wire"] = "Transports.Grpc.Wire (PROTOCOL-HTTP2), Google.Protobuf " + typeof(Google.Protobuf.ByteString).Assembly.GetName().Version,
        };
        foreach (var (key, value) in Transports.Kestrel.KestrelServerTuning.Settings) settings[key] = value;
        Settings = settings;
    }

    /// <inheritdoc />
    public string Name => "grpc";

    /// <summary>The in-process self-signed server certificate when TLS is on (tests hand it to peers as their trust root).</summary>
    internal X509Certificate2? ServerCertificate => _certificate?.Value;

    /// <inheritdoc />
    public TransportCapabilities Capabilities { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc />
    public async ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default)
        => await GrpcServerHost.StartAsync(localEndPoint, _options, Capabilities, _certificate?.Value, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default)
        => await ConnectCallAsync(remoteEndPoint, KindOf(options.Direction), null, cancellationToken).ConfigureAwait(false);

    /// <summary>Starts one call of <paramref name="kind"/> (for interop tests that choose the call and the Download request).</summary>
    /// <param name="remoteEndPoint">The server.</param>
    /// <param name="kind">Upload, Download or Exchange.</param>
    /// <param name="downloadRequest">The request of a Download call; null sends an empty one.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <exception cref="TransportException">Refused, or the server answered with an error status.</exception>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is Echo.</exception>
    public async ValueTask<IGrpcCall> ConnectCallAsync(IPEndPoint remoteEndPoint, GrpcCallKind kind, DownloadRequest? downloadRequest,
        CancellationToken cancellationToken = default)
    {
        if (kind == GrpcCallKind.Echo) throw new ArgumentException("Echo is unary, not a streaming connection", nameof(kind));
        return await GrpcClientCall.StartAsync(_client, BaseUri(remoteEndPoint), kind, downloadRequest, _options.MaxMessageBytes, Capabilities, cancellationToken)
            .ConfigureAwait(false);
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
        _client.Dispose();
        if (_certificate is { IsValueCreated: true }) _certificate.Value.Dispose();
        return ValueTask.CompletedTask;
    }

    private Uri BaseUri(IPEndPoint endPoint)
    {
        var host = endPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]" : endPoint.Address.ToString();
        return new Uri($"{(_options.Tls ? "https" : "http")}://{host}:{endPoint.Port}/");
    }
}
