using System.Net.Security;
using System.Security.Authentication;

namespace Transports.Abstractions.Tls;

/// <summary>
/// Reads what a .NET TLS handshake negotiated (<see cref="SslStream"/>, and System.Net.Quic's connection, which reports
/// the same <see cref="SslProtocols"/> and <see cref="TlsCipherSuite"/>) into a <see cref="TlsSessionInfo"/>.
/// </summary>
public static class SslStreamSession
{
    /// <summary>The session of an authenticated <paramref name="stream"/>; resumption is not exposed by SslStream (null).</summary>
    /// <param name="stream">A stream whose handshake completed.</param>
    public static TlsSessionInfo Of(SslStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Of(stream.SslProtocol, stream.NegotiatedCipherSuite, stream.NegotiatedApplicationProtocol);
    }

    /// <summary>A session from its parts.</summary>
    /// <param name="protocol">The negotiated version.</param>
    /// <param name="cipherSuite">The negotiated suite; its enum name is the IANA name (e.g. TLS_AES_256_GCM_SHA384).</param>
    /// <param name="alpn">The negotiated application protocol; default (empty) when none.</param>
    public static TlsSessionInfo Of(SslProtocols protocol, TlsCipherSuite cipherSuite, SslApplicationProtocol alpn)
        => new(ProtocolName(protocol), cipherSuite.ToString(), alpn.Protocol.IsEmpty ? null : alpn.ToString());

    /// <summary>"TLS 1.3", "TLS 1.2", …; the enum name for anything else.</summary>
    /// <param name="protocol">A single protocol version.</param>
    public static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLS 1.3",
        SslProtocols.Tls12 => "TLS 1.2",
#pragma warning disable SYSLIB0039 // only named, never enabled
        SslProtocols.Tls11 => "TLS 1.1",
        SslProtocols.Tls => "TLS 1.0",
#pragma warning restore SYSLIB0039
        _ => protocol.ToString(),
    };
}
