namespace Transports.Grpc.Wire;

/// <summary>
/// Names and constants of gRPC over HTTP/2 (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md).
/// Everything the transport writes on the wire is spelled here, so the wire code can be swapped as one piece.
/// </summary>
public static class GrpcProtocol
{
    /// <summary><c>content-type</c> of requests and responses ("Content-Type → application/grpc [("+proto" / "+json" / {custom})]").</summary>
    public const string ContentType = "application/grpc";

    /// <summary>The explicit protobuf subtype, accepted as equal to <see cref="ContentType"/>.</summary>
    public const string ContentTypeProto = "application/grpc+proto";

    /// <summary>Request header <c>te: trailers</c>, required by the spec to detect incompatible proxies.</summary>
    public const string TeTrailers = "trailers";

    /// <summary>Trailer (or Trailers-Only header) carrying the decimal <see cref="GrpcStatusCode"/>.</summary>
    public const string StatusHeader = "grpc-status";

    /// <summary>Trailer carrying the percent-encoded UTF-8 status message (see <see cref="GrpcStatusMessage"/>).</summary>
    public const string MessageHeader = "grpc-message";

    /// <summary>Request header with the call's timeout (see <see cref="GrpcTimeout"/>).</summary>
    public const string TimeoutHeader = "grpc-timeout";

    /// <summary>Header naming the compression of messages whose compressed flag is 1 (<c>identity</c>, <c>gzip</c>, …).</summary>
    public const string EncodingHeader = "grpc-encoding";

    /// <summary>Header listing the message encodings the sender accepts.</summary>
    public const string AcceptEncodingHeader = "grpc-accept-encoding";

    /// <summary>The encodings this implementation accepts: identity and gzip (RFC 1952).</summary>
    public const string AcceptedEncodings = "identity,gzip";

    /// <summary>The <c>gzip</c> message encoding.</summary>
    public const string GzipEncoding = "gzip";

    /// <summary>The <c>identity</c> (uncompressed) message encoding.</summary>
    public const string IdentityEncoding = "identity";

    /// <summary>Size of the Length-Prefixed-Message prefix: 1 byte compressed flag + 4 bytes big-endian length.</summary>
    public const int MessagePrefixBytes = 5;

    /// <summary>The gRPC default maximum received message size, 4 MiB.</summary>
    public const int DefaultMaxMessageBytes = 4 << 20;

    /// <summary>HTTP/2 RST_STREAM error code CANCEL (RFC 9113 section 7), which gRPC maps to CANCELLED.</summary>
    public const int Http2CancelErrorCode = 0x8;

    /// <summary>
    /// True when <paramref name="contentType"/> is a gRPC content type: <c>application/grpc</c> optionally followed by
    /// <c>+subtype</c> or <c>;parameters</c>. <paramref name="isProto"/> tells whether the subtype is protobuf (none or <c>+proto</c>).
    /// </summary>
    /// <param name="contentType">The header value, or null.</param>
    /// <param name="isProto">Set to true for <c>application/grpc</c> and <c>application/grpc+proto</c>.</param>
    public static bool IsGrpcContentType(string? contentType, out bool isProto)
    {
        isProto = false;
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)) return false;
        var rest = contentType.AsSpan(ContentType.Length);
        int semicolon = rest.IndexOf(';');
        if (semicolon >= 0) rest = rest[..semicolon];
        rest = rest.Trim();
        if (rest.IsEmpty) { isProto = true; return true; }
        if (rest[0] != '+') return false; // e.g. application/grpcfoo
        isProto = rest[1..].Equals("proto", StringComparison.OrdinalIgnoreCase);
        return true;
    }
}
