using System.Net.Quic;
using System.Runtime.Versioning;
using Transports.Abstractions;

namespace Transports.Quic.MsQuic;

/// <summary>A QUIC connection over System.Net.Quic whose first bidirectional stream is the connection's byte stream.</summary>
[SupportedOSPlatform("linux"), SupportedOSPlatform("windows"), SupportedOSPlatform("macos")]
internal sealed class MsQuicConnection : IMultiplexedTransportConnection
{
    private readonly QuicConnection _connection;
    private MsQuicStream? _primary;

    private MsQuicConnection(QuicConnection connection, TransportCapabilities capabilities)
    {
        _connection = connection;
        Capabilities = capabilities;
    }

    public TransportCapabilities Capabilities { get; }

    private MsQuicStream Primary => _primary ?? throw new InvalidOperationException("quic: connection not established");

    /// <summary>Wraps <paramref name="connection"/> (owned) and opens (client) or accepts (server) its first stream.</summary>
    public static async ValueTask<MsQuicConnection> StartAsync(QuicConnection connection, bool client, TransportCapabilities capabilities, CancellationToken ct)
    {
        var c = new MsQuicConnection(connection, capabilities);
        try
        {
            c._primary = (MsQuicStream)(client ? await c.OpenStreamAsync(ct).ConfigureAwait(false) : await c.AcceptStreamAsync(ct).ConfigureAwait(false));
            return c;
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<ITransportConnection> OpenStreamAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var quicStream = await _connection.OpenOutboundStreamAsync(QuicStreamType.Bidirectional, cancellationToken).ConfigureAwait(false);
            var stream = new MsQuicStream(quicStream, _connection, _primary is null, Capabilities);
            await stream.WritePrefaceAsync(cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch (QuicException e)
        {
            throw MsQuicErrors.Translate(e, "quic open stream");
        }
    }

    public async ValueTask<ITransportConnection> AcceptStreamAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var quicStream = await _connection.AcceptInboundStreamAsync(cancellationToken).ConfigureAwait(false);
            var stream = new MsQuicStream(quicStream, _connection, _primary is null, Capabilities);
            await stream.ReadPrefaceAsync(cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch (QuicException e)
        {
            throw MsQuicErrors.Translate(e, "quic accept stream");
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => Primary.SendAsync(payload, cancellationToken);

    public ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => Primary.ReceiveAsync(buffer, cancellationToken);

    public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default) => Primary.CompleteSendAsync(cancellationToken);

    public void Abort() => Primary.Abort();

    public async ValueTask DisposeAsync()
    {
        if (_primary is not null) await _primary.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
