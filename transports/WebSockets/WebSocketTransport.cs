using System.Net;
using System.Net.WebSockets;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Abstractions.Tls;
using System.Net.Security;
using System.Security.Authentication;

namespace Transports.WebSockets;

/// <summary>
/// WebSocket (RFC 6455) over cleartext HTTP/1.1 upgrade: reliable, ordered binary messages. The server side is a
/// Kestrel host bound to the listen endpoint; the client is <see cref="ClientWebSocket"/>. Keep-alive pings are
/// off on both sides so they do not disturb measurements. Orderly close is the close handshake (1000), abortive
/// close drops the TCP connection without it.
/// </summary>
/// <remarks>
/// With TLS (<see cref="WebSocketTls"/>) it is <c>wss</c>: the same transport over HTTPS, TLS 1.3 only; Kestrel presents
/// the run's certificate, the client accepts exactly that certificate (<see cref="CertificatePin"/>), and both ends'
/// connections tell what the handshake negotiated (<see cref="ISecureConnection"/>).
/// </remarks>
public sealed class WebSocketTransport : ITransport
{
    /// <summary>The request path the server accepts WebSockets on.</summary>
    public const string Path = "/ws";

    /// <summary>The upgrade request header carrying this run's token as hex (<see cref="RunMembership.TokenHex"/>).</summary>
    public const string RunTokenHeader = "Transports-Run-Token";

    private readonly WebSocketTransportOptions _options;
    private readonly WebSocketTls? _tls;

    /// <summary>Creates the transport.</summary>
    /// <param name="options">Message and buffer sizes.</param>
    /// <param name="membership">The run this transport belongs to; null makes a new one (a fresh random token).</param>
    public WebSocketTransport(WebSocketTransportOptions options, RunMembership? membership = null) : this(options, membership, null)
    {
    }

    /// <summary>Creates the transport, over TLS (wss) when <paramref name="tls"/> is given.</summary>
    /// <param name="options">Message and buffer sizes.</param>
    /// <param name="membership">The run this transport belongs to; null makes a new one (a fresh random token).</param>
    /// <param name="tls">The server certificate and client pin; null = cleartext (ws).</param>
    public WebSocketTransport(WebSocketTransportOptions options, RunMembership? membership, WebSocketTls? tls)
    {
        _options = options;
        _tls = tls;
        Membership = membership ?? RunMembership.Create();
        Capabilities = new TransportCapabilities(
            TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.MessageBoundaries | TransportFeatures.OrderlyClose
            | (tls is null ? TransportFeatures.None : TransportFeatures.Encrypted),
            options.MaxMessageBytes);
        var settings = new Dictionary<string, string>
        {
            ["max_message_bytes"] = options.MaxMessageBytes.ToString(),
            ["client_buffer_bytes"] = options.ClientBufferBytes.ToString(),
            ["server"] = "kestrel",
            ["client"] = "System.Net.WebSockets.ClientWebSocket",
            ["keep_alive"] = "off",
            ["compression"] = "off",
        };
        foreach (var (key, value) in Transports.Kestrel.KestrelServerTuning.Settings) settings[key] = value;
        if (tls is not null)
        {
            settings["tls"] = "TLS 1.3 only (Kestrel HTTPS, SocketsHttpHandler)";
            settings["tls_server_cert_pinned"] = "true";
            settings["tls_resume"] = tls.AllowResume ? "true" : "false";
        }
        Settings = settings;
    }

    /// <inheritdoc />
    public string Name => _tls is null ? "ws" : "wss";

