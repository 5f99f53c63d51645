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
    public static Task<string> RunAsync(string script, TimeSpan timeout, params string[] args)
        => PeerProcess.RunAsync(Start(script, args), $"node {script}", timeout);

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
        => PeerProcess.Start(FindNode()!, Directory, [Path.Combine(Directory, script), .. args]);

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

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Transports.sln"))) return dir.FullName;
        throw new InvalidOperationException("Transports.sln not found above " + AppContext.BaseDirectory);
    }
}
