using System.Net.Sockets;

namespace Transports.Abstractions;

/// <summary>Maps <see cref="SocketException"/>s to <see cref="TransportException"/>s with a user-facing message.</summary>
public static class SocketErrors
{
    /// <summary>What an <see cref="TransportError.AddressInUse"/> failure says after its context.</summary>
    private const string AddressInUseText = "address already in use (another program holds the port; pick another with -port)";

    /// <summary>Translates <paramref name="exception"/> into a <see cref="TransportException"/>.</summary>
    /// <param name="exception">The socket failure.</param>
    /// <param name="context">What was being done, e.g. "tcp receive" or "udp bind 127.0.0.1:5201".</param>
    public static TransportException ToTransportException(SocketException exception, string context)
    {
        var error = exception.SocketErrorCode switch
        {
            SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown
                or SocketError.OperationAborted or SocketError.NotConnected => TransportError.ConnectionReset,
            SocketError.ConnectionRefused => TransportError.ConnectionRefused,
            SocketError.AddressAlreadyInUse => TransportError.AddressInUse,
            SocketError.MessageSize => TransportError.MessageTooLarge,
            SocketError.TimedOut => TransportError.Timeout,
            _ => TransportError.Unknown,
        };
        var what = error switch
        {
            TransportError.ConnectionReset => "connection reset by peer",
            TransportError.ConnectionRefused => "connection refused (nothing listens there)",
            TransportError.AddressInUse => AddressInUseText,
            TransportError.MessageTooLarge => "message too large",
            TransportError.Timeout => "timed out",
            _ => exception.SocketErrorCode.ToString(),
        };
        return new TransportException(error, $"{context}: {what}", exception);
    }

    /// <summary>
    /// The failure to bind a local endpoint that another socket holds, reported by a layer above the socket (e.g. Kestrel's
    /// bind error): <see cref="TransportError.AddressInUse"/> with the same message as a translated <see cref="SocketException"/>.
    /// </summary>
    /// <param name="context">What was being done, e.g. "ws listen on 127.0.0.1:5201".</param>
    /// <param name="exception">The bind failure, kept as the inner exception.</param>
    /// <returns>The exception to throw.</returns>
    public static TransportException AddressInUse(string context, Exception exception)
        => new(TransportError.AddressInUse, $"{context}: {AddressInUseText}", exception);
}
