using System.Net;
using System.Net.Quic;
using System.Net.Security;
using System.Runtime.Versioning;
using Transports.Abstractions;
using Transports.Abstractions.Tls;

namespace Transports.Quic.MsQuic;

/// <summary>
/// The msquic backend of <c>quic</c>: System.Net.Quic (QuicListener / QuicConnection / QuicStream over MsQuic),
/// ALPN <see cref="QuicTransportOptions.Alpn"/>, the run's certificate (<see cref="QuicCertificates"/>), pinned by the
/// client. Congestion control is
/// MsQuic's default (CUBIC): System.Net.Quic offers no choice. No DATAGRAM API, hence no quic-dgram.
/// </summary>
[SupportedOSPlatform("linux"), SupportedOSPlatform("windows"), SupportedOSPlatform("macos")]
internal sealed class MsQuicTransport : ITransport
{
    private static readonly List<SslApplicationProtocol> Protocols = [new(QuicTransportOptions.Alpn)];
    private readonly QuicTransportOptions _options;
    private readonly QuicCertificates _certificates;

    public MsQuicTransport(QuicTransportOptions options, TransportCapabilities capabilities)
    {
        _options = options;
        Capabilities = capabilities;
        _certificates = new QuicCertificates(options);
        Settings = QuicSettings.Describe("msquic", $"System.Net.Quic {Environment.Version}", options, datagrams: false);
    }

    public string Name => "quic";

    public TransportCapabilities Capabilities { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public async ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default)
    {
        var serverOptions = new QuicServerConnectionOptions
        {
            DefaultStreamErrorCode = QuicErrorCodes.Aborted,
            DefaultCloseErrorCode = QuicErrorCodes.NoError,
            IdleTimeout = TimeSpan.FromMilliseconds(_options.IdleTimeoutMs),
            MaxInboundBidirectionalStreams = 1024,
            MaxInboundUnidirectionalStreams = 0,
            ServerAuthenticationOptions = new SslServerAuthenticationOptions
            {
                ApplicationProtocols = Protocols,
                ServerCertificate = _certificates.Server.Certificate,
            },
        };
        try
        {
            var listener = await QuicListener.ListenAsync(new QuicListenerOptions
            {
                ListenEndPoint = localEndPoint,
                ApplicationProtocols = Protocols,
                ConnectionOptionsCallback = (_, _, _) => ValueTask.FromResult(serverOptions),
            }, cancellationToken).ConfigureAwait(false);
            return new Listener(listener, this);
        }
        catch (QuicException e)
        {
            throw MsQuicErrors.Translate(e, $"quic listen on {localEndPoint}");
        }
    }

    public async ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default)
    {
        QuicConnection connection;
        var handshake = new PinnedHandshake(_certificates.ClientPin, $"quic connect to {remoteEndPoint}");
        try
        {
            connection = await QuicConnection.ConnectAsync(new QuicClientConnectionOptions
            {
                RemoteEndPoint = remoteEndPoint,
                DefaultStreamErrorCode = QuicErrorCodes.Aborted,
                DefaultCloseErrorCode = QuicErrorCodes.NoError,
                IdleTimeout = TimeSpan.FromMilliseconds(_options.IdleTimeoutMs),
                MaxInboundBidirectionalStreams = 1024,
                MaxInboundUnidirectionalStreams = 0,
                ClientAuthenticationOptions = new SslClientAuthenticationOptions
                {
                    ApplicationProtocols = Protocols,
                    TargetHost = "localhost",
                    // The run's own self-signed certificate: no chain to build, the pin decides (docs/QUIC.md). A wrong
                    // certificate is refused with a TransportException (AuthenticationFailed) naming both fingerprints.
                    RemoteCertificateValidationCallback = handshake.Callback,
                },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (handshake.RefusalFor(e) is { } refused)
        {
            throw refused; // System.Net.Quic may rethrow the callback's exception or report the failed handshake its own way
        }
        catch (QuicException e)
        {
            throw MsQuicErrors.Translate(e, $"quic connect to {remoteEndPoint}");
        }
        return await MsQuicConnection.StartAsync(connection, client: true, Capabilities, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _certificates.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Listener(QuicListener listener, MsQuicTransport transport) : ITransportListener
    {
        public IPEndPoint LocalEndPoint => listener.LocalEndPoint;

        public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken = default)
        {
            QuicConnection connection;
            try
            {
                connection = await listener.AcceptConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (QuicException e)
            {
                throw MsQuicErrors.Translate(e, $"quic accept on {LocalEndPoint}");
            }
            return await MsQuicConnection.StartAsync(connection, client: false, transport.Capabilities, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => listener.DisposeAsync();
    }
}
