namespace Transports.Udp.Batching;

/// <summary>
/// The Linux constants of the batched UDP calls (values from the kernel's uapi headers: <c>linux/udp.h</c>,
/// <c>linux/socket.h</c>, <c>asm-generic/errno.h</c>; the same on every architecture .NET runs on).
/// </summary>
internal static class LinuxUdp
{
    /// <summary><c>SOL_UDP</c> (= <c>IPPROTO_UDP</c>): the option level of udp(7).</summary>
    public const int SolUdp = 17;

    /// <summary>
    /// <c>UDP_SEGMENT</c> (Linux 4.18, udp(7)): as a socket option or a <c>SOL_UDP</c> cmsg of sendmsg(2), the
    /// payload of one send is cut by the kernel into datagrams of this many bytes (the last may be shorter):
    /// UDP generic segmentation offload, one pass through the stack for many datagrams.
    /// </summary>
    public const int UdpSegment = 103;

    /// <summary>
    /// <c>UDP_GRO</c> (Linux 5.0, udp(7)): with the option on, the kernel may deliver several datagrams of one flow
    /// coalesced into one receive; a <c>SOL_UDP</c>/<c>UDP_GRO</c> cmsg then carries the segment size (an int) to
    /// split them by. Without the cmsg a receive is one datagram.
    /// </summary>
    public const int UdpGro = 104;

    /// <summary>
    /// Most datagrams one <see cref="UdpSegment"/> send may carry: the kernel's <c>UDP_MAX_SEGMENTS</c> was 64 until
    /// Linux 6.x raised it to 128; 64 works on every kernel that has GSO.
    /// </summary>
    public const int MaxSegments = 64;

    /// <summary>Largest payload of one GSO send in bytes: below 65535 minus IPv6/IPv4 and UDP headers, with room.</summary>
    public const int MaxGsoPayloadBytes = 65000;

    /// <summary><c>MSG_DONTWAIT</c>: this call never blocks; <see cref="EAgain"/> when it would.</summary>
    public const int MsgDontWait = 0x40;

    /// <summary><c>MSG_TRUNC</c> in <see cref="MsgHdr.Flags"/>: the datagram was longer than the buffer.</summary>
    public const int MsgTrunc = 0x20;

    /// <summary><c>EAGAIN</c>/<c>EWOULDBLOCK</c>: nothing to receive, or no room to send, right now.</summary>
    public const int EAgain = 11;

    /// <summary><c>EINTR</c>: interrupted by a signal before anything was done; retry.</summary>
    public const int EIntr = 4;

    /// <summary><c>EIO</c>: what a GSO send returns when the device cannot checksum the segments.</summary>
    public const int EIo = 5;

    /// <summary><c>EINVAL</c>: e.g. a segment size the route's MTU does not take.</summary>
    public const int EInval = 22;

    /// <summary><c>ENOSYS</c>: the kernel has no such call.</summary>
    public const int ENoSys = 38;

    /// <summary><c>ENOPROTOOPT</c>: the kernel has no such socket option (GSO before 4.18, GRO before 5.0).</summary>
    public const int ENoProtoOpt = 92;

    /// <summary><c>EOPNOTSUPP</c>: the operation is not supported here.</summary>
    public const int EOpNotSupp = 95;

    /// <summary>True for the errors that say "this kernel or device does not do that": fall back to a simpler call.</summary>
    /// <param name="errno">The error number of the failed call.</param>
    public static bool IsUnsupported(int errno) => errno is ENoSys or EInval or EOpNotSupp or ENoProtoOpt or EIo;
}
