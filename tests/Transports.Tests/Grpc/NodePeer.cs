using System.Diagnostics;
using Xunit;

namespace Transports.Tests.Grpc;

/// <summary>Runs the grpc-js peer scripts of tests/interop/grpc-js (installed by scripts/bootstrap.d/40-grpc-js.sh).</summary>
internal static class NodePeer
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "tests", "interop", "grpc-js");

    /// <summary>Skips the test, naming the bootstrap step, when node or the npm packages are missing.</summary>
    public static void RequireInstalled()
    {
        Skip.If(FindNode() is null, "node is not installed: run scripts/bootstrap.sh test");
        Skip.IfNot(System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@grpc", "grpc-js")),
            "grpc-js is not installed: run scripts/bootstrap.sh test (npm ci in tests/interop/grpc-js)");
    }

    /// <summary>Runs <paramref name="script"/> to completion (bounded by <paramref name="timeout"/>) and returns its stdout.</summary>
    public static async Task<string> RunAsync(string script, TimeSpan timeout, params string[] args)
    {
        using var process = Start(script, args);
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
            throw new TimeoutException($"node {script} did not finish within {timeout.TotalSeconds} s; stderr: {await stderr}");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"node {script} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    /// <summary>Starts server.js and waits (at most 30 s) for its "LISTENING port" line.</summary>
    public static async Task<(Process Process, int Port)> StartServerAsync()
    {
        var process = Start("server.js", []);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(cts.Token)
                    ?? throw new InvalidOperationException($"grpc-js server exited: {await process.StandardError.ReadToEndAsync()}");
                if (line.StartsWith("LISTENING ", StringComparison.Ordinal)) return (process, int.Parse(line["LISTENING ".Length..]));
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    private static Process Start(string script, string[] args)
    {
        var info = new ProcessStartInfo(FindNode()!)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(Directory, script));
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start node");
    }

    private static string? FindNode()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            foreach (var name in new[] { "node", "nodejs" })
            {
                var path = Path.Combine(dir, name);
                if (File.Exists(path)) return path;
            }
        }
        return null;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Transports.sln"))) return dir.FullName;
        throw new InvalidOperationException("Transports.sln not found above " + AppContext.BaseDirectory);
    }
}
