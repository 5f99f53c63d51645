using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Transports.Udp.Batching;

/// <summary>
/// Sends many datagrams in one sendmmsg(2) call. The datagrams lie back to back in one buffer, all of one size but the
/// last (the shape <c>UDP_SEGMENT</c> needs, udp(7)). With GSO each message carries up to
/// <see cref="LinuxUdp.MaxSegments"/> datagrams (at most <see cref="LinuxUdp.MaxGsoPayloadBytes"/> bytes) and a
/// <c>UDP_SEGMENT</c> cmsg, so the kernel walks its stack once per message and cuts the datagrams at the end
/// (Documentation/networking/segmentation-offloads.rst, "UDP GSO"); without it each message is one datagram. Every
/// call is non-blocking (<c>MSG_DONTWAIT</c>). The message headers live in arrays on the pinned object heap and the
/// payload is pinned for the duration of the call only. One caller at a time.
/// </summary>
internal sealed class BatchSender(IBatchSocketCalls calls)
{
    /// <summary>Messages per sendmmsg(2) call.</summary>
    public const int MaxMessages = 64;

    private readonly MMsgHdr[] _messages = GC.AllocateArray<MMsgHdr>(MaxMessages, pinned: true);
    private readonly IoVec[] _iovecs = GC.AllocateArray<IoVec>(MaxMessages, pinned: true);
    private readonly byte[] _control = GC.AllocateArray<byte>(MaxMessages * ControlMessages.SegmentSpace, pinned: true);
    private readonly int[] _datagramsPerMessage = new int[MaxMessages];

    /// <summary>Datagrams of <paramref name="segmentBytes"/> one GSO message carries.</summary>
    public static int SegmentsPerMessage(int segmentBytes)
        => Math.Clamp(LinuxUdp.MaxGsoPayloadBytes / segmentBytes, 1, LinuxUdp.MaxSegments);

    /// <summary>
    /// One sendmmsg(2) call for the leading datagrams of <paramref name="datagrams"/> (as many as
    /// <see cref="MaxMessages"/> messages hold).
    /// </summary>
    /// <param name="socket">A connected UDP socket.</param>
    /// <param name="datagrams">Datagrams of <paramref name="segmentBytes"/> back to back; the last may be shorter. Not empty.</param>
    /// <param name="segmentBytes">Bytes per datagram (1..65507).</param>
    /// <param name="gso">Let the kernel segment (<c>UDP_SEGMENT</c>); false: one datagram per message.</param>
    /// <param name="errno">The error number when the call failed, else 0.</param>
    /// <returns>Datagrams sent (at least 1), or -1 with <paramref name="errno"/> set (nothing was sent).</returns>
    public unsafe int Send(SafeSocketHandle socket, ReadOnlySpan<byte> datagrams, int segmentBytes, bool gso, out int errno)
    {
        int perMessage = gso ? SegmentsPerMessage(segmentBytes) : 1;
        int space = ControlMessages.SegmentSpace;
        fixed (byte* payload = datagrams)
        {
            int offset = 0, count = 0;
            while (offset < datagrams.Length && count < MaxMessages)
            {
                int length = (int)Math.Min((long)perMessage * segmentBytes, datagrams.Length - offset);
                _iovecs[count] = new IoVec { Base = (nint)(payload + offset), Length = (nuint)length };
                ref var header = ref _messages[count].Header;
                header = default;
                header.IoVecs = Marshal.UnsafeAddrOfPinnedArrayElement(_iovecs, count);
                header.IoVecCount = 1;
                if (length > segmentBytes) // several datagrams in this message: the kernel cuts them
                {
                    ControlMessages.WriteSegmentSize(_control.AsSpan(count * space, space), (ushort)segmentBytes);
                    header.Control = Marshal.UnsafeAddrOfPinnedArrayElement(_control, count * space);
                    header.ControlLength = (nuint)space;
                }
                _datagramsPerMessage[count] = (length + segmentBytes - 1) / segmentBytes;
                offset += length;
                count++;
            }
            int sent = calls.SendMessages(socket, Marshal.UnsafeAddrOfPinnedArrayElement(_messages, 0), (uint)count, LinuxUdp.MsgDontWait, out errno);
            if (sent <= 0) return sent == 0 ? Fail(out errno) : -1;
            int total = 0;
            for (int i = 0; i < sent; i++) total += _datagramsPerMessage[i];
            return total;
        }
    }

    private static int Fail(out int errno)
    {
        errno = LinuxUdp.EAgain; // nothing sent and no error: treat as "no room now"
        return -1;
    }
}
