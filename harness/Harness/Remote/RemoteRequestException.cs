namespace Transports.Harness.Remote;

/// <summary>The agent could not carry out a request (its <c>failed</c> answer); the session goes on.</summary>
/// <param name="kind">The agent's failure kind, e.g. "unavailable" or "setup".</param>
/// <param name="message">One line naming the agent.</param>
public sealed class RemoteRequestException(string kind, string message) : Exception(message)
{
    /// <summary>The agent's failure kind.</summary>
    public string Kind { get; } = kind;
}
