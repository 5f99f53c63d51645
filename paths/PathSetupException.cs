namespace Transports.Paths;

/// <summary>A network path could not be set up or torn down (no root, no iproute2, a kernel without namespaces); the
/// message is one line saying which step failed and why.</summary>
public sealed class PathSetupException(string message) : Exception(message);
