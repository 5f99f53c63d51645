namespace Transports.Remote.Control;

/// <summary>The peer on the control channel broke the protocol (malformed, oversized, truncated or unexpected message,
/// wrong token, too slow); the message is one line. The session ends; the agent goes on serving.</summary>
public sealed class ControlProtocolException(string message) : Exception(message);
