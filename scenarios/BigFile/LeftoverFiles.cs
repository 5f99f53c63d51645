using System.Globalization;
using System.Text.RegularExpressions;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// Removes what a killed run left behind: received files (<c>received-NAME-PID-GUID.bin</c>, hundreds of MB in
/// /dev/shm) and half-generated test files (<c>testfile-SIZE.bin.PID.tmp</c>) whose process no longer exists. Files of
/// a live process (another run going on at the same time) are left alone.
/// </summary>
public static partial class LeftoverFiles
{
    [GeneratedRegex(@"^received-.+-(?<pid>\d+)-[0-9a-f]{32}\.bin$")]
    private static partial Regex Received();

    [GeneratedRegex(@"^testfile-\d+\.bin\.(?<pid>\d+)\.tmp$")]
    private static partial Regex PartialTestFile();

    /// <summary>Deletes the leftovers of dead processes in <paramref name="directory"/>; returns how many were removed.</summary>
    /// <param name="directory">A sink folder or the test file cache; a missing one has nothing to clean.</param>
    public static int Clean(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        int removed = 0;
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            var match = Received().Match(name);
            if (!match.Success) match = PartialTestFile().Match(name);
            if (!match.Success || !int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            if (IsAlive(pid)) continue;
            try
            {
                File.Delete(path);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // another user's file, or gone already: not ours to force
            }
        }
        return removed;
    }

    /// <summary>True when a process with <paramref name="pid"/> exists (Linux: /proc/PID; elsewhere assume alive, removing nothing).</summary>
    private static bool IsAlive(int pid)
        => pid == Environment.ProcessId || !OperatingSystem.IsLinux() || Directory.Exists($"/proc/{pid}");
}
