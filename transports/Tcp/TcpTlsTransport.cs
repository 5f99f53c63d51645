using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Abstractions.Tls;

namespace Transports.Tcp;

/// <summary>
/// <c>tcp-tls</c>: TLS 1.3 (RFC 8446) over the tcp transport's sockets (<see cref="TcpSockets"/>: the same
/// TCP_NODELAY, buffers and congestion controller, set by the same <c>-tcp-…</c> options), through
/// <see cref="SslStream"/> (OpenSSL on Linux). A reliable, ordered, encrypted byte stream, the encrypted twin of tcp for
/// like-for-like comparisons with quic. The server presents the run's certificate (<see cref="RunCertificate"/>); the
/// client accepts exactly that certificate (<see cref="CertificatePin"/>) and nothing else. The run hello
/// (<see cref="RunHello"/>, 24 bytes) is the first application data inside TLS; the listener hands out only connections
/// whose handshake and hello succeed and records every other peer (<see cref="ITransportListener.Refused"/>).
/// </summary>
public sealed class TcpTlsTransport : ITransport
{
    /// <summary>The name of the transport.</summary>
    public const string TransportName = "tcp-tls";

    private readonly TcpTransportOptions _options;
    private readonly Lazy<RunCertificate> _certificate;
    private readonly bool _ownsCertificate;
    private readonly CertificatePin? _serverPin;
    private readonly bool _allowResume;
    private readonly TlsResumption _resumption = new();

    /// <summary>Creates the transport.</summary>
    /// <param name="options">Socket settings (shared with tcp).</param>
    /// <param name="identity">The run's membership, the certificate its listeners present and the pin its clients accept;
    /// what is missing the transport makes itself (one process: both ends share this instance).</param>
    /// <param name="allowResume">Whether the client may resume earlier sessions (<see cref="TlsResumeOption"/>); the
    /// server always accepts resumption.</param>
    public TcpTlsTransport(TcpTransportOptions options, RunIdentity? identity = null, bool allowResume = true)
    {
        _allowResume = allowResume;
        identity ??= RunIdentity.Own;
        _options = options;
        Membership = identity.Membership ?? RunMembership.Create();
        _ownsCertificate = identity.ServerCertificate is null;
        _certificate = identity.ServerCertificate is { } given ? new Lazy<RunCertificate>(given) : new Lazy<RunCertificate>(RunCertificate.Create);
        _serverPin = identity.ServerCertificatePin;
        var settings = TcpSockets.Settings(options);
        settings["tls"] = "TLS 1.3 only (SslStream)";
        settings["tls_server_cert_pinned"] = "true";
        settings["tls_resume"] = allowResume ? "true" : "false";
        Settings = settings;
    }

    /// <inheritdoc />
    public string Name => TransportName;

    /// <inheritdoc />
    public TransportCapabilities Capabilities { get; } = new(
        TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.OrderlyClose | TransportFeatures.Encrypted, null);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc />
    public RunMembership Membership { get; }

    /// <summary>What the client accepts: the handed-over pin, else the pin of this transport's own certificate.</summary>
    private CertificatePin ServerPin => _serverPin ?? _certificate.Value.Pin;

    /// <inheritdoc />
    public ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default)
    {
        var certificate = _certificate.Value; // made before the first accept, not during a peer's handshake
        var server = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate.Certificate, null, offline: true),
            EnabledSslProtocols = SslProtocols.Tls13,
            ClientCertificateRequired = false,
        };
        var socket = TcpSockets.Listen(localEndPoint, _options, TransportName);
        return ValueTask.FromResult<ITransportListener>(new TcpMemberListener(socket, TransportName, async (accepted, ct) =>
        {
            accepted.NoDelay = _options.NoDelay;
            var ssl = new SslStream(new NetworkStream(accepted, ownsSocket: false), leaveInnerStreamOpen: false);
            try
            {
                // A peer that does not complete a TLS 1.3 handshake with this certificate throws here: refused as not a
                // hello (MemberAdmission), like a plaintext stranger of tcp.
                await ssl.AuthenticateAsServerAsync(server, ct).ConfigureAwait(false);
                var verdict = await Membership.ReadAndCheckAsync((m, c) => ssl.ReadAsync(m, c), ct).ConfigureAwait(false);
                if (verdict != MembershipVerdict.Member)
                {
                    await ssl.DisposeAsync().ConfigureAwait(false);
                    return new(verdict, null);
                }
                // The server cannot tell a resumed handshake from its SslStream: Resumed stays unknown on this side.
                return new(verdict, new TcpTlsConnection(ssl, accepted, Capabilities, SslStreamSession.Of(ssl)));
            }
            catch
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }));
    }

    /// <inheritdoc />
    /// <exception cref="TransportException"><see cref="TransportError.AuthenticationFailed"/> when the server presents
    /// another certificate than the pinned one (the message names both fingerprints) or the handshake fails;
    /// <see cref="TransportError.ConnectionRefused"/> when nobody listens.</exception>
    public async ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default)
    {
        string context = $"{TransportName} connect to {remoteEndPoint}";
        var socket = await TcpSockets.ConnectAsync(remoteEndPoint, _options, TransportName, cancellationToken).ConfigureAwait(false);
        var flight = new HandshakeFlightCounter(new NetworkStream(socket, ownsSocket: true));
        var ssl = new SslStream(flight, leaveInnerStreamOpen: false);
        var handshake = new PinnedHandshake(ServerPin, $"{TransportName} TLS handshake with {remoteEndPoint}");
        TlsSessionInfo tls;
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost", // SNI; the pin decides, not the name
                EnabledSslProtocols = SslProtocols.Tls13,
                RemoteCertificateValidationCallback = handshake.Callback,
                AllowTlsResume = _allowResume,
            }, cancellationToken).ConfigureAwait(false);
            long flightBytes = flight.StopCounting();
            bool resumed = _resumption.Resumed(flightBytes, ssl.RemoteCertificate?.GetRawCertData().Length ?? 1);
            tls = SslStreamSession.Of(ssl) with { Resumed = _allowResume && resumed };
            await ssl.WriteAsync(Membership.Hello, cancellationToken).ConfigureAwait(false); // one record
            await ssl.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (handshake.RefusalFor(e) is { } refusal)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw refusal;
        }
        catch (Exception e) when (TlsStreamErrors.TryTranslate(e, context, out var t))
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw t;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new TcpTlsConnection(ssl, socket, Capabilities, tls);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_ownsCertificate && _certificate.IsValueCreated) _certificate.Value.Dispose();
        return ValueTask.CompletedTask;
    }
}
