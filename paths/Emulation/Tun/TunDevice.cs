using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Transports.Paths.Emulation.Tun;

/// <summary>
/// A Linux TUN device (layer 3: whole IP packets, no Ethernet header), non-persistent: it exists while this handle is
/// open and vanishes with it, so a killed emulator leaves no device behind. Opened non-blocking; reads return 0 when no
/// packet is waiting. See the kernel's Documentation/networking/tuntap.rst and netdevice(7).
/// </summary>
public sealed partial class TunDevice : IDisposable
{
    private const int O_RDWR = 0x2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    private const short IFF_TUN = 0x0001, IFF_NO_PI = 0x1000;
    private const uint TUNSETIFF = 0x400454ca; // _IOW('T', 202, int)
    private const int EAGAIN = 11, EINTR = 4;
    private const int IfNameSize = 16; // IFNAMSIZ, the NUL included

    private readonly SafeFileHandle _fd;

    private TunDevice(SafeFileHandle fd, string name)
    {
        _fd = fd;
        Name = name;
    }

    /// <summary>The interface name the kernel gave the device (in the namespace that created it; a move keeps it).</summary>
    public string Name { get; }

    /// <summary>The descriptor, for polling.</summary>
    internal int Descriptor => (int)_fd.DangerousGetHandle();

    /// <summary>Creates a TUN device named after <paramref name="pattern"/> (e.g. <c>trptun%d</c>: the kernel fills in a number).</summary>
    /// <param name="pattern">Name or pattern, at most 15 bytes.</param>
    /// <exception cref="PathSetupException">No /dev/net/tun, not root (CAP_NET_ADMIN), or the kernel refused.</exception>
    public static TunDevice Create(string pattern)
    {
        var nameBytes = Encoding.ASCII.GetBytes(pattern);
        if (nameBytes.Length >= IfNameSize) throw new ArgumentException($"interface name '{pattern}' is longer than {IfNameSize - 1} bytes", nameof(pattern));
        int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) throw new PathSetupException($"cannot open /dev/net/tun: {Marshal.GetLastPInvokeErrorMessage()} (TUN devices need root and the tun module)");
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        // struct ifreq: char ifr_name[16]; then the union, whose first member here is short ifr_flags; 40 bytes in all.
        Span<byte> ifreq = stackalloc byte[40];
        ifreq.Clear();
        nameBytes.CopyTo(ifreq);
        BitConverter.TryWriteBytes(ifreq[IfNameSize..], (short)(IFF_TUN | IFF_NO_PI));
        if (ioctl(handle, TUNSETIFF, ref MemoryMarshal.GetReference(ifreq)) < 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            handle.Dispose();
            throw new PathSetupException($"cannot create TUN device {pattern}: {error}");
        }
        int end = ifreq[..IfNameSize].IndexOf((byte)0);
        return new TunDevice(handle, Encoding.ASCII.GetString(ifreq[..(end < 0 ? IfNameSize : end)]));
    }

    /// <summary>Reads one packet into <paramref name="buffer"/>.</summary>
    /// <param name="buffer">At least the device's MTU.</param>
    /// <returns>Its length in bytes; 0 when none is waiting.</returns>
    /// <exception cref="IOException">The device failed.</exception>
    public int Read(Span<byte> buffer)
    {
        while (true)
        {
            nint n = read(_fd, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
            if (n >= 0) return (int)n;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EAGAIN) return 0;
            if (errno != EINTR) throw new IOException($"TUN {Name} read: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    /// <summary>Hands one IP packet to the kernel, as if it arrived on this interface.</summary>
    /// <param name="packet">A whole IP packet.</param>
    /// <returns>False when the kernel refused it for now (EAGAIN, ENOBUFS): the packet is lost, as on a congested link.</returns>
    /// <exception cref="IOException">The device failed.</exception>
    public bool Write(ReadOnlySpan<byte> packet)
    {
        while (true)
        {
            nint n = write(_fd, in MemoryMarshal.GetReference(packet), (nuint)packet.Length);
            if (n >= 0) return true;
            int errno = Marshal.GetLastPInvokeError();
            if (errno is EAGAIN or 105 /* ENOBUFS */ or 22 /* EINVAL: not an IP packet */) return false;
            if (errno != EINTR) throw new IOException($"TUN {Name} write: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    /// <summary>Waits until a packet can be read or <paramref name="timeoutNs"/> passes (ppoll(2), nanosecond timeout).</summary>
    /// <param name="timeoutNs">Longest wait, ns (≥ 0).</param>
    /// <returns>True when a packet is waiting.</returns>
    /// <exception cref="IOException">ppoll failed.</exception>
    public bool WaitReadable(long timeoutNs)
    {
        var pfd = new PollFd { Fd = Descriptor, Events = 1 /* POLLIN */ };
        var ts = new TimeSpec { Seconds = timeoutNs / 1_000_000_000, Nanoseconds = timeoutNs % 1_000_000_000 };
        int r = ppoll(ref pfd, 1, ref ts, 0);
        if (r < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR) return false;
            throw new IOException($"TUN {Name} poll: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        return r > 0 && (pfd.Revents & 1) != 0;
    }

    /// <summary>Closes the descriptor: the device disappears.</summary>
    public void Dispose() => _fd.Dispose();

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int ioctl(SafeFileHandle fd, uint request, ref byte argument);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint read(SafeFileHandle fd, ref byte buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint write(SafeFileHandle fd, in byte buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "ppoll", SetLastError = true)]
    private static partial int ppoll(ref PollFd fds, nuint nfds, ref TimeSpec timeout, nint sigmask);
}
