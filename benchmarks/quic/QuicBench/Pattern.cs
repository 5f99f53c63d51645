namespace Transports.Benchmarks.Quic;

/// <summary>
/// The deterministic payload: a 4 MiB random block repeated. Byte i of the stream is block[i mod 4 MiB], so the
/// receiver verifies every byte with a memcmp (cheap next to the transport's cost) and any loss, duplication or
/// reordering shows. The block is stored twice in a row so any slice up to 4 MiB is contiguous.
/// </summary>
internal sealed class Pattern
{
    public const int BlockBytes = 4 << 20;
    private readonly byte[] _twice;

    private Pattern(byte[] twice) => _twice = twice;

    public static Pattern Create()
    {
        var block = new byte[BlockBytes];
        new Random(20261121).NextBytes(block);
        var twice = new byte[2 * BlockBytes];
        block.CopyTo(twice, 0);
        block.CopyTo(twice, BlockBytes);
        return new Pattern(twice);
    }

    /// <summary>Stream bytes [offset, offset + length), length at most 4 MiB.</summary>
    public ReadOnlyMemory<byte> Slice(long offset, int length) => _twice.AsMemory((int)(offset % BlockBytes), length);

    /// <summary>True when <paramref name="data"/> equals the stream bytes at <paramref name="offset"/>.</summary>
    public bool Matches(long offset, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, BlockBytes);
            if (!data[..n].SequenceEqual(_twice.AsSpan((int)(offset % BlockBytes), n))) return false;
            data = data[n..];
            offset += n;
        }
        return true;
    }
}
