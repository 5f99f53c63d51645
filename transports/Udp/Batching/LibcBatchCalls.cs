using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Transports.Udp.Batching;

/// <summary>
/// <see cref="IBatchSocketCalls"/> through libc (P/Invoke, <see cref="LibraryImportAttribute"/>, blittable arguments).
/// The socket is passed as its <see cref="SafeSocketHandle"/>, so the marshaller holds a reference for the duration of
/// the call and a concurrent dispose cannot close (and the process reuse) the descriptor under it. Linux only.
/// </summary>
internal sealed partial class LibcBatchCalls : IBatchSocketCalls
{
    private const string Libc = "libc";

    /// <summary>The one instance.</summary>
    public static readonly LibcBatchCalls Instance = new();

    /// <inheritdoc />
    public int SendMessages(SafeSocketHandle socket, nint messages, uint count, int flags, out int errno)
    {
        int r = sendmmsg(socket, messages, count, flags);
        errno = r < 0 ? Marshal.GetLastPInvokeError() : 0;
        return r;
    }

    /// <inheritdoc />
    public int ReceiveMessages(SafeSocketHandle socket, nint messages, uint count, int flags, out int errno)
    {
        int r = recvmmsg(socket, messages, count, flags, 0);
        errno = r < 0 ? Marshal.GetLastPInvokeError() : 0;
        return r;
    }

    /// <inheritdoc />
    public int SetOption(SafeSocketHandle socket, int level, int name, int value, out int errno)
    {
        int r = setsockopt(socket, level, name, ref value, sizeof(int));
        errno = r < 0 ? Marshal.GetLastPInvokeError() : 0;
        return r;
    }

    /// <inheritdoc />
    public int GetOption(SafeSocketHandle socket, int level, int name, out int value, out int errno)
    {
        value = 0;
        uint length = sizeof(int);
        int r = getsockopt(socket, level, name, ref value, ref length);
        errno = r < 0 ? Marshal.GetLastPInvokeError() : 0;
        return r;
    }

    // sendmmsg(2): int sendmmsg(int sockfd, struct mmsghdr *msgvec, unsigned int vlen, int flags);
    [LibraryImport(Libc, SetLastError = true)]
    private static partial int sendmmsg(SafeSocketHandle sockfd, nint msgvec, uint vlen, int flags);

    // recvmmsg(2): int recvmmsg(int sockfd, struct mmsghdr *msgvec, unsigned int vlen, int flags, struct timespec *timeout);
    [LibraryImport(Libc, SetLastError = true)]
    private static partial int recvmmsg(SafeSocketHandle sockfd, nint msgvec, uint vlen, int flags, nint timeout);

    // setsockopt(2) / getsockopt(2) with an int value.
    [LibraryImport(Libc, SetLastError = true)]
    private static partial int setsockopt(SafeSocketHandle sockfd, int level, int optname, ref int optval, uint optlen);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int getsockopt(SafeSocketHandle sockfd, int level, int optname, ref int optval, ref uint optlen);
}
