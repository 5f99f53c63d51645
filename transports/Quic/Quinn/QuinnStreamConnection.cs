using Transports.Abstractions;

namespace Transports.Quic.Quinn;

/// <summary>
/// A QUIC connection of the <c>quic</c> transport over quinn: its first bidirectional stream is the connection's
/// byte stream; more streams are opened and accepted with <see cref="OpenStreamAsync"/> / <see cref="AcceptStreamAsync"/>.
/// Disposing closes the connection (CONNECTION_CLOSE, code 0).
/// </summary>
internal sealed class QuinnStreamConnection : IMultiplexedTransportConnection
{
    private readonly ConnectionHandle _connection;
    private QuinnStream? _primary;

    private QuinnStreamConnection(ConnectionHandle connection, TransportCapabilities capabilities)
    {
        _connection = connection;
        Capabilities = capabilities;
    }

    public TransportCapabilities Capabilities { get; }

    private QuinnStream Primary => _primary ?? throw new InvalidOperationException("quic: connection not established");

    /// <summary>
    /// Wraps <paramref name="connection"/> (owned, disposed on failure) and opens (client: writes the preface) or
    /// accepts (server: checks the preface) its first stream.
    /// </summary>
    public static async ValueTask<QuinnStreamConnection> StartAsync(ConnectionHandle connection, bool client, TransportCapabilities capabilities, CancellationToken ct)
    {
        var c = new QuinnStreamConnection(connection, capabilities);
        try
        {
            c._primary = (QuinnStream)(client ? await c.OpenStreamAsync(ct).ConfigureAwait(false) : await c.AcceptStreamAsync(ct).ConfigureAwait(false));
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
        var stream = await OpenAsync(StartOpen, "quic open stream", cancellationToken).ConfigureAwait(false);
        await WithCleanup(stream, stream.WritePrefaceAsync(cancellationToken)).ConfigureAwait(false);
        return stream;
    }

    public async ValueTask<ITransportConnection> AcceptStreamAsync(CancellationToken cancellationToken = default)
    {
        var stream = await OpenAsync(StartAccept, "quic accept stream", cancellationToken).ConfigureAwait(false);
        await WithCleanup(stream, stream.ReadPrefaceAsync(cancellationToken)).ConfigureAwait(false);
        return stream;
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => Primary.SendAsync(payload, cancellationToken);

    public ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => Primary.ReceiveAsync(buffer, cancellationToken);

    public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default) => Primary.CompleteSendAsync(cancellationToken);

    public void Abort() => Primary.Abort();

    public IReadOnlyDictionary<string, double> GetStatistics() => QuinnStatistics.Read(_connection);

    public async ValueTask DisposeAsync()
    {
        if (_primary is not null) await _primary.DisposeAsync().ConfigureAwait(false);
        try
        {
            QuinnNative.tq_conn_close(_connection, QuicErrorCodes.NoError);
        }
        catch (ObjectDisposedException)
        {
            // disposed twice
        }
        _connection.Dispose();
    }

    private async Task<QuinnStream> OpenAsync(Func<ConnectionHandle, NativeOperation, int> start, string context, CancellationToken ct)
    {
        long handle = await NativeCalls.RunAsync(_connection, start, context, static h => new StreamHandle(h).Dispose(), ct).ConfigureAwait(false);
        return new QuinnStream(new StreamHandle(handle), _connection, abortClosesConnection: _primary is null, Capabilities);
    }

    private static unsafe int StartOpen(ConnectionHandle c, NativeOperation op) => QuinnNative.tq_conn_open_bi(c, NativeOperation.Callback, op.State);

    private static unsafe int StartAccept(ConnectionHandle c, NativeOperation op) => QuinnNative.tq_conn_accept_bi(c, NativeOperation.Callback, op.State);

    private static async ValueTask WithCleanup(QuinnStream stream, ValueTask preface)
    {
        try
        {
            await preface.ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
