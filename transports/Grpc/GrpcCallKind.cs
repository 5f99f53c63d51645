namespace Transports.Grpc;

/// <summary>Which call of service <c>transports.bench.v1.Bench</c> (Protos/bench.proto) a connection is.</summary>
public enum GrpcCallKind
{
    /// <summary>Unary Echo (served by the server itself, never a transport connection).</summary>
    Echo = 0,
    /// <summary>Client streaming: the client sends, the server answers once (ClientToServer).</summary>
    Upload = 1,
    /// <summary>Server streaming: the server sends (ServerToClient).</summary>
    Download = 2,
    /// <summary>Bidirectional streaming (Bidirectional).</summary>
    Exchange = 3,
}
