namespace Transports.Grpc.Wire;

/// <summary>
/// gRPC status codes, sent in the <c>grpc-status</c> trailer as decimal ASCII
/// (grpc/grpc doc/statuscodes.md; PROTOCOL-HTTP2.md "Status").
/// </summary>
public enum GrpcStatusCode
{
    /// <summary>Not an error; returned on success.</summary>
    OK = 0,
    /// <summary>The operation was cancelled, typically by the caller (RST_STREAM CANCEL).</summary>
    Cancelled = 1,
    /// <summary>Unknown error, e.g. a non-gRPC HTTP status.</summary>
    Unknown = 2,
    /// <summary>The client specified an invalid argument.</summary>
    InvalidArgument = 3,
    /// <summary>The deadline (<c>grpc-timeout</c>) expired before the operation completed.</summary>
    DeadlineExceeded = 4,
    /// <summary>Some requested entity was not found.</summary>
    NotFound = 5,
    /// <summary>The entity that a client attempted to create already exists.</summary>
    AlreadyExists = 6,
    /// <summary>The caller does not have permission.</summary>
    PermissionDenied = 7,
    /// <summary>Some resource has been exhausted, e.g. a message exceeded the maximum message size.</summary>
    ResourceExhausted = 8,
    /// <summary>The system is not in a state required for the operation.</summary>
    FailedPrecondition = 9,
    /// <summary>The operation was aborted (concurrency conflict).</summary>
    Aborted = 10,
    /// <summary>The operation was attempted past the valid range.</summary>
    OutOfRange = 11,
    /// <summary>The method is not implemented or not supported (unknown path, unsupported encoding).</summary>
    Unimplemented = 12,
    /// <summary>Internal error: an invariant was broken, e.g. a malformed length-prefixed message.</summary>
    Internal = 13,
    /// <summary>The service is currently unavailable.</summary>
    Unavailable = 14,
    /// <summary>Unrecoverable data loss or corruption.</summary>
    DataLoss = 15,
    /// <summary>The request lacks valid authentication credentials.</summary>
    Unauthenticated = 16,
}
