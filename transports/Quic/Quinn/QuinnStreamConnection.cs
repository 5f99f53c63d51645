using Transports.Abstractions;
using Transports.Abstractions.Tls;

namespace Transports.Quic.Quinn;

/// <summary>
/// A QUIC connection of the <c>quic</c> transport over quinn (see <see cref="QuicStreamConnectionBase"/>).
/// Disposing closes the connection (CONNECTION_CLOSE, code 0).
/// </summary>
internal sealed class QuinnStreamConnection : QuicStreamConnectionBase
{
    private readonly ConnectionHandle _connection;

    private readonly bool _client;

    private QuinnStreamConnection(ConnectionHandle connection, bool client, TransportCapabilities capabilities) : base(capabilities)
    {
        _connection = connection;
        _client = client;
    }

    /// <summary>
    /// Wraps <paramref name="connection"/> (owned, disposed on failure) and opens (client: writes the preface) or
    /// accepts (server: checks the preface) its first stream.
    /// </summary>
    public static async ValueTask<QuinnStreamConnection> StartAsync(ConnectionHandle connection, bool client, TransportCapabilities capabilities, CancellationToken ct)
    {
        var c = new QuinnStreamConnection(connection, client, capabilities);
        await c.StartFirstStreamAsync(client, ct).ConfigureAwait(false);
        return c;
    }

    /// <inheritdoc />
    public override TlsSessionInfo Tls => QuinnTls.For(_client);

    public override async ValueTask<ITransportConnection> OpenStreamAsync(CancellationToken cancellationToken = default)
    {
        var stream = await StreamAsync(StartOpen, "quic open stream", cancellationToken).ConfigureAwait(false);
        await WithCleanup(stream, stream.WritePrefaceAsync(cancellationToken)).ConfigureAwait(false);
        return stream;
    }

    public override async ValueTask<ITransportConnection> AcceptStreamAsync(CancellationToken cancellationToken = default)
    {
        var stream = await StreamAsync(StartAccept, "quic accept stream", cancellationToken).ConfigureAwait(false);
        await WithCleanup(stream, stream.ReadPrefaceAsync(cancellationToken)).ConfigureAwait(false);
        return stream;
    }

    public override IReadOnlyDictionary<string, double> GetStatistics() => QuinnStatistics.Read(_connection);

    protected override ValueTask DisposeConnectionAsync()
    {
        try
        {
            QuinnNative.tq_conn_close(_connection, QuicErrorCodes.NoError);
        }
        catch (ObjectDisposedException)
        {
            // disposed twice
        }
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<QuinnStream> StreamAsync(Func<ConnectionHandle, NativeOperation, int> start, string context, CancellationToken ct)
    {
        long handle = await NativeCalls.RunAsync(_connection, start, context, static h => new StreamHandle(h).Dispose(), ct).ConfigureAwait(false);
        return new QuinnStream(new StreamHandle(handle), _connection, abortClosesConnection: !HasFirstStream, Capabilities);
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
