using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;
using Transports.Abstractions;

namespace Transports.Grpc.Calls;

/// <summary>
/// gRPC statuses (grpc/doc/statuscodes.md) and call failures as the abstraction's <see cref="TransportException"/>s.
/// </summary>
public static class GrpcErrors
{
    /// <summary>
    /// The abstraction's view of a gRPC status: CANCELLED → <see cref="TransportError.ConnectionReset"/>,
    /// DEADLINE_EXCEEDED → <see cref="TransportError.Timeout"/>, RESOURCE_EXHAUSTED → <see cref="TransportError.MessageTooLarge"/>,
    /// UNIMPLEMENTED → <see cref="TransportError.NotSupported"/>, INTERNAL → <see cref="TransportError.ProtocolError"/>,
    /// anything else → <see cref="TransportError.Unknown"/>.
    /// </summary>
    /// <param name="status">The call's status.</param>
    public static TransportError ErrorOf(StatusCode status) => status switch
    {
        StatusCode.Cancelled => TransportError.ConnectionReset,
        StatusCode.DeadlineExceeded => TransportError.Timeout,
        StatusCode.ResourceExhausted => TransportError.MessageTooLarge,
        StatusCode.Unimplemented => TransportError.NotSupported,
        StatusCode.Internal => TransportError.ProtocolError,
        _ => TransportError.Unknown,
    };

    /// <summary>A failed status as an exception whose message names the status as the spec spells it, e.g. <c>RESOURCE_EXHAUSTED (8)</c>.</summary>
    /// <param name="status">The status and its message.</param>
    /// <param name="context">What was being done, e.g. "grpc receive".</param>
    /// <param name="inner">The cause.</param>
    public static TransportException ToTransportException(Status status, string context, Exception? inner = null)
        => new(ErrorOf(status.StatusCode), $"{context}: gRPC status {StatusName(status.StatusCode)}: {status.Detail}", inner);

    /// <summary>
    /// Any failure of a client call: a refused or failed connection (a <see cref="SocketException"/> or an
    /// <see cref="HttpRequestException"/> with <see cref="HttpRequestError.ConnectionError"/> anywhere in the chain) →
    /// its socket error or <see cref="TransportError.ConnectionRefused"/>; an <see cref="RpcException"/> → its status
    /// (see <see cref="ErrorOf"/>), except a reset stream, which is <see cref="TransportError.ConnectionReset"/>;
    /// a <see cref="TransportException"/> of our own (the TLS pin check) → its error and message;
    /// anything else → <see cref="TransportError.ConnectionReset"/>.
    /// </summary>
    /// <param name="exception">What Grpc.Net.Client threw.</param>
    /// <param name="context">What was being done.</param>
    public static TransportException FromClientException(Exception exception, string context)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is TransportException refused) // thrown by our own callbacks, e.g. a server certificate that is not the pinned one
                return new TransportException(refused.Error, $"{context}: {refused.Message}", exception);
            if (e is SocketException socket && socket.SocketErrorCode != SocketError.OperationAborted) return SocketErrors.ToTransportException(socket, context);
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
                return new TransportException(TransportError.ConnectionRefused, $"{context}: {e.Message}", exception);
            if (e is HttpProtocolException http)
                return new TransportException(TransportError.ConnectionReset, $"{context}: HTTP/2 stream reset, error code 0x{http.ErrorCode:x} (RST_STREAM)", exception);
        }
        if (exception is RpcException rpc) return ToTransportException(rpc.Status, context, exception);
        return new TransportException(TransportError.ConnectionReset, $"{context}: the call was reset ({exception.Message})", exception);
    }

    /// <summary>The upper-case name of a status with its number, e.g. <c>RESOURCE_EXHAUSTED (8)</c>.</summary>
    /// <param name="status">The status.</param>
    public static string StatusName(StatusCode status)
    {
        var name = status.ToString();
        if (name.Length == 0 || char.IsDigit(name[0])) return ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var upper = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) upper.Append('_');
            upper.Append(char.ToUpperInvariant(name[i]));
        }
        return $"{upper} ({(int)status})";
    }
}
