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

    /// <summary>The session every quinn connection reports.</summary>
    public static TlsSessionInfo Session { get; } = new("TLS 1.3", InferredCipherSuite, QuicTransportOptions.Alpn);
}
