namespace Transports.Udp.Batching;

/// <summary>Which system calls the udp transport may use (<c>-udp-io</c>).</summary>
public enum UdpIoMode
{
    /// <summary>The batched calls the kernel has (GSO or sendmmsg, GRO or recvmmsg); plain sockets where it has none.</summary>
    Auto,
    /// <summary>Batched calls only: a kernel or platform without them is an error rather than a silent fallback.</summary>
    Batched,
    /// <summary>System.Net.Sockets only: one send and one receive system call per datagram.</summary>
    Plain,
}

/// <summary>The send system call in use: <c>gso</c> (sendmmsg(2) of <c>UDP_SEGMENT</c> messages), <c>sendmmsg</c>
/// (one datagram per message), or <c>sendto</c> (System.Net.Sockets, one call per datagram).</summary>
public enum UdpSendPath
{
    /// <summary>Plain <see cref="System.Net.Sockets.Socket"/> sends.</summary>
    Sendto,
    /// <summary>sendmmsg(2), one datagram per message.</summary>
    Sendmmsg,
    /// <summary>sendmmsg(2) of messages the kernel segments (<c>UDP_SEGMENT</c>).</summary>
    Gso,
}

/// <summary>The receive system call in use: <c>gro</c> (recvmmsg(2) with <c>UDP_GRO</c> on), <c>recvmmsg</c>, or
/// <c>recvfrom</c> (System.Net.Sockets, one call per datagram).</summary>
public enum UdpReceivePath
{
    /// <summary>Plain <see cref="System.Net.Sockets.Socket"/> receives.</summary>
    Recvfrom,
    /// <summary>recvmmsg(2), one datagram per message.</summary>
    Recvmmsg,
    /// <summary>recvmmsg(2) with <c>UDP_GRO</c>: a message may hold several coalesced datagrams.</summary>
    Gro,
}

/// <summary>The names of the modes and paths as the command line and the results spell them.</summary>
public static class UdpIoNames
{
    /// <summary>The <c>-udp-io</c> values.</summary>
    public static readonly string[] Modes = ["auto", "batched", "plain"];

    /// <summary>Parses a <c>-udp-io</c> value (one of <see cref="Modes"/>, already validated).</summary>
    public static UdpIoMode ParseMode(string value) => value switch
    {
        "batched" => UdpIoMode.Batched,
        "plain" => UdpIoMode.Plain,
        _ => UdpIoMode.Auto,
    };

    /// <summary>Lower-case name of a mode.</summary>
    public static string Name(UdpIoMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>Lower-case name of a send path, as recorded in the results (<c>send_path</c>).</summary>
    public static string Name(UdpSendPath path) => path.ToString().ToLowerInvariant();

    /// <summary>Lower-case name of a receive path, as recorded in the results (<c>receive_path</c>).</summary>
    public static string Name(UdpReceivePath path) => path.ToString().ToLowerInvariant();
}
