using System.Net.Sockets;

namespace Transports.Udp.Batching;

/// <summary>
/// The seam between the batched UDP paths and the kernel: the four libc calls they make, nothing else. The real
/// implementation is <see cref="LibcBatchCalls"/>; tests wrap it to make one call fail (e.g. <c>ENOSYS</c>) and check
/// the fallback, with the rest of the socket real. Every method returns the C return value and, when it is -1,
/// the <c>errno</c> of the call in the <c>errno</c> out parameter (0 otherwise). Pointers are addresses of pinned memory.
/// </summary>
internal interface IBatchSocketCalls
{
    /// <summary>sendmmsg(2): sends up to <paramref name="count"/> messages of the <see cref="MMsgHdr"/> array at
    /// <paramref name="messages"/>; returns how many were sent, or -1.</summary>
    int SendMessages(SafeSocketHandle socket, nint messages, uint count, int flags, out int errno);

    /// <summary>recvmmsg(2) without a timeout: receives up to <paramref name="count"/> messages into the
    /// <see cref="MMsgHdr"/> array at <paramref name="messages"/>; returns how many arrived, or -1.</summary>
    int ReceiveMessages(SafeSocketHandle socket, nint messages, uint count, int flags, out int errno);

    /// <summary>setsockopt(2) of an int option; 0 or -1.</summary>
    int SetOption(SafeSocketHandle socket, int level, int name, int value, out int errno);

    /// <summary>getsockopt(2) of an int option into <paramref name="value"/>; 0 or -1.</summary>
    int GetOption(SafeSocketHandle socket, int level, int name, out int value, out int errno);
}
