using Transports.Abstractions;

namespace Transports.Harness.Catalog;

/// <summary>
/// Every transport the harness knows, in the default run order. Adding a transport is one line here plus a
/// project reference; nothing else in the harness or the scenarios names a transport.
/// </summary>
public static class TransportCatalog
{
    /// <summary>All transport factories, in default run order.</summary>
    public static IReadOnlyList<ITransportFactory> All { get; } =
    [
        new Transports.Tcp.TcpTransportFactory(),
        new Transports.Tcp.TcpTlsTransportFactory(),
        new Transports.Udp.UdpTransportFactory(),
        new Transports.WebSockets.WebSocketTransportFactory(),
        new Transports.WebSockets.WssTransportFactory(),
        new Transports.Grpc.GrpcTransportFactory(),
        new Transports.Quic.QuicTransportFactory(),
        new Transports.Quic.QuicDatagramTransportFactory(),
    ];

    /// <summary>The factory named <paramref name="name"/> (case-insensitive), or null.</summary>
    /// <param name="name">Transport name, e.g. <c>tcp</c>.</param>
    public static ITransportFactory? Find(string name)
        => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Comma-separated list of valid names, for error messages.</summary>
    public static string Names => string.Join(", ", All.Select(f => f.Name));
}
