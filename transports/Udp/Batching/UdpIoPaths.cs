using System.Net.Sockets;
using Transports.Abstractions;

namespace Transports.Udp.Batching;

/// <summary>
/// The send and receive paths of one udp transport: chosen once by probing the kernel when the transport is created,
/// lowered (never raised) when a batched call turns out to be unavailable at run time (<see cref="LinuxUdp.IsUnsupported"/>),
/// and written into the transport's settings as <c>io</c>, <c>send_path</c>, <c>receive_path</c> and, after a fallback,
/// <c>io_fallback</c> (which call failed with which errno), so the results say which path ran. Thread-safe.
/// </summary>
internal sealed class UdpIoPaths
{
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _settings;
    private volatile UdpSendPath _send;
    private volatile UdpReceivePath _receive;

    private UdpIoPaths(UdpIoMode mode, IBatchSocketCalls calls, Dictionary<string, string> settings, UdpSendPath send, UdpReceivePath receive)
    {
        Mode = mode;
        Calls = calls;
        _settings = settings;
        _send = send;
        _receive = receive;
        lock (_gate) Record();
    }

    /// <summary>The requested mode.</summary>
    public UdpIoMode Mode { get; }

    /// <summary>The libc calls (a test seam; <see cref="LibcBatchCalls"/> otherwise).</summary>
    public IBatchSocketCalls Calls { get; }

    /// <summary>The send path new connections start with.</summary>
    public UdpSendPath Send => _send;

    /// <summary>The receive path new connections start with.</summary>
    public UdpReceivePath Receive => _receive;

    /// <summary>
    /// Chooses the paths for <paramref name="mode"/>: on Linux, <c>gso</c> when <c>getsockopt(UDP_SEGMENT)</c> works
    /// (4.18+) else <c>sendmmsg</c>, and <c>gro</c> when <c>setsockopt(UDP_GRO)</c> works (5.0+) else <c>recvmmsg</c>;
    /// elsewhere, or with <see cref="UdpIoMode.Plain"/>, System.Net.Sockets.
    /// </summary>
    /// <exception cref="TransportException"><see cref="UdpIoMode.Batched"/> on a platform without the batched calls.</exception>
    public static UdpIoPaths Probe(UdpIoMode mode, IBatchSocketCalls calls, Dictionary<string, string> settings)
    {
        if (mode == UdpIoMode.Plain) return new(mode, calls, settings, UdpSendPath.Sendto, UdpReceivePath.Recvfrom);
        if (!OperatingSystem.IsLinux())
        {
            if (mode == UdpIoMode.Batched)
                throw new TransportException(TransportError.Unknown, "udp: -udp-io batched needs Linux (sendmmsg/recvmmsg); use auto or plain");
            settings["io_fallback"] = "not Linux: no sendmmsg/recvmmsg";
            return new(mode, calls, settings, UdpSendPath.Sendto, UdpReceivePath.Recvfrom);
        }
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var send = calls.GetOption(probe.SafeHandle, LinuxUdp.SolUdp, LinuxUdp.UdpSegment, out _, out _) == 0 ? UdpSendPath.Gso : UdpSendPath.Sendmmsg;
            var receive = calls.SetOption(probe.SafeHandle, LinuxUdp.SolUdp, LinuxUdp.UdpGro, 1, out _) == 0 ? UdpReceivePath.Gro : UdpReceivePath.Recvmmsg;
            return new(mode, calls, settings, send, receive);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            if (mode == UdpIoMode.Batched)
                throw new TransportException(TransportError.Unknown, $"udp: -udp-io batched: the C library has no batched calls ({e.Message})");
            settings["io_fallback"] = $"libc: {e.GetType().Name}";
            return new(mode, calls, settings, UdpSendPath.Sendto, UdpReceivePath.Recvfrom);
        }
    }

    /// <summary>
    /// <paramref name="failed"/> returned <paramref name="errno"/> meaning "not supported": returns the next simpler
    /// path (gso, sendmmsg, sendto) and records the fallback.
    /// </summary>
    /// <exception cref="TransportException">The mode is <see cref="UdpIoMode.Batched"/> and the next path is plain.</exception>
    public UdpSendPath FallBack(UdpSendPath failed, int errno)
    {
        var next = failed == UdpSendPath.Gso ? UdpSendPath.Sendmmsg : UdpSendPath.Sendto;
        Lower(next, null, $"{UdpIoNames.Name(failed)} failed with errno {errno}");
        return next;
    }

    /// <summary>As <see cref="FallBack(UdpSendPath, int)"/> for receives (gro, recvmmsg, recvfrom).</summary>
    /// <exception cref="TransportException">The mode is <see cref="UdpIoMode.Batched"/> and the next path is plain.</exception>
    public UdpReceivePath FallBack(UdpReceivePath failed, int errno)
    {
        var next = failed == UdpReceivePath.Gro ? UdpReceivePath.Recvmmsg : UdpReceivePath.Recvfrom;
        Lower(null, next, $"{UdpIoNames.Name(failed)} failed with errno {errno}");
        return next;
    }

    private void Lower(UdpSendPath? send, UdpReceivePath? receive, string reason)
    {
        if (Mode == UdpIoMode.Batched && (send == UdpSendPath.Sendto || receive == UdpReceivePath.Recvfrom))
            throw new TransportException(TransportError.Unknown, $"udp: -udp-io batched: {reason}; the kernel has no batched call left (use auto or plain)");
        lock (_gate)
        {
            if (send is { } s && s < _send) _send = s;
            if (receive is { } r && r < _receive) _receive = r;
            _settings["io_fallback"] = _settings.TryGetValue("io_fallback", out var before) ? $"{before}; {reason}" : reason;
            Record();
        }
    }

    private void Record()
    {
        _settings["io"] = UdpIoNames.Name(Mode);
        _settings["send_path"] = UdpIoNames.Name(_send);
        _settings["receive_path"] = UdpIoNames.Name(_receive);
    }
}
