using System.Net;
using System.Net.Sockets;

namespace Transports.Harness.Anchors;

/// <summary>Picks a port for a tool's server (tools take a port number, not port 0).</summary>
internal static class FreePort
{
    /// <summary>
    /// A port free for both TCP and UDP on <paramref name="address"/> at the time of the call (the kernel's choice
    /// for TCP, checked for UDP; a tool that then finds it taken fails with its own message). Up to 20 tries.
    /// </summary>
    /// <param name="address">The address the server binds.</param>
    /// <exception cref="AnchorException">No port was free for both.</exception>
    public static int Pick(IPAddress address)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            using var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, 0));
            int port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            using var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(address, port));
                return port;
            }
            catch (SocketException)
            {
                // taken for UDP: try another
            }
        }
        throw new AnchorException($"no port free for both TCP and UDP on {address}");
    }
}
