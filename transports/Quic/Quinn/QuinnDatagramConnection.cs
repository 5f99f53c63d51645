using System.Runtime.CompilerServices;
using Transports.Abstractions;
using Transports.Abstractions.Tls;

namespace Transports.Quic.Quinn;

/// <summary>
/// A QUIC connection of the <c>quic-dgram</c> transport: unreliable DATAGRAM frames (RFC 9221), one send is one
/// datagram, encrypted like every QUIC packet. Not retransmitted, no orderly close. A send waits while quinn's
/// DATAGRAM send queue is full (backpressure from the congestion controller). Disposing closes the connection.
/// </summary>
internal sealed class QuinnDatagramConnection : ITransportConnection, ISecureConnection
{
    /// <inheritdoc />
    public TlsSessionInfo Tls => QuinnTls.For(_client);

    private readonly ConnectionHandle _connection;
    private readonly NativeOperation _receive = new();
    private readonly NativeOperation _sendWait = new();

    private readonly bool _client;

    private QuinnDatagramConnection(ConnectionHandle connection, bool client, TransportCapabilities capabilities)
    {
        _connection = connection;
        _client = client;
        Capabilities = capabilities;
    }

    public TransportCapabilities Capabilities { get; }

    private int MaxBytes => Capabilities.MaxMessageSizeBytes!.Value;

    /// <summary>Wraps an established connection after checking that the peer takes datagrams of the declared size.</summary>
    /// <exception cref="TransportException">The peer does not support DATAGRAM frames, or only smaller ones.</exception>
    /// <param name="connection">The connection (owned).</param>
    /// <param name="client">Whether this end made the connection (what its TLS session reports depends on it).</param>
    /// <param name="capabilities">The transport's capabilities.</param>
    public static QuinnDatagramConnection Create(ConnectionHandle connection, bool client, TransportCapabilities capabilities)
    {
        var c = new QuinnDatagramConnection(connection, client, capabilities);
        var max = QuinnStatistics.Read(connection).GetValueOrDefault("max_datagram_payload_bytes");
        if (max < c.MaxBytes)
        {
            c.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new TransportException(TransportError.NotSupported, max == 0
                ? "quic-dgram: the peer does not support RFC 9221 DATAGRAM frames"
                : $"quic-dgram: the path carries datagrams up to {max} B, less than the configured {c.MaxBytes} B (lower -quic-dgram-udp-payload)");
        }
        return c;
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        MessageTooLargeException.ThrowIfTooLarge(payload.Length, MaxBytes);
        cancellationToken.ThrowIfCancellationRequested();
        return TrySend(payload) ? ValueTask.CompletedTask : SendWhenSpaceAsync(payload, cancellationToken);
    }

    /// <summary>Queues the datagram; false when the send queue is full.</summary>
    private unsafe bool TrySend(ReadOnlyMemory<byte> payload)
    {
        int code;
        try
        {
            fixed (byte* p = payload.Span) code = QuinnNative.tq_conn_send_datagram(_connection, p, (nuint)payload.Length);
        }
        catch (ObjectDisposedException e)
        {
            throw TransportErrors.Closed("quic send datagram", e);
        }
        if (code == QuinnErrors.WouldBlock) return false;
        QuinnErrors.ThrowIfFailed(code);
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // runs per send while the queue is full (bulk sends)
    private async ValueTask SendWhenSpaceAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        do
        {
            _sendWait.Begin();
            var pending = NativeCalls.Start(_sendWait, (this, payload.Length), static (s, op) => s.Item1.StartWait(op, s.Item2), "quic send datagram");
            using (QuinnCancellation.Register(_connection, cancellationToken))
                await QuinnCancellation.AwaitAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        while (!TrySend(payload));
    }

    /// <summary>Receives one datagram: at once when one is queued (a plain native call), otherwise waits for the next.</summary>
    public ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length < MaxBytes)
            throw new ArgumentException($"receive buffer of {buffer.Length} B is smaller than the maximum datagram of {MaxBytes} B", nameof(buffer));
        cancellationToken.ThrowIfCancellationRequested();
        long ready = TryReceive(buffer.Span);
        if (ready >= 0) return ValueTask.FromResult(new ReceiveResult((int)ready, false));
        return ReceiveWhenReadyAsync(buffer, cancellationToken);
    }

    /// <summary>Copies a datagram that has already arrived into <paramref name="buffer"/>: its length, or -1 when none is queued.</summary>
    private unsafe long TryReceive(Span<byte> buffer)
    {
        int code;
        long length;
        try
        {
            fixed (byte* p = buffer) code = QuinnNative.tq_conn_try_read_datagram(_connection, p, (nuint)buffer.Length, out length);
        }
        catch (ObjectDisposedException e)
        {
            throw TransportErrors.Closed("quic receive datagram", e);
        }
        QuinnErrors.ThrowIfFailed(code);
        return length;
    }

    /// <summary>Waits for the next datagram (none was queued): one native task and callback.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReceiveResult> ReceiveWhenReadyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        _receive.Begin(buffer.Pin());
        var pending = NativeCalls.Start(_receive, (this, buffer.Length), static (s, op) => s.Item1.StartRead(op, s.Item2), "quic receive datagram");
        using (QuinnCancellation.Register(_connection, cancellationToken))
            return new ReceiveResult((int)await QuinnCancellation.AwaitAsync(pending, cancellationToken).ConfigureAwait(false), false);
    }

    /// <summary>No orderly close for datagrams: a no-op.</summary>
    public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public void Abort()
    {
        try
        {
            QuinnNative.tq_conn_close(_connection, QuicErrorCodes.Aborted);
        }
        catch (ObjectDisposedException)
        {
            // already closed
        }
    }

    public IReadOnlyDictionary<string, double> GetStatistics() => QuinnStatistics.Read(_connection);

    public ValueTask DisposeAsync()
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
        _receive.Dispose();
        _sendWait.Dispose();
        return ValueTask.CompletedTask;
    }

    private unsafe int StartWait(NativeOperation op, int length)
        => QuinnNative.tq_conn_wait_datagram_space(_connection, (nuint)length, NativeOperation.Callback, op.State);

    private unsafe int StartRead(NativeOperation op, int capacity)
        => QuinnNative.tq_conn_read_datagram(_connection, (byte*)op.PinnedPointer, (nuint)capacity, NativeOperation.Callback, op.State);
}
