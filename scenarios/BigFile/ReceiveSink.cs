namespace Transports.Scenarios.BigFile;

/// <summary>
/// Where the receiver puts the bytes, and how they are verified.
/// <list type="bullet">
/// <item><c>file</c>: a file preallocated to the expected size (allocation is not timed; a full disk shows before the
/// transfer). Stream receives land directly in a memory-mapped window of it (<see cref="MappedFile"/>), so the
/// receiver makes no copy beyond the kernel's; the file is hashed after the transfer and deleted on dispose.</item>
/// <item><c>null</c>: bytes land in one reused buffer and are hashed inline (goodput then includes hashing).</item>
/// </list>
/// Write failures surface as <see cref="IOException"/>.
/// </summary>
public sealed class ReceiveSink : IDisposable
{
    private readonly FileStream? _file;
    private readonly ContentHash? _inlineHash;
    private readonly byte[] _bounce;
    private MappedFile? _mapped;

    private ReceiveSink(string? path, FileStream? file, int bufferBytes, IntegrityMethod method)
    {
        Path = path;
        _file = file;
        Method = method;
        _inlineHash = file is null ? new ContentHash(method) : null;
        _bounce = GC.AllocateUninitializedArray<byte>(bufferBytes, pinned: true);
    }

    /// <summary>The file written, or null for the null sink.</summary>
    public string? Path { get; }

    /// <summary>How the received bytes are verified.</summary>
    public IntegrityMethod Method { get; }

    /// <summary>True for the null sink.</summary>
    public bool IsNull => _file is null;

    /// <summary>Creates a sink.</summary>
    /// <param name="kind">Where the bytes go: a file, or nowhere (hashed inline).</param>
    /// <param name="directory">Folder for the received file (file sink).</param>
    /// <param name="name">File name stem, e.g. the transport name.</param>
    /// <param name="expectedBytes">Bytes expected; the file is preallocated and sized to this.</param>
    /// <param name="bufferBytes">Size of the receive buffer used when bytes cannot land in the file directly.</param>
    /// <param name="method">The digest to compute over what arrives (the input's).</param>
    /// <exception cref="IOException">The file cannot be created, or there is no room for <paramref name="expectedBytes"/>.</exception>
    public static ReceiveSink Create(BigFileSink kind, string directory, string name, long expectedBytes, int bufferBytes, IntegrityMethod method)
    {
        if (kind == BigFileSink.Null) return new ReceiveSink(null, null, bufferBytes, method);
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, $"received-{name}-{Environment.ProcessId}-{Guid.NewGuid():N}.bin");
        var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.Read, BufferSize = 0, PreallocationSize = expectedBytes,
        });
        try
        {
            if (file.Length != expectedBytes) file.SetLength(expectedBytes);
        }
        catch
        {
            file.Dispose();
            File.Delete(path);
            throw;
        }
        return new ReceiveSink(path, file, bufferBytes, method);
    }

    /// <summary>
    /// Where the next receive should land: a slice of the mapped file at <paramref name="offset"/> when at least
    /// <paramref name="minimumBytes"/> fit there, else the sink's own buffer. Pass the result to <see cref="Commit"/>.
    /// </summary>
    /// <param name="offset">Bytes received so far.</param>
    /// <param name="minimumBytes">The smallest buffer the transport accepts (its max message size, or 1 for streams).</param>
    public Memory<byte> NextBuffer(long offset, int minimumBytes)
    {
        if (_file is not null && _file.Length > 0)
        {
            _mapped ??= MappedFile.OpenWrite(_file);
            var direct = _mapped.Slice(offset, _bounce.Length);
            if (direct.Length >= Math.Max(minimumBytes, 1)) return direct;
        }
        return _bounce;
    }

    /// <summary>Records <paramref name="count"/> bytes received into <paramref name="buffer"/> (from <see cref="NextBuffer"/>) at <paramref name="offset"/>.</summary>
    /// <param name="buffer">The buffer the receive used.</param>
    /// <param name="count">Bytes received.</param>
    /// <param name="offset">Their position in the stream.</param>
    /// <exception cref="IOException">Writing the file failed.</exception>
    public void Commit(Memory<byte> buffer, int count, long offset)
    {
        var data = buffer.Span[..count];
        if (_inlineHash is not null) _inlineHash.Append(data);
        else if (buffer.Span.Overlaps(_bounce)) Write(data, offset); // did not fit the mapping (tail, or more than expected)
    }

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/> (datagram path; a no-op for the null sink).</summary>
    /// <param name="data">Bytes received.</param>
    /// <param name="offset">Position in the file.</param>
    /// <exception cref="IOException">The write failed (e.g. no space left on the device).</exception>
    public void Write(ReadOnlySpan<byte> data, long offset)
    {
        if (_file is not null) RandomAccess.Write(_file.SafeFileHandle, data, offset);
    }

    /// <summary>
    /// The <see cref="Method"/> digest (lowercase hex) of what was received: the inline hash for the null sink, or the
    /// file's, read after the transfer, for the file sink.
    /// </summary>
    /// <param name="cancellationToken">Cancels hashing.</param>
    public async Task<string> HashAsync(CancellationToken cancellationToken)
    {
        if (_inlineHash is not null) return _inlineHash.HexAndReset();
        Close();
        return await ContentHash.OfFileAsync(Path!, Method, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Length of the received file in bytes (file sink), or null.</summary>
    public long? FileLength => Path is null ? null : new FileInfo(Path).Length;

    /// <summary>Unmaps and closes the file so it can be hashed; the file stays until <see cref="Dispose"/>.</summary>
    public void Close()
    {
        _mapped?.Dispose();
        _mapped = null;
        _file?.Dispose();
    }

    /// <summary>Closes and deletes the received file.</summary>
    public void Dispose()
    {
        Close();
        _inlineHash?.Dispose();
        if (Path is not null)
        {
            try { File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
