using System.Text;

namespace Transports.Results;

/// <summary>
/// Writes files so a reader (or a crash) never sees half a file: the text goes to a temporary file in the same
/// folder, is flushed to disk, then renamed over the target (rename(2) is atomic within a file system).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> atomically (UTF-8, no BOM).</summary>
    /// <param name="path">Target file.</param>
    /// <param name="contents">Text to write.</param>
    /// <exception cref="IOException">The disk is full or the folder is not writable; the target is left unchanged.</exception>
    public static void WriteAllText(string path, string contents)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                var bytes = new UTF8Encoding(false).GetBytes(contents);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }
}
