using System.Net;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Abstractions.Tls;
using Transports.Results;

namespace Transports.Harness.Running;

/// <summary>
/// Hands a transport to the scenarios unchanged but notes what the TLS handshake of the first encrypted client connection
/// negotiated (<see cref="ISecureConnection"/>), so the result can name the protocol version, cipher suite and ALPN.
/// The client's connection is always in this process, also in two-host mode.
/// </summary>
/// <param name="inner">The transport; not disposed here (its owner disposes it).</param>
internal sealed class TlsRecordingTransport(ITransport inner) : ITransport
{
    private TlsSessionInfo? _session;

    public string Name => inner.Name;

    public TransportCapabilities Capabilities => inner.Capabilities;

    public IReadOnlyDictionary<string, string> Settings => inner.Settings;

    public RunMembership? Membership => inner.Membership;

    public ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default)
        => inner.ListenAsync(localEndPoint, cancellationToken);

    public async ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default)
    {
        var connection = await inner.ConnectAsync(remoteEndPoint, options, cancellationToken).ConfigureAwait(false);
        if (_session is null && connection is ISecureConnection secure) _session = secure.Tls;
        return connection;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The first encrypted connection's session as a results record; null when there was none.</summary>
    public TlsRecord? Record() => _session is { } s
        ? new TlsRecord { Protocol = s.Protocol, CipherSuite = s.CipherSuite, Alpn = s.Alpn, Resumed = s.Resumed, EarlyData = s.EarlyData }
        : null;
}
