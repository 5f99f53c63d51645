namespace Transports.Grpc.Wire;

/// <summary>The calls of service <c>transports.bench.v1.Bench</c> (Protos/bench.proto) and their HTTP/2 <c>:path</c>s.</summary>
public static class GrpcMethods
{
    /// <summary>Fully qualified service name: proto package + service.</summary>
    public const string Service = "transports.bench.v1.Bench";

    /// <summary>Path of the unary Echo call ("Path → ":path" "/" Service-Name "/" {method name}").</summary>
    public const string EchoPath = "/" + Service + "/Echo";

    /// <summary>Path of the client-streaming Upload call.</summary>
    public const string UploadPath = "/" + Service + "/Upload";

    /// <summary>Path of the server-streaming Download call.</summary>
    public const string DownloadPath = "/" + Service + "/Download";

    /// <summary>Path of the bidirectional-streaming Exchange call.</summary>
    public const string ExchangePath = "/" + Service + "/Exchange";

    /// <summary>The path of a streaming call kind.</summary>
    /// <param name="kind">The call kind.</param>
    public static string PathOf(GrpcCallKind kind) => kind switch
    {
        GrpcCallKind.Upload => UploadPath,
        GrpcCallKind.Download => DownloadPath,
        GrpcCallKind.Exchange => ExchangePath,
        _ => EchoPath,
    };
}

/// <summary>Which call of the Bench service a connection is.</summary>
public enum GrpcCallKind
{
    /// <summary>Unary Echo (served by the server itself, never a transport connection).</summary>
    Echo = 0,
    /// <summary>Client streaming: client sends, server answers once (ClientToServer).</summary>
    Upload = 1,
    /// <summary>Server streaming: server sends (ServerToClient).</summary>
    Download = 2,
    /// <summary>Bidirectional streaming (Bidirectional).</summary>
    Exchange = 3,
}
