using Transports.Measure.Processes;
using System.Net.Sockets;
using Transports.Results;

namespace Transports.Harness.Anchors;

/// <summary>The steps every anchor takes: find the tool, ask its version, run a server and a client, turn failures into results.</summary>
internal static class ToolRun
{
    /// <summary>Longest wait for a tool's server to say it listens.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Time a client gets beyond its test duration (start-up, warm-up, report) before it is killed.</summary>
    public static readonly TimeSpan ClientGrace = TimeSpan.FromSeconds(30);

    /// <summary>The skipped result for a tool that is not installed.</summary>
    /// <param name="template">The anchor's result with its identity filled in.</param>
    /// <param name="package">The Debian package that provides it.</param>
    public static AnchorResult NotInstalled(AnchorResult template, string package)
        => template with { Status = TransportStatus.Skipped, Error = $"{template.Tool} is not installed (Debian package {package}; ./run.sh installs it)" };

    /// <summary>
    /// Runs <paramref name="measure"/> and returns its result; an <see cref="AnchorException"/>, <see cref="ExternalProcessException"/> or a socket or I/O error
    /// becomes a failed result with the message, Ctrl-C an incomplete one. Never throws.
    /// </summary>
    /// <param name="template">The anchor's result with its identity filled in.</param>
    /// <param name="measure">Runs the tool and returns the template with its numbers.</param>
    /// <param name="cancellationToken">Ctrl-C.</param>
    public static async Task<AnchorResult> GuardedAsync(AnchorResult template, Func<Task<AnchorResult>> measure, CancellationToken cancellationToken)
    {
        try
        {
            return await measure().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return template with { Status = TransportStatus.Incomplete, Error = "interrupted (Ctrl-C or SIGTERM)" };
        }
        catch (Exception e) when (e is AnchorException or ExternalProcessException or SocketException or IOException or InvalidOperationException)
        {
            return template with { Status = TransportStatus.Failed, Error = e.Message };
        }
    }

    /// <summary>The first line the tool prints for <paramref name="versionArgument"/> (e.g. "iperf 3.12"); empty when it prints none in 5 s.</summary>
    /// <param name="executable">Full path of the tool.</param>
    /// <param name="versionArgument">Its version flag.</param>
    /// <param name="cancellationToken">Ctrl-C.</param>
    public static async Task<string> VersionAsync(string executable, string versionArgument, CancellationToken cancellationToken)
    {
        try
        {
            await using var tool = ExternalProcess.Start(executable, [versionArgument]);
            await tool.WaitForExitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            var text = tool.StandardOutput.Trim().Length > 0 ? tool.StandardOutput : tool.StandardError;
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        }
        catch (ExternalProcessException)
        {
            return "";
        }
    }

    /// <summary>
    /// Starts the tool's server, waits until it prints a line matching <paramref name="ready"/>, runs the client to its
    /// end (bounded by <paramref name="clientTimeout"/>), then stops the server.
    /// </summary>
    /// <returns>The client's exit code, standard output and command line.</returns>
    /// <exception cref="ExternalProcessException">The server was not ready, or the client did not finish in time.</exception>
    public static async Task<(int ExitCode, string Output, string LastLine, string Command)> ServerClientAsync(string executable,
        IEnumerable<string> serverArguments, Func<string, bool> ready, IEnumerable<string> clientArguments, TimeSpan clientTimeout,
        CancellationToken cancellationToken)
    {
        await using var server = ExternalProcess.Start(executable, serverArguments);
        await server.WaitForLineAsync(ready, ReadyTimeout, cancellationToken).ConfigureAwait(false);
        await using var client = ExternalProcess.Start(executable, clientArguments);
        int exit = await client.WaitForExitAsync(clientTimeout, cancellationToken).ConfigureAwait(false);
        return (exit, client.StandardOutput, client.LastLine(), client.CommandLine);
    }

    /// <summary>A test duration as the whole seconds the tools take (at least 1).</summary>
    /// <param name="seconds">Wanted duration.</param>
    public static int WholeSeconds(double seconds) => Math.Max(1, (int)Math.Round(seconds));
}
