using System.Runtime.InteropServices;

namespace Transports.Udp.Batching;

/// <summary>
/// <c>struct iovec</c> of readv(2) / sendmsg(2): one buffer of a message. Pointer-sized fields, so the layout is the
/// kernel's on 64-bit and 32-bit Linux alike.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IoVec
{
    /// <summary><c>iov_base</c>: address of the bytes (pinned by the caller for the duration of the call).</summary>
    public nint Base;

    /// <summary><c>iov_len</c>: length in bytes.</summary>
    public nuint Length;
}

/// <summary>
/// <c>struct msghdr</c> of sendmsg(2) / recvmsg(2). The name is left null: the sockets are connected (udp(7)).
/// glibc declares <c>msg_iovlen</c> and <c>msg_controllen</c> as <c>size_t</c>; musl as a 32-bit int plus padding,
/// which on little-endian machines is the same bytes for the values used here.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MsgHdr
{
    /// <summary><c>msg_name</c>: peer address, null on a connected socket.</summary>
    public nint Name;

    /// <summary><c>msg_namelen</c>.</summary>
    public uint NameLength;

    /// <summary><c>msg_iov</c>: address of the <see cref="IoVec"/> array.</summary>
    public nint IoVecs;

    /// <summary><c>msg_iovlen</c>: entries in <see cref="IoVecs"/>.</summary>
    public nuint IoVecCount;

    /// <summary><c>msg_control</c>: ancillary data (cmsg(3)), or null.</summary>
    public nint Control;

    /// <summary><c>msg_controllen</c>: bytes of ancillary data (in: room; out: used).</summary>
    public nuint ControlLength;

    /// <summary><c>msg_flags</c>: set on receive (e.g. <see cref="LinuxUdp.MsgTrunc"/>).</summary>
    public int Flags;
}

/// <summary>
/// <c>struct mmsghdr</c> of sendmmsg(2) / recvmmsg(2): a <see cref="MsgHdr"/> and the byte count the kernel sent or
/// received for it.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MMsgHdr
{
    /// <summary><c>msg_hdr</c>.</summary>
    public MsgHdr Header;

    /// <summary><c>msg_len</c>: bytes sent or received for this message (set by the kernel).</summary>
    public uint Length;
}
