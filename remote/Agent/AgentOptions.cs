namespace Transports.Remote.Agent;

/// <summary>Limits of the agent: every wait is bounded, so no peer can wedge it.</summary>
/// <param name="HandshakeTimeout">Longest a connection may take from accept to a valid proof.</param>
/// <param name="IdleTimeout">Longest an authenticated session may stay silent before the agent ends it.</param>
public sealed record AgentOptions(TimeSpan HandshakeTimeout, TimeSpan IdleTimeout)
{
    /// <summary>5 s to authenticate, 60 s of silence at most.</summary>
    public static AgentOptions Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));
}
