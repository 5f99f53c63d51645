using System.Net.WebSockets;

namespace Transports.Abstractions;

/// <summary>Maps <see cref="WebSocketException"/>s of an established WebSocket to <see cref="TransportException"/>s with a user-facing message.</summary>
public static class WebSocketErrors
{
    /// <summary>
    /// Translates <paramref name="exception"/>: a connection closed prematurely, a socket in an invalid state or a
    /// faulted one become <see cref="TransportError.ConnectionReset"/> ("connection closed by the peer without the
    /// close handshake"); anything else is <see cref="TransportError.ProtocolError"/> with the exception's message.
    /// </summary>
    /// <param name="exception">The WebSocket failure.</param>
    /// <param name="context">What was being done, e.g. "ws receive".</param>
    /// <returns>The exception to throw; <paramref name="exception"/> is its inner exception.</returns>
    public static TransportException ToTransportException(WebSocketException exception, string context)
    {
        var error = exception.WebSocketErrorCode switch
        {
            WebSocketError.ConnectionClosedPrematurely => TransportError.ConnectionReset,
            WebSocketError.InvalidState => TransportError.ConnectionReset,
            WebSocketError.Faulted => TransportError.ConnectionReset,
            _ => TransportError.ProtocolError,
        };
        var what = error == TransportError.ConnectionReset ? "connection closed by the peer without the close handshake" : exception.Message;
        return new TransportException(error, $"{context}: {what}", exception);
    }
}
