namespace Transports.Measure.Processes;

/// <summary>An external program could not be started, exited before it was ready, or did not finish in time; the message says which, in one line.</summary>
/// <param name="message">The one-line reason, naming the command.</param>
public sealed class ExternalProcessException(string message) : Exception(message);
