namespace Transports.Results;

/// <summary>
/// What the TLS handshake of an encrypted transport's connection negotiated (TLS 1.3, RFC 8446; QUIC's TLS, RFC 9001),
/// as the client saw it on the run's first connection: so a result names the protocol version, cipher suite and ALPN it
/// was measured with.
/// </summary>
public sealed record TlsRecord
{
    /// <summary>The protocol version, e.g. "TLS 1.3".</summary>
    public required string Protocol { get; init; }

    /// <summary>The IANA cipher suite name, e.g. "TLS_AES_256_GCM_SHA384" (RFC 8446 §B.4).</summary>
    public required string CipherSuite { get; init; }

    /// <summary>The application protocol agreed by ALPN (RFC 7301), e.g. "h2"; null when none was negotiated.</summary>
    public string? Alpn { get; init; }

    /// <summary>True for a resumed session (PSK, RFC 8446 §2.2), false for a full handshake, null when the stack does not tell.</summary>
    public bool? Resumed { get; init; }

    /// <summary>True when 0-RTT data was accepted (RFC 8446 §2.3); null when not known or not offered.</summary>
    public bool? EarlyData { get; init; }

    /// <summary>One line for tables, e.g. "TLS 1.3 TLS_AES_256_GCM_SHA384 h2" (ALPN left out when none).</summary>
    public override string ToString() => Alpn is null ? $"{Protocol} {CipherSuite}" : $"{Protocol} {CipherSuite} {Alpn}";
}
