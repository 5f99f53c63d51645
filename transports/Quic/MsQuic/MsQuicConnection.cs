using System.Net.Quic;
using System.Runtime.Versioning;
using Transports.Abstractions;
using Transports.Abstractions.Tls;

namespace Transports.Quic.MsQuic;

/// <summary>A QUIC connection over System.Net.Quic whose first bidirectional stream is the connection's byte stream.</summary>
[SupportedOSPlatform("linux"), SupportedOSPlatform("windows"), SupportedOSPlatform("macos")]
internal sealed class MsQuicConnection : QuicStreamConnectionBase
{
    private readonly QuicConnection _connection;

    private MsQuicConnection(QuicConnection connection, TransportCapabilities capabilities) : base(capabilities) => _connection = connection;

    /// <summary>Wraps <paramref name="connection"/> (owned) and opens (client) or accepts (server) its first stream.</summary>
    public static async ValueTask<MsQuicConnection> StartAsync(QuicConnection connection, bool client, TransportCapabilities capabilities, CancellationToken ct)
    {
        var c = new MsQuicConnection(connection, capabilities);
        await c.StartFirstStreamAsync(client, ct).ConfigureAwait(false);
        return c;
    }

    /// <inheritdoc />
    public override TlsSessionInfo Tls => SslStreamSession.Of(_connection.SslProtocol, _connection.NegotiatedCipherSuite, _connection.NegotiatedApplicationProtocol);

    public override async ValueTask<ITransportConnection> OpenStreamAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var quicStream = await _connection.OpenOutboundStreamAsync(QuicStreamType.Bidirectional, cancellationToken).ConfigureAwait(false);
            var stream = new MsQuicStream(quicStream, _connection, !HasFirstStream, Capabilities);
            await stream.WritePrefaceAsync(cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch (QuicException e)
        {
            throw MsQuicErrors.Translate(e, "quic open stream");
        }
    }

    public override async ValueTask<ITransportConnection> AcceptStreamAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var quicStream = await _connection.AcceptInboundStreamAsync(cancellationToken).ConfigureAwait(false);
            var stream = new MsQuicStream(quicStream, _connection, !HasFirstStream, Capabilities);
            await stream.ReadPrefaceAsync(cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch (QuicException e)
        {
            throw MsQuicErrors.Translate(e, "quic accept stream");
        }
    }

    protected override ValueTask DisposeConnectionAsync() => _connection.DisposeAsync();
}
