using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// A file seen through a sliding memory-mapped window (16 MiB), handed out as <see cref="Memory{T}"/> slices.
/// Sending from the mapping and receiving into it leaves one kernel copy per side, as a memory-to-memory tool such
/// as iperf3 has, instead of an extra read()/write() copy through a user buffer. Only the current window is mapped,
/// so the resident set does not grow with the file size.
/// <para>Only for files the harness owns and never truncates in place: the receive sink's own file (created new
/// under a per-process name, sized before the transfer) and the generated test file in the cache (replaced only by
/// rename, which leaves a mapped inode intact). Never for a user's <c>-file</c>: a mapped page past a new end of file
/// raises SIGBUS, which .NET cannot catch, so a file that others can truncate is read with pread
/// (<see cref="InputReader"/>).</para>
/// </summary>
/// <remarks>
/// A slice stays valid until the next call to <see cref="Slice"/> that moves the window: callers await each send or
/// receive before asking for the next slice.
/// </remarks>
internal sealed unsafe class MappedFile : IDisposable
{
    /// <summary>Window size; a multiple of every page size, so window offsets are aligned.</summary>
    public const long WindowBytes = 16L << 20;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedFileAccess _access;
    private MemoryMappedViewAccessor? _view;
    private long _viewStart = -1;
    private long _viewLength;
    private byte* _pointer;
    private Memory<byte> _window;

    private MappedFile(MemoryMappedFile file, MemoryMappedFileAccess access, long length)
    {
        _file = file;
        _access = access;
        Length = length;
    }

    /// <summary>File length in bytes.</summary>
    public long Length { get; }

    /// <summary>Maps an existing, non-empty file for reading. Only a file no one else truncates: see the remarks on the class.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="IOException">The file cannot be mapped.</exception>
    public static MappedFile OpenRead(string path)
    {
        long length = new FileInfo(path).Length;
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        return new MappedFile(file, MemoryMappedFileAccess.Read, length);
    }

    /// <summary>Maps an open, already sized (preallocated) file for writing.</summary>
    /// <param name="stream">The file, opened read/write, with its final length.</param>
    /// <exception cref="IOException">The file cannot be mapped.</exception>
    public static MappedFile OpenWrite(FileStream stream)
    {
        var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
        return new MappedFile(file, MemoryMappedFileAccess.ReadWrite, stream.Length);
    }

    /// <summary>
    /// Up to <paramref name="maxBytes"/> bytes of the file from <paramref name="offset"/>, cut at the end of the
    /// current window and of the file (so possibly fewer; empty at the end of the file).
    /// </summary>
    /// <param name="offset">Position in the file, bytes.</param>
    /// <param name="maxBytes">Most bytes wanted.</param>
    public Memory<byte> Slice(long offset, int maxBytes)
    {
        if (offset >= Length) return Memory<byte>.Empty;
        if (offset < _viewStart || offset >= _viewStart + _viewLength) MoveWindow(offset);
        int inWindow = (int)(offset - _viewStart);
        return _window.Slice(inWindow, (int)Math.Min(maxBytes, _viewLength - inWindow));
    }

    private void MoveWindow(long offset)
    {
        ReleaseView();
        _viewStart = offset / WindowBytes * WindowBytes;
        _viewLength = Math.Min(WindowBytes, Length - _viewStart);
        _view = _file.CreateViewAccessor(_viewStart, _viewLength, _access);
        byte* basePointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
        _pointer = basePointer + _view.PointerOffset;
        _window = new PointerMemory(_pointer, (int)_viewLength).Memory; // one small object per 16 MiB window
    }

    private void ReleaseView()
    {
        if (_view is null) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _view = null;
        _pointer = null;
        _window = Memory<byte>.Empty;
    }

    /// <summary>Unmaps the window and closes the mapping.</summary>
    public void Dispose()
    {
        ReleaseView();
        _file.Dispose();
    }

    /// <summary>Memory over a slice of the mapped window (no copy, no pinning needed: the mapping does not move).</summary>
    private sealed class PointerMemory(byte* pointer, int length) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => new(pointer, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

        public override void Unpin() { }

        protected override void Dispose(bool disposing) { }
    }
}
