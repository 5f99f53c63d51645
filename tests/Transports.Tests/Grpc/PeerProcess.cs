using System.Diagnostics;

namespace Transports.Tests.Grpc;

/// <summary>Starts an interop peer process and runs it to completion within a time bound.</summary>
internal static class PeerProcess
{
    public static Process Start(string fileName, string workingDirectory, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
    }

    /// <summary>Waits for <paramref name="process"/> (killing it after <paramref name="timeout"/>) and returns its stdout; throws with stderr on failure.</summary>
    public static async Task<string> RunAsync(Process process, string what, TimeSpan timeout)
    {
        using var _ = process;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not finish within {timeout.TotalSeconds} s; stderr: {await stderr}");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{what} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
