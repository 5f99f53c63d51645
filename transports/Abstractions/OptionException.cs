namespace Transports.Abstractions;

/// <summary>An option has an invalid value. The message names the option and the valid range.</summary>
public sealed class OptionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line naming the option, the bad value and what is allowed.</param>
    public OptionException(string message) : base(message) { }
}
