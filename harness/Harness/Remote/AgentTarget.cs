using System.Net;

namespace Transports.Harness.Remote;

/// <summary>The agent a two-host run uses (<c>-server HOST[:PORT]</c>) and the shared token.</summary>
/// <param name="Endpoint">The agent's control endpoint.</param>
/// <param name="Token">The shared token (from -token, -token-file or $TRANSPORTS_AGENT_TOKEN).</param>
public sealed record AgentTarget(IPEndPoint Endpoint, string Token)
{
    /// <inheritdoc />
    public override string ToString() => Endpoint.ToString(); // never the token
}
