using Transports.Abstractions;

namespace Transports.Grpc.Wire;

/// <summary>A gRPC call failed, or must fail, with <see cref="StatusCode"/> (sent or received in <c>grpc-status</c>).</summary>
public sealed class GrpcStatusException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The gRPC status.</param>
    /// <param name="detail">The status message (<c>grpc-message</c>), plain text.</param>
    /// <param name="innerException">The cause, if any.</param>
    public GrpcStatusException(GrpcStatusCode statusCode, string detail, Exception? innerException = null)
        : base(detail, innerException)
    {
        StatusCode = statusCode;
        Detail = detail;
    }

    /// <summary>The gRPC status.</summary>
    public GrpcStatusCode StatusCode { get; }

    /// <summary>The status message, plain text.</summary>
    public string Detail { get; }

    /// <summary>
    /// The abstraction's view of a gRPC status: CANCELLED → <see cref="TransportError.ConnectionReset"/>,
    /// DEADLINE_EXCEEDED → <see cref="TransportError.Timeout"/>, RESOURCE_EXHAUSTED → <see cref="TransportError.MessageTooLarge"/>,
    /// UNIMPLEMENTED → <see cref="TransportError.NotSupported"/>, INTERNAL → <see cref="TransportError.ProtocolError"/>,
    /// anything else → <see cref="TransportError.Unknown"/>.
    /// </summary>
    /// <param name="context">What was being done, e.g. "grpc receive".</param>
    public TransportException ToTransportException(string context) => ToTransportException(StatusCode, Detail, context, this);

    /// <summary>Maps a status to a <see cref="TransportException"/> (see the instance overload for the mapping).</summary>
    /// <param name="status">The gRPC status.</param>
    /// <param name="detail">Its message.</param>
    /// <param name="context">What was being done.</param>
    /// <param name="inner">The cause.</param>
    public static TransportException ToTransportException(GrpcStatusCode status, string detail, string context, Exception? inner = null)
    {
        var error = status switch
        {
            GrpcStatusCode.Cancelled => TransportError.ConnectionReset,
            GrpcStatusCode.DeadlineExceeded => TransportError.Timeout,
            GrpcStatusCode.ResourceExhausted => TransportError.MessageTooLarge,
            GrpcStatusCode.Unimplemented => TransportError.NotSupported,
            GrpcStatusCode.Internal => TransportError.ProtocolError,
            _ => TransportError.Unknown,
        };
        return new TransportException(error, $"{context}: gRPC status {StatusName(status)}: {detail}", inner);
    }

    /// <summary>The spec's upper-case name of a status, e.g. <c>RESOURCE_EXHAUSTED (8)</c>.</summary>
    /// <param name="status">The status.</param>
    public static string StatusName(GrpcStatusCode status) => status switch
    {
        GrpcStatusCode.OK => "OK (0)",
        GrpcStatusCode.Cancelled => "CANCELLED (1)",
        GrpcStatusCode.Unknown => "UNKNOWN (2)",
        GrpcStatusCode.InvalidArgument => "INVALID_ARGUMENT (3)",
        GrpcStatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED (4)",
        GrpcStatusCode.NotFound => "NOT_FOUND (5)",
        GrpcStatusCode.AlreadyExists => "ALREADY_EXISTS (6)",
        GrpcStatusCode.PermissionDenied => "PERMISSION_DENIED (7)",
        GrpcStatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED (8)",
        GrpcStatusCode.FailedPrecondition => "FAILED_PRECONDITION (9)",
        GrpcStatusCode.Aborted => "ABORTED (10)",
        GrpcStatusCode.OutOfRange => "OUT_OF_RANGE (11)",
        GrpcStatusCode.Unimplemented => "UNIMPLEMENTED (12)",
        GrpcStatusCode.Internal => "INTERNAL (13)",
        GrpcStatusCode.Unavailable => "UNAVAILABLE (14)",
        GrpcStatusCode.DataLoss => "DATA_LOSS (15)",
        GrpcStatusCode.Unauthenticated => "UNAUTHENTICATED (16)",
        _ => $"{(int)status}",
    };

    /// <summary>
    /// The status of a response without a usable gRPC status: HTTP status to gRPC per grpc/doc/http-grpc-status-mapping.md
    /// (400 → INTERNAL, 401 → UNAUTHENTICATED, 403 → PERMISSION_DENIED, 404 → UNIMPLEMENTED, 429/502/503/504 → UNAVAILABLE,
    /// other → UNKNOWN).
    /// </summary>
    /// <param name="httpStatus">The HTTP <c>:status</c>.</param>
    public static GrpcStatusCode FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => GrpcStatusCode.Internal,
        401 => GrpcStatusCode.Unauthenticated,
        403 => GrpcStatusCode.PermissionDenied,
        404 => GrpcStatusCode.Unimplemented,
        429 or 502 or 503 or 504 => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };
}
