using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace Transports.Abstractions;

/// <summary>
/// The one mapping of the failures socket and stream calls share to <see cref="TransportException"/>s, meant for an
/// exception filter so a call site is one line and the success path is untouched:
/// <code>catch (Exception e) when (TransportErrors.TryTranslate(e, "tcp receive", out var t)) { throw t; }</code>
/// </summary>
public static class TransportErrors
{
    /// <summary>The words for a disposed socket or stream unless a call site says otherwise.</summary>
    public const string ConnectionClosed = "connection closed";

    /// <summary>
    /// Translates <paramref name="exception"/> when it is one of the shared failures:
    /// <see cref="SocketException"/> (see <see cref="SocketErrors.ToTransportException"/>),
    /// <see cref="WebSocketException"/> (see <see cref="WebSocketErrors.ToTransportException"/>) and
    /// <see cref="ObjectDisposedException"/> (see <see cref="Closed"/>). Anything else is not translated: rethrow it.
    /// Allocates only when it translates.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <param name="context">What was being done, e.g. "tcp receive"; the message starts with it.</param>
    /// <param name="translated">The exception to throw, or null when <paramref name="exception"/> is not a shared failure.</param>
    /// <param name="disposed">The words for a disposed socket or stream (default <see cref="ConnectionClosed"/>).</param>
    /// <returns>True when <paramref name="translated"/> was set.</returns>
    public static bool TryTranslate(Exception exception, string context, [NotNullWhen(true)] out TransportException? translated,
        string disposed = ConnectionClosed)
    {
        translated = exception switch
        {
            SocketException e => SocketErrors.ToTransportException(e, context),
            WebSocketException e => WebSocketErrors.ToTransportException(e, context),
            ObjectDisposedException e => Closed(context, e, disposed),
            _ => null,
        };
        return translated is not null;
    }

    /// <summary>
    /// The failure of an operation on a socket, stream or handle that was disposed (closed locally, or by an abort):
    /// <see cref="TransportError.ConnectionReset"/> with the message "<paramref name="context"/>: <paramref name="what"/>".
    /// </summary>
    /// <param name="context">What was being done, e.g. "quic send".</param>
    /// <param name="exception">The disposal failure, kept as the inner exception.</param>
    /// <param name="what">The words for it (default <see cref="ConnectionClosed"/>).</param>
    /// <returns>The exception to throw.</returns>
    public static TransportException Closed(string context, ObjectDisposedException exception, string what = ConnectionClosed)
        => new(TransportError.ConnectionReset, $"{context}: {what}", exception);
}
