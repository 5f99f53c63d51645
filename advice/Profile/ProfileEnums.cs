namespace Transports.Advice.Profile;

/// <summary>The shape of an API's traffic (profile key <c>pattern</c>).</summary>
public enum TrafficPattern
{
    /// <summary><c>request-response</c>: the client sends a request and waits for its response (RPC, REST).</summary>
    RequestResponse,
    /// <summary><c>server-push</c>: the server sends messages the client did not ask for one by one (events, quotes, game state).</summary>
    ServerPush,
    /// <summary><c>client-stream</c>: the client sends a stream of messages (telemetry, uploads of readings).</summary>
    ClientStream,
    /// <summary><c>bidirectional</c>: both sides send independent messages (chat, collaboration, games).</summary>
    Bidirectional,
    /// <summary><c>bulk-file</c>: one large transfer where only the total time matters (file, backup, media).</summary>
    BulkFile,
}

/// <summary>What the API needs delivered (profile key <c>reliability</c>).</summary>
public enum Reliability
{
    /// <summary><c>every-message-in-order</c>: every message arrives, in send order (the default).</summary>
    EveryMessageInOrder,
    /// <summary><c>every-message</c>: every message arrives; order between messages does not matter.</summary>
    EveryMessage,
    /// <summary><c>latest-value-wins</c>: a newer message supersedes an older one, so a lost message need not be resent.</summary>
    LatestValueWins,
}

/// <summary>Who the clients are (profile key <c>clients</c>).</summary>
public enum ClientKind
{
    /// <summary><c>native</c>: programs that open any socket (services, apps, devices).</summary>
    Native,
    /// <summary><c>browser</c>: web pages, which reach the network only through the browser's APIs.</summary>
    Browser,
}

/// <summary>How clients use connections (profile key <c>connections</c>).</summary>
public enum ConnectionUse
{
    /// <summary><c>long-lived</c>: a client connects once and sends many messages (the default).</summary>
    LongLived,
    /// <summary><c>per-request</c>: a new connection per request, so the handshake is part of every request's latency.</summary>
    PerRequest,
}
