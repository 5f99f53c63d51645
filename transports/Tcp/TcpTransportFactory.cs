using Transports.Abstractions;

namespace Transports.Tcp;

/// <summary>Creates <see cref="TcpTransport"/>s: TCP (RFC 9293) over System.Net.Sockets.</summary>
public sealed class TcpTransportFactory : ITransportFactory
{
    /// <summary><c>--tcp-nodelay</c>: disable Nagle's algorithm (TCP_NODELAY).</summary>
    public static readonly OptionSpec NoDelay = new("tcp-nodelay", "Disable Nagle's algorithm (TCP_NODELAY), true/false", "true");

    /// <summary><c>--tcp-send-buffer</c>: SO_SNDBUF in bytes, 0 keeps the kernel's autotuning.</summary>
    public static readonly OptionSpec SendBuffer = new("tcp-send-buffer", "Socket send buffer SO_SNDBUF in bytes (K/M suffixes ok); 0 = kernel autotuning", "0", "bytes");

    /// <summary><c>--tcp-receive-buffer</c>: SO_RCVBUF in bytes, 0 keeps the kernel's autotuning.</summary>
    public static readonly OptionSpec ReceiveBuffer = new("tcp-receive-buffer", "Socket receive buffer SO_RCVBUF in bytes (K/M suffixes ok); 0 = kernel autotuning", "0", "bytes");

    /// <inheritdoc />
    public string Name => "tcp";

    /// <inheritdoc />
    public string Description => "TCP byte stream (System.Net.Sockets)";

    /// <inheritdoc />
    /// <summary><c>--tcp-cc</c>: the congestion controller.</summary>
    public static readonly OptionSpec Congestion = new("tcp-cc",
        "Congestion controller (TCP_CONGESTION), e.g. cubic, reno, bbr; empty = the system default (net.ipv4.tcp_congestion_control), recorded per run", "");

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } = [NoDelay, SendBuffer, ReceiveBuffer, Congestion];

    /// <inheritdoc />
    public ITransport Create(OptionValues settings) => Create(settings, RunIdentity.Own);

    /// <inheritdoc />
    public ITransport Create(OptionValues settings, RunIdentity identity) => new TcpTransport(ParseOptions(settings), identity.Membership);

    /// <summary>The socket settings the <c>-tcp-…</c> options give (tcp and tcp-tls share them).</summary>
    /// <param name="settings">Option values; missing ones take their defaults.</param>
    /// <exception cref="OptionException">An invalid value, or a congestion controller this kernel does not offer.</exception>
    public static TcpTransportOptions ParseOptions(OptionValues settings)
    {
        string congestion = settings.GetString(Congestion).Trim();
        if (congestion.Length > 0) CongestionControl.Validate(congestion);
        return new TcpTransportOptions(
            settings.GetBoolean(NoDelay),
            settings.GetInt32(SendBuffer, 0, 1 << 30),
            settings.GetInt32(ReceiveBuffer, 0, 1 << 30),
            congestion.Length > 0 ? congestion : null);
    }
}

/// <summary>Settings of a <see cref="TcpTransport"/>.</summary>
/// <param name="NoDelay">TCP_NODELAY (disable Nagle).</param>
/// <param name="SendBufferBytes">SO_SNDBUF in bytes; 0 leaves the kernel default and autotuning.</param>
/// <param name="ReceiveBufferBytes">SO_RCVBUF in bytes; 0 leaves the kernel default and autotuning.</param>
/// <param name="CongestionControl">TCP_CONGESTION (e.g. cubic); null = the system default.</param>
public sealed record TcpTransportOptions(bool NoDelay = true, int SendBufferBytes = 0, int ReceiveBufferBytes = 0, string? CongestionControl = null);
