namespace Transports.Remote.Agent;

/// <summary>A client's request the agent cannot carry out (answered with <see cref="Control.Failed"/>; the session goes on).</summary>
/// <param name="kind">One of <see cref="Control.RunMessages.FailureKinds"/>.</param>
/// <param name="message">One line.</param>
internal sealed class AgentRequestException(string kind, string message) : Exception(message)
{
    /// <summary>The failure's kind.</summary>
    public string Kind { get; } = kind;
}
