using System.Buffers;
using System.Runtime.CompilerServices;
using Transports.Abstractions;

namespace Transports.Quic.Quinn;

/// <summary>
/// One QUIC bidirectional stream (RFC 9000 section 2) over quinn: a reliable, ordered byte stream. Orderly close is
/// FIN (<see cref="CompleteSendAsync"/> waits until the peer acknowledged everything), abortive close is
/// RESET_STREAM + STOP_SENDING, or CONNECTION_CLOSE for a connection's first stream.
/// </summary>
internal sealed class QuinnStream : ITransportConnection
{
    private readonly StreamHandle _stream;
    private readonly ConnectionHandle _connection;
    private readonly bool _abortClosesConnection;
    private readonly NativeOperation _send = new();
    private readonly NativeOperation _receive = new();
    private bool _sendCompleted;
    private bool _receiveCompleted;

    /// <param name="stream">The stream (owned).</param>
    /// <param name="connection">Its connection (not owned): cancellation closes it; statistics come from it.</param>
    /// <param name="abortClosesConnection">True for a connection's first stream: <see cref="Abort"/> closes the connection.</param>
    /// <param name="capabilities">The transport's capabilities.</param>
    public QuinnStream(StreamHandle stream, ConnectionHandle connection, bool abortClosesConnection, TransportCapabilities capabilities)
    {
        _stream = stream;
        _connection = connection;
        _abortClosesConnection = abortClosesConnection;
        Capabilities = capabilities;
    }

    public TransportCapabilities Capabilities { get; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (_sendCompleted) throw new InvalidOperationException("quic send: the send side was completed (FIN sent)");
        if (payload.IsEmpty) return;
        cancellationToken.ThrowIfCancellationRequested();
        _send.Begin(payload.Pin());
        var pending = NativeCalls.Start(_send, (this, payload.Length), static (s, op) => s.Item1.StartWrite(op, s.Item2), "quic send");
        using (QuinnCancellation.Register(_connection, cancellationToken))
            await QuinnCancellation.AwaitAsync(pending, cancellationToken).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) throw new ArgumentException("receive buffer must not be empty", nameof(buffer));
        if (_receiveCompleted) return ReceiveResult.Completed;
        cancellationToken.ThrowIfCancellationRequested();
        _receive.Begin(buffer.Pin());
        var pending = NativeCalls.Start(_receive, (this, buffer.Length), static (s, op) => s.Item1.StartRead(op, s.Item2), "quic receive");
        long count;
        using (QuinnCancellation.Register(_connection, cancellationToken))
            count = await QuinnCancellation.AwaitAsync(pending, cancellationToken).ConfigureAwait(false);
        if (count >= 0) return new ReceiveResult((int)count, false);
        _receiveCompleted = true; // FIN: sticky
        return ReceiveResult.Completed;
    }

    public async ValueTask CompleteSendAsync(CancellationToken cancellationToken = default)
    {
        if (_sendCompleted) return;
        _sendCompleted = true;
        _send.Begin();
        var pending = NativeCalls.Start(_send, _stream, StartFinish, "quic finish");
        using (QuinnCancellation.Register(_connection, cancellationToken))
            await QuinnCancellation.AwaitAsync(pending, cancellationToken).ConfigureAwait(false);
    }

    public void Abort()
    {
        try
        {
            if (_abortClosesConnection) QuinnNative.tq_conn_close(_connection, QuicErrorCodes.Aborted);
            else QuinnNative.tq_stream_reset(_stream, QuicErrorCodes.Aborted);
        }
        catch (ObjectDisposedException)
        {
            // already closed: nothing to abort
        }
    }

    public IReadOnlyDictionary<string, double> GetStatistics() => QuinnStatistics.Read(_connection);

    /// <summary>Writes the stream preface so the peer's accept sees the stream (see <see cref="StreamPreface"/>).</summary>
    public ValueTask WritePrefaceAsync(CancellationToken cancellationToken) => SendAsync(StreamPreface.Bytes, cancellationToken);

    /// <summary>Reads and checks the peer's stream preface.</summary>
    /// <exception cref="TransportException">The first byte is not the preface (<see cref="TransportError.ProtocolError"/>) or the stream ended.</exception>
    public async ValueTask ReadPrefaceAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1];
        var r = await ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        StreamPreface.Check(r, buffer[0]);
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _send.Dispose();
        _receive.Dispose();
        return ValueTask.CompletedTask;
    }

    private static unsafe int StartFinish(StreamHandle stream, NativeOperation op)
        => QuinnNative.tq_stream_finish(stream, NativeOperation.Callback, op.State);

    private unsafe int StartWrite(NativeOperation op, int length)
        => QuinnNative.tq_stream_write(_stream, (byte*)op.PinnedPointer, (nuint)length, NativeOperation.Callback, op.State);

    private unsafe int StartRead(NativeOperation op, int capacity)
        => QuinnNative.tq_stream_read(_stream, (byte*)op.PinnedPointer, (nuint)capacity, NativeOperation.Callback, op.State);
}
