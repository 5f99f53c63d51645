using Transports.Measure.Processes;

namespace Transports.Paths.Namespaces;

/// <summary>Runs iproute2's <c>ip</c> (ip-netns(8), ip-link(8), ip-address(8)) with a deadline and turns a failure into one line.</summary>
public static class IpCommand
{
    /// <summary>Longest one <c>ip</c> call may take.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Runs <c>ip ARGS</c>.</summary>
    /// <param name="arguments">The arguments, e.g. <c>["netns", "add", "x"]</c>.</param>
    /// <param name="cancellationToken">Stops waiting (the command is killed).</param>
    /// <returns>Its standard output.</returns>
    /// <exception cref="PathSetupException">ip is missing, failed, or overran <see cref="Deadline"/>; the message names the
    /// command and ip's own error line (e.g. "Operation not permitted" without root).</exception>
    public static async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        ExternalProcess ip;
        try
        {
            ip = ExternalProcess.Start("ip", arguments);
        }
        catch (ExternalProcessException e)
        {
            throw new PathSetupException($"network namespaces need iproute2's ip: {e.Message}");
        }
        await using (ip)
        {
            int code;
            try
            {
                code = await ip.WaitForExitAsync(Deadline, cancellationToken).ConfigureAwait(false);
            }
            catch (ExternalProcessException e)
            {
                throw new PathSetupException($"ip {string.Join(' ', arguments)}: {e.Message}");
            }
            if (code != 0)
            {
                var why = ip.StandardError.Trim().Split('\n').LastOrDefault(l => l.Length > 0) ?? $"exit {code}";
                throw new PathSetupException($"ip {string.Join(' ', arguments)}: {why}");
            }
            return ip.StandardOutput;
        }
    }
}
