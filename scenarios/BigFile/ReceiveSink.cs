using Microsoft.Win32.SafeHandles;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// Where the receiver puts the bytes: a file (written with positional writes, no extra buffering; removed after
/// verification) or nowhere (<c>-sink null</c>). Write failures (disk full) surface as <see cref="IOException"/>.
/// </summary>
public sealed class ReceiveSink : IDisposable
{
    private readonly SafeFileHandle? _handle;

    private ReceiveSink(string? path, SafeFileHandle? handle)
    {
        Path = path;
        _handle = handle;
    }

    /// <summary>The file written, or null for the null sink.</summary>
    public string? Path { get; }

    /// <summary>True for the null sink.</summary>
    public bool IsNull => _handle is null;

    /// <summary>Creates a sink.</summary>
    /// <param name="kind">"file" or "null".</param>
    /// <param name="directory">Folder for the received file (file sink).</param>
    /// <param name="name">File name stem, e.g. the transport name.</param>
    /// <param name="expectedBytes">
    /// Bytes expected; the file is preallocated (fallocate) to this size before the transfer, so allocating the
    /// space (page allocation on tmpfs, extents on disk) is not timed, and a full disk shows before the transfer.
    /// </param>
    /// <exception cref="IOException">The file cannot be created, or there is no room for <paramref name="expectedBytes"/>.</exception>
    public static ReceiveSink Create(string kind, string directory, string name, long expectedBytes)
    {
        if (kind == "null") return new ReceiveSink(null, null);
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, $"received-{name}-{Environment.ProcessId}-{Guid.NewGuid():N}.bin");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, FileOptions.None, preallocationSize: expectedBytes);
        return new ReceiveSink(path, handle);
    }

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/> (bytes from the start of the file).</summary>
    /// <param name="data">Bytes received.</param>
    /// <param name="offset">Position in the file.</param>
    /// <exception cref="IOException">The write failed (e.g. no space left on the device).</exception>
    public void Write(ReadOnlySpan<byte> data, long offset)
    {
        if (_handle is not null) RandomAccess.Write(_handle, data, offset);
    }

    /// <summary>Closes and deletes the received file.</summary>
    public void Dispose()
    {
        _handle?.Dispose();
        if (Path is not null)
        {
            try { File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Flushes and closes the file so it can be hashed; the file stays until <see cref="Dispose"/>.</summary>
    public void Close() => _handle?.Dispose();
}
