namespace Transports.Abstractions;

/// <summary>
/// What a transport guarantees. Scenarios ask for these features, never for a transport's name
/// (see docs/ARCHITECTURE.md, "capabilities not names").
/// </summary>
[Flags]
public enum TransportFeatures
{
    /// <summary>No guarantee at all.</summary>
    None = 0,

    /// <summary>Every byte sent is delivered, or the connection fails with an error (retransmission).</summary>
    Reliable = 1 << 0,

    /// <summary>Bytes and messages arrive in the order they were sent (no reordering seen by the application).</summary>
    Ordered = 1 << 1,

    /// <summary>
    /// One <see cref="ITransportConnection.SendAsync"/> is received by exactly one
    /// <see cref="ITransportConnection.ReceiveAsync"/> of the same length (a message or datagram);
    /// without it the connection is a byte stream and writes may be split or coalesced.
    /// </summary>
    MessageBoundaries = 1 << 2,

    /// <summary>Unreliable datagrams: messages may be lost, duplicated or reordered (UDP, RFC 9221 QUIC DATAGRAM).</summary>
    Datagrams = 1 << 3,

    /// <summary>Several independent streams share one connection, with no head-of-line blocking between them (QUIC, HTTP/2).</summary>
    MultiplexedStreams = 1 << 4,

    /// <summary>Payload is encrypted and authenticated on the wire (TLS 1.3, QUIC).</summary>
    Encrypted = 1 << 5,

    /// <summary>
    /// Orderly close is signalled to the peer: after <see cref="ITransportConnection.CompleteSendAsync"/>
    /// the peer's receive returns <see cref="ReceiveResult.IsCompleted"/> (TCP FIN, WebSocket Close, QUIC FIN,
    /// gRPC end of stream). Unreliable datagram transports do not have it.
    /// </summary>
    OrderlyClose = 1 << 6,
}
