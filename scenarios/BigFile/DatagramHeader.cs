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

    /// <summary>
    /// Parses a received datagram of a transfer of <paramref name="fileBytes"/> bytes cut into payloads of
    /// <paramref name="payloadBytes"/>, and checks it against what our sender writes: a data datagram's sequence is
    /// below the datagram count, its offset is sequence × <paramref name="payloadBytes"/> and its payload exactly
    /// fills its slot (shorter only for the last); an end marker's count is at most the datagram count. Anything else
    /// (a stray or corrupted datagram: the peer's bytes are not trusted) is <see cref="DatagramKind.Foreign"/>, so a
    /// payload is never written outside the file or over another datagram's bytes.
    /// </summary>
    public static ParsedDatagram Parse(ReadOnlySpan<byte> datagram, long fileBytes, int payloadBytes)
    {
        if (datagram.Length < Size || payloadBytes <= 0 || fileBytes < 0) return default;
        long count = (fileBytes + payloadBytes - 1) / payloadBytes;
        var (sequence, timestamp, offset) = Read(datagram);
        if (sequence == EndMarker)
            return offset <= (ulong)count ? new ParsedDatagram(DatagramKind.End, -1, timestamp, (long)offset, 0) : default;
        if (sequence >= (ulong)count || offset != sequence * (ulong)payloadBytes) return default;
        int payload = datagram.Length - Size;
        if (payload != Math.Min(payloadBytes, fileBytes - (long)offset)) return default;
        return new ParsedDatagram(DatagramKind.Data, (long)sequence, timestamp, (long)offset, payload);
    }
}

/// <summary>What <see cref="DatagramHeader.Parse"/> made of a received datagram.</summary>
internal enum DatagramKind
{
    /// <summary>Not a datagram our sender wrote for this transfer: dropped (shows as loss if it displaced one).</summary>
    Foreign,
    /// <summary>A data datagram: payload at <see cref="ParsedDatagram.Offset"/>.</summary>
    Data,
    /// <summary>The end marker: <see cref="ParsedDatagram.Offset"/> is the number of data datagrams sent.</summary>
    End,
}

/// <summary>A parsed bigfile datagram (see <see cref="DatagramHeader.Parse"/>).</summary>
internal readonly record struct ParsedDatagram(DatagramKind Kind, long Sequence, long Timestamp, long Offset, int PayloadBytes);
