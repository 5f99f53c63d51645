using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Security.Authentication;
using Transports.Abstractions;

namespace Transports.Tcp;

/// <summary>
/// Maps what an <see cref="System.Net.Security.SslStream"/> throws to <see cref="TransportException"/>s: its
/// <see cref="IOException"/> wraps the socket's error (a reset peer stays <see cref="TransportError.ConnectionReset"/>),
/// an <see cref="AuthenticationException"/> is <see cref="TransportError.AuthenticationFailed"/>, any other I/O failure
/// (a record that does not decrypt, a truncated record) is <see cref="TransportError.ConnectionReset"/>.
/// </summary>
internal static class TlsStreamErrors
{
    /// <summary>For an exception filter; see <see cref="TransportErrors.TryTranslate"/>.</summary>
    public static bool TryTranslate(Exception exception, string context, [NotNullWhen(true)] out TransportException? translated)
    {
        if (TransportErrors.TryTranslate(exception, context, out translated)) return true;
        translated = exception switch
        {
            IOException { InnerException: SocketException s } => SocketErrors.ToTransportException(s, context),
            IOException { InnerException: ObjectDisposedException d } => TransportErrors.Closed(context, d),
            AuthenticationException a => new TransportException(TransportError.AuthenticationFailed, $"{context}: {a.Message}", a),
            IOException io => new TransportException(TransportError.ConnectionReset, $"{context}: {io.Message}", io),
            _ => null,
        };
        return translated is not null;
    }
}
