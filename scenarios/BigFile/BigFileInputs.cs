using Transports.Abstractions;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>Where bigfile's bytes come from and go on a host: the user's file, the warm-up file, the sink folder and the sink.</summary>
internal static class BigFileInputs
{
    /// <summary>The input of a warm-up run: the test file of the warm-up size (or the input itself when no smaller).</summary>
    public static async Task<BigFileInput> WarmupAsync(BigFileInput input, BigFileSettings settings, CancellationToken cancellationToken)
    {
        long size = WarmupLength(settings, input.LengthBytes);
        return size == input.LengthBytes ? input : await TestFileCache.GetAsync(size, input.Method, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Bytes a warm-up run moves when the input has <paramref name="inputBytes"/>.</summary>
    public static long WarmupLength(BigFileSettings settings, long inputBytes) => Math.Min(settings.WarmupSizeBytes, inputBytes);

    /// <summary>
    /// A receive sink for <paramref name="lengthBytes"/> in the settings' folder (the system temp folder when none),
    /// with a receive buffer that fits the chunk size and the transport's largest message.
    /// </summary>
    /// <exception cref="IOException">The file cannot be created, or there is no room.</exception>
    public static ReceiveSink CreateSink(BigFileSettings settings, string name, TransportCapabilities capabilities, long lengthBytes)
        => ReceiveSink.Create(settings.Sink, settings.SinkDir.Length > 0 ? settings.SinkDir : Path.GetTempPath(), name, lengthBytes,
            Math.Max(settings.ChunkSizeBytes, capabilities.MaxMessageSizeBytes ?? 0), settings.HashMethod);

    /// <summary>
    /// /dev/shm (RAM-backed) when it has room for the file plus 10%: a disk-backed sink measures the disk, not the
    /// transport (on the reference machine ext4 takes writes at ~150 MB/s). Otherwise the system temp folder.
    /// </summary>
    public static string DefaultSinkDirectory(long fileBytes)
    {
        const string shm = "/dev/shm";
        try
        {
            if (Directory.Exists(shm) && new DriveInfo(shm).AvailableFreeSpace > fileBytes + fileBytes / 10) return shm;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // no usable tmpfs
        }
        return Path.GetTempPath();
    }

    /// <summary>A user's file (<c>-file</c>), checked streamable and hashed.</summary>
    /// <exception cref="ScenarioSetupException">Missing, a folder, not a regular file, or unreadable.</exception>
    public static async Task<BigFileInput> ReadUserFileAsync(string path, IntegrityMethod method, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new ScenarioSetupException($"-file {path}: is a folder, not a file");
        if (!File.Exists(full)) throw new ScenarioSetupException($"-file {path}: no such file");
        try
        {
            // A FIFO blocks the hash for ever and /dev/zero never ends: only a regular file has a length to stream.
            if (FileKind.NotRegular(full) is { } kind)
                throw new ScenarioSetupException($"-file {path}: is {kind}, not a regular file (bigfile streams a file of known length)");
            var hash = await ContentHash.OfFileAsync(full, method, cancellationToken).ConfigureAwait(false);
            return new BigFileInput(full, new FileInfo(full).Length, hash, method, IsGenerated: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioSetupException($"-file {path}: cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The generated test file of <paramref name="lengthBytes"/> (made once, cached).</summary>
    /// <exception cref="ScenarioSetupException">The cache folder is not writable or the disk is full.</exception>
    public static async Task<BigFileInput> TestFileAsync(long lengthBytes, IntegrityMethod method, CancellationToken cancellationToken)
    {
        try
        {
            return await TestFileCache.GetAsync(lengthBytes, method, p => Console.Error.WriteLine($"generating the {lengthBytes}-byte test file once: {p}"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioSetupException($"cannot create the test file in {TestFileCache.Directory}: {e.Message}", e);
        }
    }
}
