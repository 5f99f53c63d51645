namespace Transports.Measure.Processes;

/// <summary>Finds an external program the harness runs (node for charts, iperf3 and sockperf for anchors).</summary>
public static class ExecutablePath
{
    /// <summary>
    /// <paramref name="nameOrPath"/> itself (made absolute) when it has a directory part and exists; otherwise the first
    /// match on PATH (with <c>.exe</c> tried first on Windows); null when not found.
    /// </summary>
    /// <param name="nameOrPath">A program name (<c>node</c>) or a path.</param>
    public static string? Find(string nameOrPath)
    {
        if (nameOrPath.Contains(Path.DirectorySeparatorChar) || nameOrPath.Contains(Path.AltDirectorySeparatorChar))
            return File.Exists(nameOrPath) ? Path.GetFullPath(nameOrPath) : null;
        string[] names = OperatingSystem.IsWindows() ? [nameOrPath + ".exe", nameOrPath] : [nameOrPath];
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
