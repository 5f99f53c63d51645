namespace Transports.Abstractions;

/// <summary>
/// Which way application data will flow on a new connection. Most transports ignore it; transports whose call
/// shape depends on it (gRPC: client-streaming, server-streaming or bidirectional call) use it to choose.
/// </summary>
public enum StreamDirection
{
    /// <summary>Client and server both send (e.g. gRPC bidi streaming). The default.</summary>
    Bidirectional = 0,

    /// <summary>Mostly client to server (upload; e.g. gRPC client streaming).</summary>
    ClientToServer = 1,

    /// <summary>Mostly server to client (download; e.g. gRPC server streaming).</summary>
    ServerToClient = 2,
}
