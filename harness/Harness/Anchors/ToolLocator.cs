namespace Transports.Harness.Anchors;

/// <summary>Finds a reference tool's executable.</summary>
internal static class ToolLocator
{
    /// <summary>
    /// The full path of <paramref name="executable"/>: itself when it contains a directory and exists, else the first
    /// match on PATH; null when not found.
    /// </summary>
    /// <param name="executable">A name (<c>iperf3</c>) or a path.</param>
    public static string? Find(string executable)
    {
        if (executable.Contains(Path.DirectorySeparatorChar)) return File.Exists(executable) ? executable : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, executable);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
