namespace Transports.Grpc.Calls;

/// <summary>Request metadata the unary Echo method understands besides the run token (docs/GRPC.md).</summary>
public static class EchoMetadata
{
    /// <summary>
    /// Asks Echo to answer with a Chunk of this many bytes (0 to the maximum message size) instead of the request: a
    /// request/response of two sizes, as the rpc scenario's h2load anchor sends (docs/SCENARIOS-RPC.md).
    /// </summary>
    public const string ResponseBytes = "bench-response-bytes";
}
