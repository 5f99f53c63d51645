using Microsoft.AspNetCore.Http;
using Transports.Grpc.Wire;

namespace Transports.Grpc.Server;

/// <summary>How the server writes response headers and the call status (PROTOCOL-HTTP2.md "Responses").</summary>
internal static class GrpcServerResponses
{
    /// <summary>
    /// Response-Headers: <c>:status 200</c>, <c>content-type</c> (echoing <c>+proto</c> when the client used it) and
    /// <c>grpc-accept-encoding</c>. We never compress, so no <c>grpc-encoding</c> is sent.
    /// </summary>
    public static void WriteHeaders(HttpResponse response, string requestContentType)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = requestContentType.StartsWith(GrpcProtocol.ContentTypeProto, StringComparison.OrdinalIgnoreCase)
            ? GrpcProtocol.ContentTypeProto : GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.AcceptedEncodings;
    }

    /// <summary>
    /// Writes <c>grpc-status</c> (and <c>grpc-message</c> when not empty): as trailers when the response has started,
    /// otherwise as the headers of a Trailers-Only response (one HEADERS frame with END_STREAM, which Kestrel sends when
    /// the response completes without a body).
    /// </summary>
    public static void WriteStatus(HttpResponse response, GrpcStatusCode status, string message)
    {
        var code = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var encoded = string.IsNullOrEmpty(message) ? null : GrpcStatusMessage.Encode(message);
        if (!response.HasStarted)
        {
            response.Headers[GrpcProtocol.StatusHeader] = code;
            if (encoded is not null) response.Headers[GrpcProtocol.MessageHeader] = encoded;
            return;
        }
        response.AppendTrailer(GrpcProtocol.StatusHeader, code);
        if (encoded is not null) response.AppendTrailer(GrpcProtocol.MessageHeader, encoded);
    }

    /// <summary>Ends a call that never started with a Trailers-Only response carrying <paramref name="status"/>.</summary>
    public static Task WriteTrailersOnlyAsync(HttpResponse response, string requestContentType, GrpcStatusCode status, string message)
    {
        if (!response.HasStarted) WriteHeaders(response, requestContentType);
        WriteStatus(response, status, message);
        return response.CompleteAsync();
    }
}
