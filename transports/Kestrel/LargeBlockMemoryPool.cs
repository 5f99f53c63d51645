using System.Buffers;
using System.Collections.Concurrent;

namespace Transports.Kestrel;

/// <summary>
/// A pool of pinned byte blocks of one fixed size, larger than Kestrel's built-in 4 KiB blocks. Kestrel's socket
/// transport receives into one pool block per receive call, so the block size caps the bytes per receive syscall:
/// 4 KiB blocks mean 262,144 receive calls (and as many pipe flushes) per GiB; 64 KiB blocks mean 16,384.
/// Blocks are reused, never freed until the pool is disposed; <see cref="Rent"/> allocates only when none is free.
/// </summary>
/// <param name="blockBytes">Size of every block in bytes (at least 4096).</param>
public sealed class LargeBlockMemoryPool(int blockBytes) : MemoryPool<byte>
{
    private readonly ConcurrentQueue<Block> _free = new();

    /// <summary>Size of every block in bytes.</summary>
    public override int MaxBufferSize { get; } = blockBytes >= 4096 ? blockBytes
        : throw new ArgumentOutOfRangeException(nameof(blockBytes), blockBytes, "a block must be at least 4096 bytes");

    /// <summary>A free block, or a new one when none is free. The block goes back to the pool when disposed.</summary>
    /// <param name="minBufferSize">Bytes needed; -1 for the default (a whole block).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minBufferSize"/> exceeds the block size.</exception>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, MaxBufferSize);
        return _free.TryDequeue(out var block) ? block : new Block(this, GC.AllocateUninitializedArray<byte>(MaxBufferSize, pinned: true));
    }

    /// <summary>Drops the free blocks (blocks still rented are collected when their owners drop them).</summary>
    protected override void Dispose(bool disposing) => _free.Clear();

    private sealed class Block(LargeBlockMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = array;
        public void Dispose() => pool._free.Enqueue(this);
    }
}
