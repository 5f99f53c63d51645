using System.Diagnostics;
using Transports.Harness.Cli;

namespace Transports.Harness.Gate;

/// <summary>
/// Builds the harness of another commit for an interleaved gate (<c>-baseline-build REF</c>; docs/CI.md): REF is
/// resolved to a commit, checked out with <c>git worktree add --detach</c> under the system temp folder, built, and
/// its output copied to a cache keyed by the commit hash (<c>$TMPDIR/transports-gate/&lt;hash&gt;/harness</c>, reused
/// by the next gate of the same commit); the worktree is removed in every case (success, failed build, Ctrl-C), and
/// worktrees left by a gate that was killed outright are removed by the next one.
/// </summary>
/// <param name="repository">A folder inside the git repository to build from.</param>
/// <param name="build">Builds the checked-out worktree (its root) and returns the folder with <c>harness.dll</c>.</param>
/// <param name="cacheRoot">Where builds and worktrees live (default <c>$TMPDIR/transports-gate</c>).</param>
internal sealed class BaselineBuild(string repository, Func<string, CancellationToken, Task<string>> build, string? cacheRoot = null)
{
    /// <summary>The harness's entry assembly in a build output.</summary>
    public const string EntryAssembly = "harness.dll";

    private const string CompleteMarker = ".complete";

    /// <summary>Where builds and worktrees live.</summary>
    public string CacheRoot { get; } = cacheRoot ?? Path.Combine(Path.GetTempPath(), "transports-gate");

    /// <summary>The full commit hash <paramref name="reference"/> names.</summary>
    /// <exception cref="UsageException">Not a git repository, or no such commit.</exception>
    public async Task<string> ResolveAsync(string reference, CancellationToken ct)
    {
        if (reference.StartsWith('-')) throw new UsageException($"'{reference}' is not a commit");
        var (exit, output, error) = await Git(repository, ct, "rev-parse", "--verify", "--quiet", $"{reference}^{{commit}}").ConfigureAwait(false);
        if (exit != 0) throw new UsageException($"-baseline-build: '{reference}' is not a commit of {repository}{(error.Length > 0 ? $" ({error})" : "")}");
        return output.Trim();
    }

    /// <summary>The built harness.dll of <paramref name="commit"/>: from the cache, or built now in a temporary worktree.</summary>
    /// <param name="commit">A full commit hash (<see cref="ResolveAsync"/>).</param>
    /// <param name="progress">One line per step.</param>
    /// <param name="ct">Cancels the build; the worktree is removed anyway.</param>
    /// <exception cref="UsageException">The worktree could not be made or the build failed.</exception>
    public async Task<string> PrepareAsync(string commit, Action<string> progress, CancellationToken ct)
    {
        var cached = Path.Combine(CacheRoot, commit, "harness");
        if (File.Exists(Path.Combine(CacheRoot, commit, CompleteMarker)) && File.Exists(Path.Combine(cached, EntryAssembly)))
        {
            progress($"gate: baseline build {commit[..12]} from the cache ({cached})");
            return Path.Combine(cached, EntryAssembly);
        }
        Directory.CreateDirectory(CacheRoot);
        await RemoveAbandonedAsync().ConfigureAwait(false);
        var worktree = Path.Combine(CacheRoot, $"wt-{commit[..12]}-{Environment.ProcessId}");
        progress($"gate: building the baseline {commit[..12]} in {worktree}");
        try
        {
            var (exit, _, error) = await Git(repository, ct, "worktree", "add", "--detach", worktree, commit).ConfigureAwait(false);
            if (exit != 0) throw new UsageException($"git worktree add {commit[..12]} failed: {error}");
            await ReuseQuinnNativeAsync(commit, worktree, ct).ConfigureAwait(false);
            var output = await build(worktree, ct).ConfigureAwait(false);
            if (!File.Exists(Path.Combine(output, EntryAssembly))) throw new UsageException($"the baseline build wrote no {EntryAssembly} in {output}");
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
            CopyDirectory(output, cached);
            await File.WriteAllTextAsync(Path.Combine(CacheRoot, commit, CompleteMarker), commit + "\n", CancellationToken.None).ConfigureAwait(false);
            return Path.Combine(cached, EntryAssembly);
        }
        finally
        {
            await RemoveWorktreeAsync(worktree).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>dotnet build</c> of the harness project in <paramref name="worktree"/> (Release); returns its output folder.
    /// The default <see cref="BaselineBuild"/> builder.
    /// </summary>
    /// <exception cref="UsageException">The build failed (its last lines in the message).</exception>
    public static async Task<string> DotnetBuildAsync(string worktree, CancellationToken ct)
    {
        var project = Path.Combine(worktree, "harness", "Harness", "Transports.Harness.csproj");
        if (!File.Exists(project)) throw new UsageException($"the baseline commit has no {Path.GetRelativePath(worktree, project)}: it predates the harness");
        var (exit, output, error) = await Run("dotnet", worktree, ct, "build", project, "-c", "Release", "-nologo", "-v", "q").ConfigureAwait(false);
        if (exit != 0)
        {
            var last = (output + "\n" + error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3);
            throw new UsageException($"building the baseline failed (exit {exit}): {string.Join(" | ", last)}");
        }
        return Path.Combine(worktree, "harness", "Harness", "bin", "Release", "net10.0");
    }

    /// <summary>
    /// The quinn native library takes minutes to build with cargo; when the baseline commit's native sources equal the
    /// working tree's, the one already built here is copied in (newer than the sources, so the build skips cargo).
    /// </summary>
    private async Task ReuseQuinnNativeAsync(string commit, string worktree, CancellationToken ct)
    {
        var (top, root, _) = await Git(repository, ct, "rev-parse", "--show-toplevel").ConfigureAwait(false);
        if (top != 0) return;
        const string native = "transports/Quic/native";
        var library = Path.Combine(root.Trim(), native, "target", "release", "libtransports_quinn.so");
        if (!File.Exists(library)) return;
        var (same, _, _) = await Git(repository, ct, "diff", "--quiet", commit, "--", native).ConfigureAwait(false);
        if (same != 0) return;
        var target = Path.Combine(worktree, native, "target", "release", "libtransports_quinn.so");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(library, target, overwrite: true);
        File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
    }

    private async Task RemoveWorktreeAsync(string worktree)
    {
        await Git(repository, CancellationToken.None, "worktree", "remove", "--force", worktree).ConfigureAwait(false);
        if (Directory.Exists(worktree)) Directory.Delete(worktree, recursive: true);
        await Git(repository, CancellationToken.None, "worktree", "prune").ConfigureAwait(false);
    }

    /// <summary>Worktrees of gates whose process is gone (killed before their cleanup ran).</summary>
    private async Task RemoveAbandonedAsync()
    {
        foreach (var dir in Directory.EnumerateDirectories(CacheRoot, "wt-*"))
        {
            var pid = Path.GetFileName(dir).Split('-').Last();
            if (int.TryParse(pid, out var id) && id != Environment.ProcessId && !Alive(id)) await RemoveWorktreeAsync(dir).ConfigureAwait(false);
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }

    private static Task<(int Exit, string Output, string Error)> Git(string directory, CancellationToken ct, params string[] args)
        => Run("git", directory, ct, args);

    private static async Task<(int Exit, string Output, string Error)> Run(string file, string directory, CancellationToken ct, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new UsageException($"could not start {file}");
        var output = p.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = p.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await p.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return (p.ExitCode, await output.ConfigureAwait(false), (await error.ConfigureAwait(false)).Trim());
    }
}
