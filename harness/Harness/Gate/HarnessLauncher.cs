using System.Diagnostics;
using Transports.Harness.Baselines;
using Transports.Harness.Cli;
using Transports.Results;

namespace Transports.Harness.Gate;

/// <summary>
/// Runs a harness (this one, or a baseline build's <c>harness.dll</c>) as a child process with the baseline's recorded
/// command line, each run into its own results root under <paramref name="runsRoot"/>; its console output is dropped,
/// its last error line kept for the message when it writes no results. On cancellation the child (which got the same
/// Ctrl-C) has 10 s to finish, then its process tree is killed.
/// </summary>
/// <param name="host">The executable to start (dotnet, or this harness's apphost).</param>
/// <param name="leadingArguments">Arguments before the command line (the harness.dll for dotnet; none for an apphost).</param>
/// <param name="arguments">The recorded command line, without <c>-results-dir</c>.</param>
/// <param name="runsRoot">Folder for the runs' results (one sub-folder per run).</param>
internal sealed class HarnessLauncher(string host, IReadOnlyList<string> leadingArguments, IReadOnlyList<string> arguments, string runsRoot) : IRunLauncher
{
    /// <summary>The harness running now: its apphost, or dotnet with this assembly.</summary>
    public static (string Host, string[] Leading) ThisHarness()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(host).Equals("harness", StringComparison.Ordinal)
            ? (host, [])
            : (host, [typeof(Program).Assembly.Location]);
    }

    /// <summary>A built harness.dll, run by the dotnet host running now (or the one on PATH).</summary>
    public static (string Host, string[] Leading) Dll(string harnessDll)
    {
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        return (host, [harnessDll]);
    }

    public async Task<ResultsDocument> RunAsync(GateSide side, int pair, CancellationToken ct)
    {
        var root = Path.Combine(runsRoot, $"{pair + 1:000}-{side.ToString().ToLowerInvariant()}");
        Directory.CreateDirectory(root);
        var psi = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in leadingArguments.Concat(arguments)) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("-results-dir");
        psi.ArgumentList.Add(root);
        using var child = Process.Start(psi) ?? throw new UsageException($"could not start {host}");
        string lastError = "";
        child.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) lastError = e.Data; };
        child.OutputDataReceived += (_, _) => { };
        child.BeginErrorReadLine();
        child.BeginOutputReadLine();
        try
        {
            await child.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await child.WaitForExitAsync(grace.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { child.Kill(entireProcessTree: true); }
            throw;
        }
        var run = new BaselineStore(root).LatestRun()
            ?? throw new UsageException($"the {side.ToString().ToLowerInvariant()} build's run {pair + 1} exited {child.ExitCode} without a results.json: {lastError}".TrimEnd(' ', ':'));
        return ResultsJson.Load(Path.Combine(run, BaselineStore.ResultsFile));
    }
}
