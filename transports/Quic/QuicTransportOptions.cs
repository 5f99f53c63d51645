using Transports.Abstractions.Tls;

namespace Transports.Quic;

/// <summary>Which QUIC implementation runs a transport.</summary>
public enum QuicBackend
{
    /// <summary>MsQuic when System.Net.Quic is supported here, otherwise quinn.</summary>
    Auto,

    /// <summary>System.Net.Quic (MsQuic): Windows, or Linux with libmsquic installed. No DATAGRAM API.</summary>
    Msquic,

    /// <summary>quinn 0.9 (Rust) through libtransports_quinn (transports/Quic/native).</summary>
    Quinn,
}

/// <summary>Congestion controllers (quinn offers all three; System.Net.Quic only MsQuic's default, CUBIC).</summary>
public enum QuicCongestionControl
{
    /// <summary>CUBIC (RFC 8312).</summary>
    Cubic = 0,

    /// <summary>NewReno (RFC 9002 section 7).</summary>
    NewReno = 1,

    /// <summary>BBR (v1, draft-cardwell-iccrg-bbr-congestion-control; experimental in quinn 0.9).</summary>
    Bbr = 2,
}

/// <summary>Settings of the quic and quic-dgram transports.</summary>
/// <param name="Backend">The implementation; <see cref="QuicBackend.Auto"/> is resolved by the factory.</param>
/// <param name="CongestionControl">The congestion controller.</param>
/// <param name="UdpPayloadBytes">UDP payload size of every packet, bytes (1200..65527); quinn 0.9 has no path MTU discovery.</param>
/// <param name="StreamWindowBytes">Per-stream flow-control window, bytes (RFC 9000 section 4).</param>
/// <param name="ConnectionWindowBytes">Connection flow-control window, bytes; also the send buffer across streams.</param>
/// <param name="SocketBufferBytes">SO_SNDBUF/SO_RCVBUF of the UDP socket, bytes (capped by net.core.[rw]mem_max); 0 = kernel default.</param>
/// <param name="DatagramQueueBytes">DATAGRAM send and receive queues, bytes (quic-dgram only).</param>
/// <param name="IdleTimeoutMs">Idle timeout, ms; also how long a connect waits for an answer.</param>
public sealed record QuicTransportOptions(
    QuicBackend Backend = QuicBackend.Auto,
    QuicCongestionControl CongestionControl = QuicCongestionControl.Cubic,
    int UdpPayloadBytes = 1452,
    long StreamWindowBytes = 8 << 20,
    long ConnectionWindowBytes = 16 << 20,
    int SocketBufferBytes = 4 << 20,
    long DatagramQueueBytes = 4 << 20,
    int IdleTimeoutMs = 10_000)
{
    /// <summary>
    /// The servers' TLS certificate; null (the default) makes a fresh self-signed one per transport instance
    /// (<see cref="RunCertificate.Create"/>). The caller keeps ownership.
    /// </summary>
    public RunCertificate? Certificate { get; init; }

    /// <summary>
    /// The one server certificate the client accepts; null (the default) pins this transport's own
    /// <see cref="Certificate"/>, the one its listeners present on loopback. Any other certificate fails the handshake with
    /// <see cref="Transports.Abstractions.TransportError.AuthenticationFailed"/>.
    /// </summary>
    public CertificatePin? ServerCertificatePin { get; init; }

    /// <summary>Application protocol (ALPN, RFC 7301) both backends and the interop peers use.</summary>
    public const string Alpn = "transports-bench";

    /// <summary>
    /// Upper bound of the per-packet bytes that are not DATAGRAM payload: 1 B short header + up to 20 B connection
    /// ID + 4 B packet number + 16 B AEAD tag (RFC 9001 section 5.3) + 9 B DATAGRAM frame type and length (RFC 9221 section 4).
    /// </summary>
    public const int DatagramOverheadBytes = 50;

    /// <summary>Largest DATAGRAM payload, bytes, that fits one packet of <see cref="UdpPayloadBytes"/>.</summary>
    public int MaxDatagramPayloadBytes => UdpPayloadBytes - DatagramOverheadBytes;
}
