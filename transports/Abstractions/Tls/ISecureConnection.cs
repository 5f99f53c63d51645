namespace Transports.Abstractions.Tls;

/// <summary>
/// Implemented by a connection whose bytes are protected by TLS (TLS 1.3 over TCP, RFC 8446; QUIC's TLS handshake,
/// RFC 9001): what its handshake negotiated, so results can name the protocol version, cipher suite and ALPN and a
/// comparison can be like for like (encrypted against encrypted). Read it after the connection is established.
/// </summary>
public interface ISecureConnection
{
    /// <summary>What this connection's handshake negotiated.</summary>
    TlsSessionInfo Tls { get; }
}

/// <summary>What one TLS handshake negotiated.</summary>
/// <param name="Protocol">The protocol version, e.g. "TLS 1.3" (RFC 8446).</param>
/// <param name="CipherSuite">The IANA cipher suite name, e.g. "TLS_AES_128_GCM_SHA256" (RFC 8446 §B.4).</param>
/// <param name="Alpn">The application protocol agreed by ALPN (RFC 7301), e.g. "h2"; null when none was negotiated.</param>
/// <param name="Resumed">
/// True when the handshake resumed an earlier session (a PSK from a session ticket, RFC 8446 §2.2), false for a full
/// handshake, null when the stack does not tell.
/// </param>
/// <param name="EarlyData">True when 0-RTT data was accepted (RFC 8446 §2.3, RFC 9001 §4.6); null when not known or not offered.</param>
public sealed record TlsSessionInfo(string Protocol, string CipherSuite, string? Alpn, bool? Resumed = null, bool? EarlyData = null);
