using System.Runtime.InteropServices;

namespace Transports.Udp.Batching;

/// <summary>
/// Ancillary data (cmsg(3)) of the batched UDP calls: writes the <c>UDP_SEGMENT</c> cmsg of a GSO send and reads the
/// <c>UDP_GRO</c> cmsg of a coalesced receive (udp(7)). Layout as the <c>CMSG_*</c> macros compute it: a
/// <c>struct cmsghdr</c> (<c>size_t cmsg_len; int cmsg_level; int cmsg_type;</c>) then the data, each aligned to
/// <c>sizeof(size_t)</c>.
/// </summary>
internal static class ControlMessages
{
    private static readonly int Alignment = nint.Size;

    /// <summary><c>CMSG_ALIGN(sizeof(struct cmsghdr))</c>: where the data starts, in bytes.</summary>
    public static readonly int HeaderBytes = Align(nint.Size + 2 * sizeof(int));

    /// <summary><c>CMSG_SPACE(sizeof(uint16_t))</c>: control bytes one <c>UDP_SEGMENT</c> cmsg takes.</summary>
    public static readonly int SegmentSpace = Space(sizeof(ushort));

    /// <summary>Control bytes given to each received message: room for <c>UDP_GRO</c> and any other cmsg.</summary>
    public const int ReceiveSpace = 64;

    /// <summary><c>CMSG_SPACE(n)</c>.</summary>
    public static int Space(int dataBytes) => HeaderBytes + Align(dataBytes);

    /// <summary>
    /// Writes a <c>SOL_UDP</c>/<c>UDP_SEGMENT</c> cmsg into <paramref name="control"/>: the kernel cuts the message
    /// into datagrams of <paramref name="segmentBytes"/>. Returns the bytes used (<see cref="SegmentSpace"/>).
    /// </summary>
    public static int WriteSegmentSize(Span<byte> control, ushort segmentBytes)
    {
        control[..SegmentSpace].Clear();
        WriteHeader(control, HeaderBytes + sizeof(ushort), LinuxUdp.SolUdp, LinuxUdp.UdpSegment);
        MemoryMarshal.Write(control[HeaderBytes..], in segmentBytes);
        return SegmentSpace;
    }

    /// <summary>
    /// Finds the <c>SOL_UDP</c>/<c>UDP_GRO</c> cmsg in the <paramref name="control"/> bytes the kernel filled and
    /// returns its segment size; 0 when there is none (the receive is one datagram).
    /// </summary>
    public static int ReadGroSegmentSize(ReadOnlySpan<byte> control)
    {
        int offset = 0;
        while (offset + HeaderBytes <= control.Length)
        {
            long length = nint.Size == 8 ? (long)MemoryMarshal.Read<ulong>(control[offset..]) : MemoryMarshal.Read<uint>(control[offset..]);
            if (length < HeaderBytes || offset + length > control.Length) return 0; // malformed or cut: ignore the rest
            int level = MemoryMarshal.Read<int>(control[(offset + nint.Size)..]);
            int type = MemoryMarshal.Read<int>(control[(offset + nint.Size + sizeof(int))..]);
            if (level == LinuxUdp.SolUdp && type == LinuxUdp.UdpGro && length >= HeaderBytes + sizeof(int))
                return MemoryMarshal.Read<int>(control[(offset + HeaderBytes)..]);
            offset += Align((int)length);
        }
        return 0;
    }

    private static void WriteHeader(Span<byte> control, int length, int level, int type)
    {
        if (nint.Size == 8) MemoryMarshal.Write(control, (ulong)length);
        else MemoryMarshal.Write(control, (uint)length);
        MemoryMarshal.Write(control[nint.Size..], in level);
        MemoryMarshal.Write(control[(nint.Size + sizeof(int))..], in type);
    }

    private static int Align(int bytes) => (bytes + Alignment - 1) & ~(Alignment - 1);
}
