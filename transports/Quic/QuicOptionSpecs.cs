using Transports.Abstractions;

namespace Transports.Quic;

/// <summary>Parses the command-line options of the quic and quic-dgram transports (each with its own prefix).</summary>
internal static class QuicOptionSpecs
{
    /// <summary>The options of the transport named <paramref name="prefix"/>: streams (with the backend choice) or datagrams (quinn only).</summary>
    public static IReadOnlyList<OptionSpec> For(string prefix, bool datagrams) => datagrams
        ? [CongestionControl(prefix), UdpPayload(prefix), SocketBuffer(prefix), DatagramQueue(prefix)]
        : [Backend(prefix), CongestionControl(prefix), UdpPayload(prefix), StreamWindow(prefix), ConnectionWindow(prefix), SocketBuffer(prefix)];

    /// <summary>Reads the options of <paramref name="prefix"/>; datagrams always use quinn (System.Net.Quic has no DATAGRAM API).</summary>
    /// <exception cref="OptionException">A value is invalid.</exception>
    public static QuicTransportOptions Parse(string prefix, bool datagrams, OptionValues values) => new(
        !datagrams ? Enum.Parse<QuicBackend>(values.GetChoice(Backend(prefix), "auto", "msquic", "quinn"), ignoreCase: true) : QuicBackend.Quinn,
        values.GetChoice(CongestionControl(prefix), "cubic", "newreno", "bbr") switch
        {
            "newreno" => QuicCongestionControl.NewReno,
            "bbr" => QuicCongestionControl.Bbr,
            _ => QuicCongestionControl.Cubic,
        },
        values.GetInt32(UdpPayload(prefix), 1200, 65527),
        values.GetInt64(StreamWindow(prefix), 16 << 10, 1L << 30),
        values.GetInt64(ConnectionWindow(prefix), 16 << 10, 1L << 32),
        values.GetInt32(SocketBuffer(prefix), 0, 1 << 30),
        values.GetInt64(DatagramQueue(prefix), 64 << 10, 1L << 30));

    private static OptionSpec Backend(string p) => new($"{p}-backend", "QUIC implementation: auto (msquic where System.Net.Quic is supported, else quinn), msquic, quinn", "auto");
    private static OptionSpec CongestionControl(string p) => new($"{p}-cc", "Congestion controller: cubic, newreno, bbr (quinn only; msquic uses cubic)", "cubic");
    private static OptionSpec UdpPayload(string p) => new($"{p}-udp-payload", "UDP payload size of every QUIC packet in bytes (1200..65527; quinn 0.9 has no path MTU discovery)", "1452", "bytes");
    private static OptionSpec StreamWindow(string p) => new($"{p}-stream-window", "Per-stream flow-control window in bytes (K/M suffixes ok)", "8M", "bytes");
    private static OptionSpec ConnectionWindow(string p) => new($"{p}-connection-window", "Connection flow-control window and send buffer in bytes (K/M suffixes ok)", "16M", "bytes");
    private static OptionSpec SocketBuffer(string p) => new($"{p}-socket-buffer", "UDP SO_SNDBUF/SO_RCVBUF in bytes, capped by net.core.rmem_max/wmem_max; 0 = kernel default", "4M", "bytes");
    private static OptionSpec DatagramQueue(string p) => new($"{p}-datagram-queue", "DATAGRAM send and receive queues in bytes (quinn; oldest dropped when full)", "4M", "bytes");
}