    /// <inheritdoc />
    public TransportCapabilities Capabilities { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc />
    public RunMembership Membership { get; }

    /// <inheritdoc />
    public async ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default)
        => await WebSocketListener.StartAsync(localEndPoint, Capabilities, Membership, _tls?.Certificate, Name, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetBuffer(_options.ClientBufferBytes, _options.ClientBufferBytes);
        socket.Options.SetRequestHeader(RunTokenHeader, Membership.TokenHex);
        var host = remoteEndPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{remoteEndPoint.Address}]" : remoteEndPoint.Address.ToString();
        var uri = new Uri($"{(_tls is null ? "ws" : "wss")}://{host}:{remoteEndPoint.Port}{Path}");
        // wss: a handler of its own per connection, whose TLS accepts only the pinned certificate and shows its SslStream
        var client = _tls is null ? null : new PinnedClient(_tls, $"wss TLS handshake with {remoteEndPoint}");
        try
        {
            if (client is null) await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
            else await socket.ConnectAsync(uri, client.Invoker, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (client?.Handshake.RefusalFor(e) is { } refusal)
        {
            socket.Dispose();
            client.Dispose();
            throw refusal;
        }
        catch (WebSocketException e)
        {
            socket.Dispose();
            client?.Dispose();
            var refused = e.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };
            throw new TransportException(refused ? TransportError.ConnectionRefused : TransportError.ProtocolError,
                $"{Name} connect to {remoteEndPoint}: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            client?.Dispose();
            throw;
        }
        if (client is null) return new WebSocketConnection(socket, Capabilities, onDisposed: null);
        var session = client.Session ?? throw new TransportException(TransportError.ProtocolError, $"wss connect to {remoteEndPoint}: the connection was not TLS");
        return new SecureWebSocketConnection(socket, Capabilities, client.Dispose, session);
    }

    /// <summary>
    /// The HTTP client side of one wss connection: TLS 1.3 only, the pinned certificate only, SNI "localhost" like tcp-tls
    /// and quic (the pin decides, not the name; without a name .NET's client would never resume), and the negotiated
    /// session, resumption included (<see cref="HttpClientTls"/>).
    /// </summary>
    private sealed class PinnedClient : IDisposable
    {
        public PinnedClient(WebSocketTls tls, string context)
        {
            Handshake = new PinnedHandshake(tls.ClientPin, context);
            var handler = new SocketsHttpHandler
            {
                UseProxy = false,
                UseCookies = false,
                SslOptions = new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    EnabledSslProtocols = SslProtocols.Tls13,
                    RemoteCertificateValidationCallback = Handshake.Callback,
                },
            };
            HttpClientTls.Observe(handler, tls.AllowResume, tls.Resumption, session => Session = session);
            Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
        }

        public PinnedHandshake Handshake { get; }

        public HttpMessageInvoker Invoker { get; }

        public TlsSessionInfo? Session { get; private set; }

        public void Dispose() => Invoker.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _tls?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The TLS side of a wss transport: the certificate its listeners present (the run's, or one made on first use) and the
/// pin its clients accept (the handed-over one, or that certificate's).
/// </summary>
public sealed class WebSocketTls : IDisposable
{
    private readonly Lazy<RunCertificate> _certificate;
    private readonly bool _ownsCertificate;
    private readonly CertificatePin? _pin;

    /// <summary>From a run identity (two-host mode hands over the certificate on the serving side, its pin on the client side).</summary>
    /// <param name="identity">The run's identity; what it lacks is made here.</param>
    /// <param name="allowResume">Whether clients may resume earlier TLS sessions (<see cref="TlsResumeOption"/>).</param>
    public WebSocketTls(RunIdentity identity, bool allowResume = true)
    {
        AllowResume = allowResume;
        ArgumentNullException.ThrowIfNull(identity);
        _ownsCertificate = identity.ServerCertificate is null;
        _certificate = identity.ServerCertificate is { } given ? new Lazy<RunCertificate>(given) : new Lazy<RunCertificate>(RunCertificate.Create);
        _pin = identity.ServerCertificatePin;
    }

    /// <summary>The certificate listeners present.</summary>
    public RunCertificate Certificate => _certificate.Value;

    /// <summary>Whether clients may resume earlier TLS sessions (session tickets, RFC 8446 §2.2).</summary>
    public bool AllowResume { get; }

    /// <summary>Tells resumed from full handshakes across this transport's client connections.</summary>
    public TlsResumption Resumption { get; } = new();

    /// <summary>The one certificate clients accept.</summary>
    public CertificatePin ClientPin => _pin ?? _certificate.Value.Pin;

    /// <summary>Disposes the certificate when it was made here.</summary>
    public void Dispose()
    {
        if (_ownsCertificate && _certificate.IsValueCreated) _certificate.Value.Dispose();
    }
}
