using Transports.Abstractions;
using Transports.Abstractions.Tls;

namespace Transports.Quic;

/// <summary>
/// A <c>quic</c> connection of either backend: its first bidirectional stream is the connection's byte stream
/// (send, receive, FIN and abort go to it); <see cref="OpenStreamAsync"/> / <see cref="AcceptStreamAsync"/> add more.
/// </summary>
internal abstract class QuicStreamConnectionBase(TransportCapabilities capabilities) : IMultiplexedTransportConnection, ISecureConnection
{
    /// <inheritdoc />
    public abstract TlsSessionInfo Tls { get; }

    private ITransportConnection? _primary;

    public TransportCapabilities Capabilities => capabilities;

    /// <summary>True once the first stream exists; streams made before it are the first stream.</summary>
    protected bool HasFirstStream => _primary is not null;

    private ITransportConnection Primary => _primary ?? throw new InvalidOperationException("quic: connection not established");

    /// <summary>Opens (client: writes the preface) or accepts (server: checks it) the first stream; disposes this connection on failure.</summary>
    protected async ValueTask StartFirstStreamAsync(bool client, CancellationToken ct)
    {
        try
        {
            _primary = client ? await OpenStreamAsync(ct).ConfigureAwait(false) : await AcceptStreamAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public abstract ValueTask<ITransportConnection> OpenStreamAsync(CancellationToken cancellationToken = default);

    public abstract ValueTask<ITransportConnection> AcceptStreamAsync(CancellationToken cancellationToken = default);

    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => Primary.SendAsync(payload, cancellationToken);

    public ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => Primary.ReceiveAsync(buffer, cancellationToken);

    public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default) => Primary.CompleteSendAsync(cancellationToken);

    public void Abort() => Primary.Abort();

    public virtual IReadOnlyDictionary<string, double> GetStatistics() => Primary.GetStatistics();

    public async ValueTask DisposeAsync()
    {
        if (_primary is not null) await _primary.DisposeAsync().ConfigureAwait(false);
        await DisposeConnectionAsync().ConfigureAwait(false);
    }

    /// <summary>Closes and frees the connection itself (after the first stream was disposed).</summary>
    protected abstract ValueTask DisposeConnectionAsync();
}
