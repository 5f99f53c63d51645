using Transports.Abstractions;
using Transports.Udp.Batching;

namespace Transports.Udp;

/// <summary>Creates <see cref="UdpTransport"/>s: raw UDP datagrams (RFC 768) over System.Net.Sockets.</summary>
public sealed class UdpTransportFactory : ITransportFactory
{
    /// <summary>
    /// Largest UDP payload that fits one 1500-byte Ethernet MTU without IP fragmentation:
    /// 1500 - 20 (IPv4 header, RFC 791) - 8 (UDP header, RFC 768) = 1472 bytes.
    /// </summary>
    public const int DefaultDatagramSizeBytes = 1472;

    /// <summary>Largest UDP payload over IPv4: 65535 - 20 - 8 = 65507 bytes.</summary>
    public const int MaxDatagramSizeBytes = 65507;

    /// <summary><c>--udp-datagram-size</c>: the maximum datagram payload, in bytes.</summary>
    public static readonly OptionSpec DatagramSize = new("udp-datagram-size",
        "Max UDP payload per datagram in bytes (default fits a 1500-byte MTU: 1500-20-8); up to 65507", DefaultDatagramSizeBytes.ToString(), "bytes");

    /// <summary><c>--udp-send-buffer</c>: SO_SNDBUF in bytes.</summary>
    public static readonly OptionSpec SendBuffer = new("udp-send-buffer",
        "Socket send buffer SO_SNDBUF in bytes (capped by net.core.wmem_max); 0 = kernel default", "4M", "bytes");

    /// <summary><c>--udp-receive-buffer</c>: SO_RCVBUF in bytes.</summary>
    public static readonly OptionSpec ReceiveBuffer = new("udp-receive-buffer",
        "Socket receive buffer SO_RCVBUF in bytes (capped by net.core.rmem_max); 0 = kernel default", "4M", "bytes");

    /// <summary><c>--udp-io</c>: which system calls send and receive the datagrams.</summary>
    public static readonly OptionSpec Io = new("udp-io",
        "System calls: auto (batched where the kernel has them: UDP GSO or sendmmsg, UDP GRO or recvmmsg; else plain), batched (an error without them) or plain (one socket call per datagram)", "auto");

    /// <inheritdoc />
    public string Name => "udp";

    /// <inheritdoc />
    public string Description => "Raw UDP datagrams (System.Net.Sockets), unreliable";

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } = [DatagramSize, SendBuffer, ReceiveBuffer, Io];

    /// <inheritdoc />
    public ITransport Create(OptionValues settings) => Create(settings, RunIdentity.Own);

    /// <inheritdoc />
    public ITransport Create(OptionValues settings, RunIdentity identity) => new UdpTransport(new UdpTransportOptions(
        settings.GetInt32(DatagramSize, 1, MaxDatagramSizeBytes),
        settings.GetInt32(SendBuffer, 0, 1 << 30),
        settings.GetInt32(ReceiveBuffer, 0, 1 << 30),
        UdpIoNames.ParseMode(settings.GetChoice(Io, UdpIoNames.Modes))), identity.Membership);
}

/// <summary>Settings of a <see cref="UdpTransport"/>.</summary>
/// <param name="DatagramSizeBytes">Largest payload per datagram, in bytes (1..65507).</param>
/// <param name="SendBufferBytes">SO_SNDBUF requested, in bytes; 0 leaves the kernel default.</param>
/// <param name="ReceiveBufferBytes">SO_RCVBUF requested, in bytes; 0 leaves the kernel default.</param>
/// <param name="IoMode">Batched system calls where the kernel has them, always, or never (<see cref="UdpIoMode"/>).</param>
public sealed record UdpTransportOptions(
    int DatagramSizeBytes = UdpTransportFactory.DefaultDatagramSizeBytes,
    int SendBufferBytes = 4 << 20,
    int ReceiveBufferBytes = 4 << 20,
    UdpIoMode IoMode = UdpIoMode.Auto)
{
    /// <summary>The libc calls of the batched paths; null = the real ones. A seam for tests that make one call fail.</summary>
    internal IBatchSocketCalls? BatchCalls { get; init; }
}
