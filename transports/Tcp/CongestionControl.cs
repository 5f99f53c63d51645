using System.Net.Sockets;
using System.Text;

namespace Transports.Tcp;

/// <summary>
/// TCP's congestion controller per socket (TCP_CONGESTION, tcp(7)): the kernel's default is whatever
/// <c>net.ipv4.tcp_congestion_control</c> says (bbr on the reference machine, cubic on most), which decides how tcp reacts
/// to loss; choosing it makes tcp comparable with a QUIC stack that runs cubic. Linux only.
/// </summary>
public static class CongestionControl
{
    private const int IpProtoTcp = 6, TcpCongestion = 13;

    /// <summary>The system default (<c>/proc/sys/net/ipv4/tcp_congestion_control</c>), or null when unknown.</summary>
    public static string? SystemDefault => Read("/proc/sys/net/ipv4/tcp_congestion_control")?.Trim();

    /// <summary>The controllers this kernel offers (<c>tcp_available_congestion_control</c>); empty when unknown.</summary>
    public static IReadOnlyList<string> Available
        => Read("/proc/sys/net/ipv4/tcp_available_congestion_control")?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>Checks <paramref name="name"/> is offered here.</summary>
    /// <param name="name">e.g. cubic, reno, bbr.</param>
    /// <exception cref="Transports.Abstractions.OptionException">Not offered; the message lists what is.</exception>
    public static void Validate(string name)
    {
        var available = Available;
        if (!OperatingSystem.IsLinux() || !available.Contains(name))
            throw new Transports.Abstractions.OptionException($"--tcp-cc: '{name}' is not available here (available: {(available.Count == 0 ? "none known" : string.Join(", ", available))})");
    }

    /// <summary>Sets the socket's controller.</summary>
    /// <param name="socket">A TCP socket (a listener passes it to the sockets it accepts).</param>
    /// <param name="name">A controller from <see cref="Available"/>.</param>
    /// <exception cref="SocketException">The kernel refused.</exception>
    public static void Set(Socket socket, string name) => socket.SetRawSocketOption(IpProtoTcp, TcpCongestion, Encoding.ASCII.GetBytes(name));

    /// <summary>The socket's controller.</summary>
    /// <param name="socket">A TCP socket.</param>
    public static string Get(Socket socket)
    {
        Span<byte> name = stackalloc byte[16]; // TCP_CA_NAME_MAX
        int n = socket.GetRawSocketOption(IpProtoTcp, TcpCongestion, name);
        int end = name[..n].IndexOf((byte)0);
        return Encoding.ASCII.GetString(name[..(end < 0 ? n : end)]);
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
