namespace Transports.Abstractions;

/// <summary>
/// One established, bidirectional conversation between a client and a server: a TCP connection, a WebSocket,
/// a QUIC stream, a gRPC call, or a connected UDP socket pair.
/// </summary>
/// <remarks>
/// <para>Concurrency: one sender and one receiver may run at the same time; two concurrent sends, or two
/// concurrent receives, are not allowed.</para>
/// <para>Backpressure: <see cref="SendAsync"/> completes when the transport has accepted the payload into a
/// bounded buffer (socket send buffer, flow-control window); a slow receiver therefore slows the sender.</para>
/// <para>Hot path: implementations must not allocate per call of <see cref="SendAsync"/> or
/// <see cref="ReceiveAsync"/> in steady state (pooled <see cref="ValueTask"/> sources, reused buffers).</para>
/// </remarks>
public interface ITransportConnection : IAsyncDisposable
{
    /// <summary>What this connection guarantees (the same as its transport's).</summary>
    TransportCapabilities Capabilities { get; }

    /// <summary>
    /// Sends <paramref name="payload"/>: one message on a transport with message boundaries, or the next bytes
    /// of the stream otherwise.
    /// </summary>
    /// <param name="payload">Bytes to send; the caller may reuse the memory once the task completes.</param>
    /// <param name="cancellationToken">Cancels the send; the connection is then unusable.</param>
    /// <exception cref="MessageTooLargeException">The payload exceeds <see cref="TransportCapabilities.MaxMessageSizeBytes"/>.</exception>
    /// <exception cref="TransportException">The connection failed (reset, aborted by the peer, protocol error).</exception>
    /// <exception cref="InvalidOperationException">Sending is not possible on this connection (send side completed,
    /// or a one-way call such as a gRPC client-streaming call on its server side).</exception>
    ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Receives the next message (transports with message boundaries) or the next available bytes (byte streams).
    /// </summary>
    /// <param name="buffer">
    /// Destination. With message boundaries it must hold <see cref="TransportCapabilities.MaxMessageSizeBytes"/>
    /// bytes, or <see cref="ArgumentException"/> is thrown.
    /// </param>
    /// <param name="cancellationToken">Cancels the receive; the connection is then unusable.</param>
    /// <returns>The byte count, or <see cref="ReceiveResult.IsCompleted"/> after the peer's orderly close.</returns>
    /// <exception cref="TransportException">The connection failed: the peer aborted it (<see cref="TransportError.ConnectionReset"/>),
    /// an incoming message was larger than allowed, or the protocol was violated.</exception>
    ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    /// <summary>
    /// Orderly close of the send side (TCP FIN, WebSocket Close, QUIC FIN, gRPC end of stream): data already sent is
    /// delivered, then the peer's receive reports <see cref="ReceiveResult.IsCompleted"/>. Receiving continues to work.
    /// A no-op on transports without <see cref="TransportFeatures.OrderlyClose"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the close to be sent.</param>
    ValueTask CompleteSendAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Abortive close (TCP RST, WebSocket abort, QUIC RESET_STREAM/CONNECTION_CLOSE, gRPC RST_STREAM): pending
    /// data may be lost and the peer sees a <see cref="TransportException"/> rather than an orderly end.
    /// </summary>
    void Abort();

    /// <summary>
    /// Transport-level statistics, when the transport exposes them: e.g. <c>rtt_us</c>, <c>cwnd_bytes</c>,
    /// <c>lost_packets</c>, <c>retransmitted_segments</c>. Keys are snake_case with the unit as suffix.
    /// </summary>
    IReadOnlyDictionary<string, double> GetStatistics() => EmptyStatistics.Instance;
}

/// <summary>The shared empty statistics dictionary.</summary>
internal static class EmptyStatistics
{
    /// <summary>An empty, read-only dictionary.</summary>
    public static readonly IReadOnlyDictionary<string, double> Instance = new Dictionary<string, double>();
}
