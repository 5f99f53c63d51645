using System.Net.Security;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Transports.Abstractions.Tls;

namespace Transports.Kestrel;

/// <summary>What Kestrel's TLS handshake negotiated with a client, for the server side of wss and grpc over TLS.</summary>
public static class KestrelTlsSession
{
    /// <summary>
    /// The session of the connection behind a request's <paramref name="features"/> (<see cref="ITlsHandshakeFeature"/> and
    /// <see cref="ITlsApplicationProtocolFeature"/>); null when the connection is not TLS.
    /// </summary>
    /// <param name="features">An HttpContext's features.</param>
    public static TlsSessionInfo? Of(IFeatureCollection features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Get<ITlsHandshakeFeature>() is not { } tls) return null;
        var alpn = features.Get<ITlsApplicationProtocolFeature>() is { ApplicationProtocol.IsEmpty: false } a
            ? new SslApplicationProtocol(a.ApplicationProtocol.ToArray()) : default;
        return SslStreamSession.Of(tls.Protocol, tls.NegotiatedCipherSuite ?? default, alpn);
    }
}
