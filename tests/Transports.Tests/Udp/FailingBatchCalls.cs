using System.Net.Sockets;
using System.Runtime.InteropServices;
using Transports.Udp.Batching;

namespace Transports.Tests.Udp;

/// <summary>
/// The test seam of the batched udp paths: the real libc calls, except the ones told to fail with an errno (as an
/// older kernel or a device without the offload would). Counts the calls it failed.
/// </summary>
internal sealed class FailingBatchCalls : IBatchSocketCalls
{
    private readonly IBatchSocketCalls _real = LibcBatchCalls.Instance;

    /// <summary>errno for every sendmmsg(2), or 0 for the real call.</summary>
    public int SendErrno { get; init; }

    /// <summary>errno for a sendmmsg(2) that carries a UDP_SEGMENT cmsg (a GSO send), or 0.</summary>
    public int GsoErrno { get; init; }

    /// <summary>errno for every recvmmsg(2), or 0.</summary>
    public int ReceiveErrno { get; init; }

    /// <summary>errno for the UDP_SEGMENT and UDP_GRO options, or 0.</summary>
    public int OptionErrno { get; init; }

    public int Failures;

    public int SendMessages(SafeSocketHandle socket, nint messages, uint count, int flags, out int errno)
    {
        int fail = SendErrno != 0 ? SendErrno : GsoErrno != 0 && CarriesControl(messages, count) ? GsoErrno : 0;
        if (fail != 0) return Fail(fail, out errno);
        return _real.SendMessages(socket, messages, count, flags, out errno);
    }

    public int ReceiveMessages(SafeSocketHandle socket, nint messages, uint count, int flags, out int errno)
        => ReceiveErrno != 0 ? Fail(ReceiveErrno, out errno) : _real.ReceiveMessages(socket, messages, count, flags, out errno);

    public int SetOption(SafeSocketHandle socket, int level, int name, int value, out int errno)
        => OptionErrno != 0 && level == LinuxUdp.SolUdp ? Fail(OptionErrno, out errno) : _real.SetOption(socket, level, name, value, out errno);

    public int GetOption(SafeSocketHandle socket, int level, int name, out int value, out int errno)
    {
        value = 0;
        return OptionErrno != 0 && level == LinuxUdp.SolUdp ? Fail(OptionErrno, out errno) : _real.GetOption(socket, level, name, out value, out errno);
    }

    private int Fail(int e, out int errno)
    {
        Interlocked.Increment(ref Failures);
        errno = e;
        return -1;
    }

    private static bool CarriesControl(nint messages, uint count)
    {
        int size = Marshal.SizeOf<MMsgHdr>();
        for (int i = 0; i < count; i++)
            if (Marshal.PtrToStructure<MMsgHdr>(messages + i * size).Header.ControlLength != 0) return true;
        return false;
    }
}
