using System.Buffers.Binary;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// The 24-byte header at the start of every bigfile datagram (little endian): sequence number (u64, from 0),
/// send timestamp (i64, <see cref="Transports.Measure.Timing.MonotonicClock"/> ticks of the sender's clock) and the
/// file offset of the payload that follows (u64). The end marker has sequence <see cref="EndMarker"/> and carries
/// the number of data datagrams sent in the offset field.
/// </summary>
internal static class DatagramHeader
{
    public const int Size = 24;
    public const ulong EndMarker = ulong.MaxValue;

    public static void Write(Span<byte> destination, ulong sequence, long timestamp, ulong offset)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, sequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], timestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], offset);
    }

    public static (ulong Sequence, long Timestamp, ulong Offset) Read(ReadOnlySpan<byte> source)
        => (BinaryPrimitives.ReadUInt64LittleEndian(source), BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[16..]));
}
