namespace Transports.Grpc.Calls;

/// <summary>The request metadata that proves a call belongs to this run (see <c>RunMembership</c>).</summary>
public static class RunTokenMetadata
{
    /// <summary>Metadata key (lowercase, as HTTP/2 requires); the value is the run token as 32 lowercase hex digits.</summary>
    public const string Key = "transports-run-token";
}
