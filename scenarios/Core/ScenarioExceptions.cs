namespace Transports.Scenarios.Core;

/// <summary>A scenario could not prepare its run (input file missing or unreadable, disk full while generating).</summary>
public sealed class ScenarioSetupException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line for the user.</param>
    /// <param name="innerException">The cause.</param>
    public ScenarioSetupException(string message, Exception? innerException = null) : base(message, innerException) { }
}

/// <summary>Bytes arrived corrupted, short or extra on a reliable transport: the number is not a result.</summary>
public sealed class IntegrityException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What did not match (hashes, byte counts).</param>
    public IntegrityException(string message) : base(message) { }
}
