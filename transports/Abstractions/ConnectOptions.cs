namespace Transports.Abstractions;

/// <summary>Per-connection options a client passes to <see cref="ITransport.ConnectAsync"/>.</summary>
/// <param name="Direction">Which way data will mostly flow; a hint for call-shaped transports.</param>
public sealed record ConnectOptions(StreamDirection Direction = StreamDirection.Bidirectional)
{
    /// <summary>Bidirectional, no other option set.</summary>
    public static ConnectOptions Default { get; } = new();

    /// <summary>
    /// True when this connection must not share an underlying connection, and so its handshakes, with earlier ones: a
    /// transport that pools connections (grpc: one HTTP/2 connection per server, each <see cref="ITransport.ConnectAsync"/>
    /// a call on it) then opens its own, closed with this connection. Transports whose every connect is a new connection
    /// (tcp, ws, quic) ignore it. The connect scenario sets it: a handshake per connect is what it measures.
    /// </summary>
    public bool NewConnection { get; init; }
}
