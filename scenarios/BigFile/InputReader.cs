using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// The input file as the sender (and the datagram receiver's payload check) reads it. A user's file (<c>-file</c>) is
/// read by positional reads (<see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/>, pread(2)) into a
/// pooled buffer, never through a memory mapping: a mapped page past a new end of file raises SIGBUS, which .NET
/// cannot catch (the process dies with exit 134/135), while a short read is an ordinary return value. So a file that
/// someone truncates, extends or rewrites during the run becomes an <see cref="IntegrityException"/> for that transport
/// ("-file X changed during the run: …") and the run goes on. The cost is one copy from the page cache per chunk:
/// 0.85× the goodput of tcp with the null sink on the 2-core reference machine (docs/METHODOLOGY.md), so the
/// generated test file, which the harness owns and only ever replaces by rename, is still sent from a mapping
/// (<see cref="MappedFile"/>) to keep the default numbers as close to a memory-to-memory tool as before.
/// </summary>
/// <remarks>
/// The file's length and last-write time are taken when it is opened (before the connect) and compared again after
/// the transfer (<see cref="EnsureUnchanged"/>): a file rewritten in place with the same length is caught even when
/// every read happened to see consistent bytes. Reads are positional, so one reader serves concurrent readers.
/// </remarks>
internal sealed class InputReader : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly BigFileInput _input;
    private readonly DateTime _lastWriteUtc;
    private MappedFile? _mapped;
    private byte[]? _buffer;

    private InputReader(SafeFileHandle handle, BigFileInput input, DateTime lastWriteUtc)
    {
        _handle = handle;
        _input = input;
        _lastWriteUtc = lastWriteUtc;
    }

    /// <summary>True when chunks come from a memory mapping (the generated test file), false when read by pread.</summary>
    public bool IsMapped => _mapped is not null;

    /// <summary>File length in bytes, as hashed.</summary>
    public long Length => _input.LengthBytes;

    /// <summary>Opens the input for reading; fails when its length is no longer the one it was hashed at.</summary>
    /// <exception cref="IntegrityException">The file's length changed since it was hashed.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static InputReader Open(BigFileInput input)
    {
        // FileShare.ReadWrite | Delete: the harness does not lock anyone out of the file; it detects changes instead.
        var handle = File.OpenHandle(input.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        try
        {
            var reader = new InputReader(handle, input, File.GetLastWriteTimeUtc(handle));
            long now = RandomAccess.GetLength(handle);
            if (now != input.LengthBytes) throw reader.Changed($"now {now} bytes, {input.LengthBytes} when it was hashed");
            if (input.IsGenerated && now > 0) reader._mapped = MappedFile.OpenRead(input.Path);
            return reader;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The next chunk to send: up to <paramref name="maxBytes"/> of the file from <paramref name="offset"/> (fewer at
    /// a mapping window's end and at the end of the file; empty there). Valid until the next call: await each send first.
    /// </summary>
    /// <param name="offset">Position in the file.</param>
    /// <param name="maxBytes">Most bytes wanted (the chunk size).</param>
    /// <exception cref="IntegrityException">The file ended early: it was truncated during the run.</exception>
    public ReadOnlyMemory<byte> Chunk(long offset, int maxBytes)
    {
        if (_mapped is not null) return _mapped.Slice(offset, maxBytes);
        if (offset >= Length) return ReadOnlyMemory<byte>.Empty;
        _buffer ??= ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes, Length));
        int n = Read(_buffer.AsSpan(0, Math.Min(maxBytes, _buffer.Length)), offset);
        return _buffer.AsMemory(0, n);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> (cut at the end of the file) with the file's bytes from
    /// <paramref name="offset"/>; returns the count (0 at the end of the file).
    /// </summary>
    /// <exception cref="IntegrityException">The file ended early: it was truncated during the run.</exception>
    public int Read(Span<byte> destination, long offset)
    {
        int wanted = (int)Math.Min(destination.Length, Math.Max(0, Length - offset));
        int total = 0;
        while (total < wanted)
        {
            int n = RandomAccess.Read(_handle, destination[total..wanted], offset + total);
            if (n == 0) throw Changed($"it ended at byte {offset + total} of {Length} (truncated to {CurrentLength()} bytes)");
            total += n;
        }
        return total;
    }

    /// <summary>Fails when the file's length or last-write time differ from when it was opened.</summary>
    /// <exception cref="IntegrityException">The file changed during the transfer.</exception>
    public void EnsureUnchanged()
    {
        long now = CurrentLength();
        if (now != Length) throw Changed($"now {now} bytes, {Length} when it was hashed");
        var written = File.GetLastWriteTimeUtc(_handle);
        if (written != _lastWriteUtc) throw Changed($"modified at {written:O} during the transfer (last written {_lastWriteUtc:O} before it)");
    }

    private long CurrentLength()
    {
        try { return RandomAccess.GetLength(_handle); }
        catch (IOException) { return -1; }
    }

    private IntegrityException Changed(string how)
        => new($"{(_input.IsGenerated ? "the test file" : "-file")} {_input.Path} changed during the run: {how}; its bytes are not the ones hashed, so nothing sent can be verified");

    /// <summary>Closes the file and returns the chunk buffer (dispose after the connection, which may hold a chunk).</summary>
    public void Dispose()
    {
        _mapped?.Dispose();
        _handle.Dispose();
        if (_buffer is not null) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }
}
