using System.Runtime.InteropServices;
using Transports.Udp.Batching;
using Xunit;

namespace Transports.Tests.Udp;

/// <summary>The native structures and cmsg arithmetic of the batched udp calls, checked against the kernel's layout.</summary>
public sealed class UdpInteropLayoutTests
{
    [SkippableFact]
    public void Message_headers_have_the_64_bit_kernel_layout()
    {
        Skip.IfNot(nint.Size == 8, "the sizes below are those of 64-bit Linux");
        Assert.Equal(16, Marshal.SizeOf<IoVec>());
        Assert.Equal(56, Marshal.SizeOf<MsgHdr>());   // sizeof(struct msghdr)
        Assert.Equal(64, Marshal.SizeOf<MMsgHdr>());  // sizeof(struct mmsghdr)
        Assert.Equal(8, (int)Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.NameLength)));
        Assert.Equal(16, (int)Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.IoVecs)));
        Assert.Equal(32, (int)Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.Control)));
        Assert.Equal(48, (int)Marshal.OffsetOf<MsgHdr>(nameof(MsgHdr.Flags)));
        Assert.Equal(56, (int)Marshal.OffsetOf<MMsgHdr>(nameof(MMsgHdr.Length)));
        Assert.Equal(16, ControlMessages.HeaderBytes); // CMSG_LEN(0)
        Assert.Equal(24, ControlMessages.SegmentSpace); // CMSG_SPACE(sizeof(uint16_t))
    }

    [Fact]
    public void The_segment_cmsg_is_written_as_cmsg_len_level_type_data()
    {
        var control = new byte[ControlMessages.SegmentSpace];
        Array.Fill(control, (byte)0xAA);
        Assert.Equal(ControlMessages.SegmentSpace, ControlMessages.WriteSegmentSize(control, 1472));
        long length = nint.Size == 8 ? BitConverter.ToInt64(control) : BitConverter.ToInt32(control);
        Assert.Equal(ControlMessages.HeaderBytes + 2, length); // CMSG_LEN(sizeof(uint16_t))
        Assert.Equal(17, BitConverter.ToInt32(control, nint.Size));      // SOL_UDP
        Assert.Equal(103, BitConverter.ToInt32(control, nint.Size + 4)); // UDP_SEGMENT
        Assert.Equal(1472, BitConverter.ToUInt16(control, ControlMessages.HeaderBytes));
        Assert.All(control[(ControlMessages.HeaderBytes + 2)..], b => Assert.Equal(0, b)); // padding cleared
    }

    [Fact]
    public void The_gro_segment_size_is_found_after_another_cmsg_and_garbage_yields_none()
    {
        var control = new byte[ControlMessages.ReceiveSpace];
        int first = Cmsg(control, 0, level: 0, type: 8, data: 4);             // e.g. IP_PKTINFO-like, skipped
        Cmsg(control, first, level: 17, type: 104, data: 4);                 // SOL_UDP, UDP_GRO
        BitConverter.TryWriteBytes(control.AsSpan(first + ControlMessages.HeaderBytes), 1472);
        Assert.Equal(1472, ControlMessages.ReadGroSegmentSize(control.AsSpan(0, first + ControlMessages.Space(4))));
        Assert.Equal(0, ControlMessages.ReadGroSegmentSize(control.AsSpan(0, first))); // only the other cmsg
        Assert.Equal(0, ControlMessages.ReadGroSegmentSize([]));

        // Whatever the kernel (or a bug) leaves in the control bytes: no exception, no loop without end.
        var random = new Random(12);
        var junk = new byte[ControlMessages.ReceiveSpace];
        for (int i = 0; i < 100_000; i++)
        {
            random.NextBytes(junk);
            if (i % 3 == 0) BitConverter.TryWriteBytes(junk, (long)random.Next(0, 80)); // plausible lengths, often too short or too long
            _ = ControlMessages.ReadGroSegmentSize(junk.AsSpan(0, random.Next(0, junk.Length + 1)));
        }
    }

    private static int Cmsg(byte[] control, int offset, int level, int type, int data)
    {
        int length = ControlMessages.HeaderBytes + data;
        if (nint.Size == 8) BitConverter.TryWriteBytes(control.AsSpan(offset), (long)length);
        else BitConverter.TryWriteBytes(control.AsSpan(offset), length);
        BitConverter.TryWriteBytes(control.AsSpan(offset + nint.Size), level);
        BitConverter.TryWriteBytes(control.AsSpan(offset + nint.Size + 4), type);
        return offset + ControlMessages.Space(data);
    }
}
