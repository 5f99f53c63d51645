namespace Transports.Harness;

/// <summary>Entry point of the harness CLI.</summary>
public static class Program
{
    /// <summary>Runs the CLI.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>0 on success, 1 when a transport failed, 2 on bad input, 130 on Ctrl-C.</returns>
    public static int Main(string[] args) => 0;
}
