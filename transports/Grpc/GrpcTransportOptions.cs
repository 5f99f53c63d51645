using Transports.Abstractions.Tls;

namespace Transports.Grpc;

/// <summary>Settings of a <see cref="GrpcTransport"/>.</summary>
/// <param name="Tls">True: HTTP/2 over TLS with ALPN <c>h2</c> and an in-process self-signed certificate; false: h2c with prior knowledge.</param>
/// <param name="MaxMessageBytes">Largest gRPC message payload, in bytes, sent or received (gRPC default 4 MiB).</param>
/// <param name="StreamWindowBytes">
/// <see cref="GrpcProfile.Tuned"/> only. Initial HTTP/2 stream flow-control window, in bytes (RFC 9113 section 6.9.2):
/// Kestrel <c>Http2Limits.InitialStreamWindowSize</c> (what the client may send before a WINDOW_UPDATE) and the client's
/// <c>SocketsHttpHandler.InitialHttp2StreamWindowSize</c> (what the server may send). 0 = automatic, see
/// <see cref="EffectiveStreamWindowBytes"/>.
/// </param>
/// <param name="ConnectionWindowBytes">
/// <see cref="GrpcProfile.Tuned"/> only. Initial HTTP/2 connection flow-control window of the server (Kestrel
/// <c>InitialConnectionWindowSize</c>), in bytes; 0 = automatic (twice the stream window).
/// </param>
/// <param name="MaxFrameBytes">
/// <see cref="GrpcProfile.Tuned"/> only. Largest HTTP/2 frame payload the server accepts (Kestrel
/// <c>Http2Limits.MaxFrameSize</c>, advertised as SETTINGS_MAX_FRAME_SIZE, RFC 9113 section 6.5.2), 16,384 .. 16,777,215 bytes.
/// </param>
/// <param name="Profile">Tuned for bulk transfer, or the libraries' defaults (see <see cref="GrpcProfile"/>).</param>
/// <param name="Marshaller">The Chunk marshaller; null = the profile's (<see cref="EffectiveMarshaller"/>).</param>
public sealed record GrpcTransportOptions(
    bool Tls = false,
    int MaxMessageBytes = GrpcTransportOptions.DefaultMaxMessageBytes,
    int StreamWindowBytes = 0,
    int ConnectionWindowBytes = 0,
    int MaxFrameBytes = GrpcTransportOptions.DefaultMaxFrameBytes,
    GrpcProfile Profile = GrpcProfile.Tuned,
    GrpcMarshaller? Marshaller = null)
{
    /// <summary>gRPC's default maximum message size: 4 MiB.</summary>
    public const int DefaultMaxMessageBytes = 4 << 20;

    /// <summary>Default SETTINGS_MAX_FRAME_SIZE of the tuned server: 1 MiB (fewer, larger DATA frames from peers that use it).</summary>
    public const int DefaultMaxFrameBytes = 1 << 20;

    /// <summary>The HTTP/2 minimum (and protocol default) SETTINGS_MAX_FRAME_SIZE: 16,384 bytes.</summary>
    public const int MinMaxFrameBytes = 16_384;

    /// <summary>The HTTP/2 maximum SETTINGS_MAX_FRAME_SIZE: 2^24-1 bytes.</summary>
    public const int MaxMaxFrameBytes = (1 << 24) - 1;

    /// <summary>Smallest window HTTP/2 allows as an initial value: 65,535 bytes (RFC 9113 section 6.9.2).</summary>
    public const int MinWindowBytes = 65_535;

    /// <summary>Largest window we configure: 1 GiB (HTTP/2 allows 2^31-1, RFC 9113 section 6.9.1).</summary>
    public const int MaxWindowBytes = 1 << 30;

    /// <summary>gRPC's Length-Prefixed-Message prefix: a compressed flag and a 4-byte length (PROTOCOL-HTTP2).</summary>
    public const int MessagePrefixBytes = 5;

    /// <summary>
    /// <see cref="Tls"/> only. Whether the client may resume earlier TLS sessions from session tickets (RFC 8446 §2.2;
    /// <c>-tls-resume</c>, <see cref="Transports.Abstractions.Tls.TlsResumeOption"/>). Default true, .NET's default.
    /// </summary>
    public bool TlsResume { get; init; } = true;

    /// <summary>
    /// <see cref="Tls"/> only. The server's certificate; null (the default) makes a fresh self-signed one per transport
    /// instance (<see cref="RunCertificate.Create"/>). The caller keeps ownership.
    /// </summary>
    public RunCertificate? Certificate { get; init; }

    /// <summary>
    /// <see cref="Tls"/> only. The one server certificate the client accepts; null (the default) pins this transport's own
    /// <see cref="Certificate"/>, the one its listeners present on loopback. Any other certificate fails the connect with
    /// <see cref="Transports.Abstractions.TransportError.AuthenticationFailed"/>.
    /// </summary>
    public CertificatePin? ServerCertificatePin { get; init; }

    /// <summary>The marshaller in use: the option, else <see cref="GrpcMarshaller.Pooled"/> when tuned and <see cref="GrpcMarshaller.Protobuf"/> for defaults.</summary>
    public GrpcMarshaller EffectiveMarshaller => Marshaller ?? (Profile == GrpcProfile.Tuned ? GrpcMarshaller.Pooled : GrpcMarshaller.Protobuf);

    /// <summary>
    /// The tuned stream window: the option, or automatically max(1 MiB, 2 × (<see cref="MaxMessageBytes"/> + 5)) —
    /// 8 MiB + 10 B by default — so that one SendAsync of a maximum-size message completes without the receiver
    /// reading (the abstraction's bounded-buffer rule). Twice, because a receiver returns credit (WINDOW_UPDATE) only
    /// once half its window was consumed (Kestrel), so up to half the window can be in use by messages already read.
    /// An explicit smaller window is honoured: a maximum-size send then waits for the receiver.
    /// </summary>
    public int EffectiveStreamWindowBytes => StreamWindowBytes > 0
        ? StreamWindowBytes
        : (int)Math.Min(MaxWindowBytes, Math.Max(1 << 20, 2 * ((long)MaxMessageBytes + MessagePrefixBytes)));

    /// <summary>The tuned server's connection window: the option, or twice the stream window (at most 1 GiB).</summary>
    public int EffectiveConnectionWindowBytes => ConnectionWindowBytes > 0
        ? ConnectionWindowBytes
        : (int)Math.Min(MaxWindowBytes, 2L * EffectiveStreamWindowBytes);
}
