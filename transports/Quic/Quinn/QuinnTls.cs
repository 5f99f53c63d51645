using Transports.Abstractions.Tls;

namespace Transports.Quic.Quinn;

/// <summary>
/// What a quinn connection's TLS handshake negotiated, as far as quinn 0.9 lets it be known. The version is TLS 1.3, the
/// only one QUIC v1 uses (RFC 9001 §4.2); the ALPN is <see cref="QuicTransportOptions.Alpn"/>, the only one either end
/// offers, and a QUIC handshake without an agreed ALPN fails (RFC 9001 §8.1). quinn 0.9 does not report the cipher
/// suite (its handshake data holds ALPN and server name only), so it is inferred and marked so: rustls 0.20's client
/// offers TLS_AES_256_GCM_SHA384 first (its default suite order) and its server follows the client's order
/// (<c>ignore_client_order</c> false by default), so two quinn ends agree on it.
/// </summary>
internal static class QuinnTls
{
    /// <summary>The cipher suite as recorded: the inferred IANA name and the word "inferred".</summary>
    public const string InferredCipherSuite = "TLS_AES_256_GCM_SHA384 (inferred)";

    /// <summary>
    /// The session a quinn client connection reports: a full handshake (Resumed false), known, not inferred. Each client
    /// connects from an endpoint of its own (<see cref="QuinnTransport"/>.ConnectAsync) with a new rustls ClientConfig,
    /// whose session cache starts empty: there is no ticket to resume from, and so no 0-RTT either (RFC 8446 §4.2.10).
    /// </summary>
    public static TlsSessionInfo ClientSession { get; } = new("TLS 1.3", InferredCipherSuite, QuicTransportOptions.Alpn, Resumed: false);

    /// <summary>The session a quinn server connection reports: whether the peer resumed is not told (rustls 0.20 through quinn 0.9).</summary>
    public static TlsSessionInfo ServerSession { get; } = new("TLS 1.3", InferredCipherSuite, QuicTransportOptions.Alpn);

    /// <summary>The session of a client (<paramref name="client"/> true) or server connection.</summary>
    /// <param name="client">Whether the connection was made by ConnectAsync.</param>
    public static TlsSessionInfo For(bool client) => client ? ClientSession : ServerSession;
}
