using System.Net.Quic;
using System.Runtime.Versioning;
using Transports.Abstractions;

namespace Transports.Quic.MsQuic;

/// <summary>System.Net.Quic's <see cref="QuicException"/> to <see cref="TransportException"/>.</summary>
[SupportedOSPlatform("linux"), SupportedOSPlatform("windows"), SupportedOSPlatform("macos")]
internal static class MsQuicErrors
{
    /// <summary>Translates <paramref name="e"/>; <paramref name="context"/> says what was being done.</summary>
    public static TransportException Translate(QuicException e, string context)
    {
        var error = e.QuicError switch
        {
            QuicError.StreamAborted or QuicError.ConnectionAborted or QuicError.OperationAborted => TransportError.ConnectionReset,
            QuicError.ConnectionRefused => TransportError.ConnectionRefused,
            QuicError.ConnectionTimeout or QuicError.ConnectionIdle => TransportError.Timeout,
            QuicError.TransportError or QuicError.VersionNegotiationError => TransportError.ProtocolError,
            _ => TransportError.Unknown,
        };
        return new TransportException(error, $"{context}: {e.Message}", e);
    }
}
