using System.Diagnostics;

namespace Transports.Tests.Support;

/// <summary>Runs the real harness CLI (harness.dll next to the tests) as a child process, bounded in time.</summary>
public static class HarnessProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Task<Result> RunAsync(IEnumerable<string> args, string resultsRoot, TimeSpan? timeout = null,
        Func<Process, Task>? whileRunning = null, IReadOnlyDictionary<string, string>? environment = null)
        => RunProgramAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "harness.dll"), .. args], resultsRoot, timeout,
            whileRunning, environment);

    /// <summary>
    /// Runs <paramref name="program"/> (e.g. pwsh with ./run.ps1, which reaches the harness itself) the same way: results
    /// into <paramref name="resultsRoot"/> through TRANSPORTS_RESULTS, the shared test-file cache, bounded in time.
    /// </summary>
    public static async Task<Result> RunProgramAsync(string program, IEnumerable<string> args, string resultsRoot, TimeSpan? timeout = null,
        Func<Process, Task>? whileRunning = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["TRANSPORTS_RESULTS"] = resultsRoot;
        psi.Environment["TRANSPORTS_CACHE"] = TempDirectory.Cache;
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            if (whileRunning is not null) await whileRunning(process);
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} {string.Join(' ', psi.ArgumentList)} did not finish in time; stderr: {await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>
/// Per-test temporary folders, removed on dispose; plus a shared test-file cache for this test run, named after the test
/// process (<c>transports-cache-PID-…</c>), removed when the process exits, and swept on the next run if a killed run
/// left it behind (test files reach 512 MiB, so a leaked cache per run filled /tmp by gigabytes).
/// </summary>
public sealed class TempDirectory : IDisposable
{
    private const string CachePrefix = "transports-cache-";

    public static string Cache { get; } = CreateCache();

    private static string CreateCache()
    {
        foreach (var stale in Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), CachePrefix + "*"))
        {
            var rest = System.IO.Path.GetFileName(stale)[CachePrefix.Length..];
            var pidText = rest.Split('-')[0];
            if (int.TryParse(pidText, out var pid) && Directory.Exists($"/proc/{pid}")) continue;
            try { Directory.Delete(stale, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        var cache = Directory.CreateTempSubdirectory($"{CachePrefix}{Environment.ProcessId}-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(cache, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return cache;
    }

    public string Path { get; } = Directory.CreateTempSubdirectory("transports-test-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
