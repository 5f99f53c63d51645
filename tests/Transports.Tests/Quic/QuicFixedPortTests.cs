using System.Net;
using System.Net.Sockets;
using Transports.Abstractions;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Quic;

/// <summary>
/// A fixed <c>-port</c> is bound again by every warm-up and repeat: disposing a quinn listener must leave the port
/// free (quinn used to keep the UDP socket until the endpoint driver ended, after dispose had returned).
/// </summary>
public sealed class QuicFixedPortTests
{
    [SkippableTheory]
    [InlineData("quic")]
    [InlineData("quic-dgram")]
    public async Task Two_consecutive_runs_on_the_same_fixed_port_both_listen(string name)
    {
        var factory = TransportPair.RequireFactory(name);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        var port = FreeUdpPort();
        for (int run = 1; run <= 2; run++)
        {
            await using var transport = factory.Create(OptionValues.Empty.With("quic-backend", "quinn"));
            var listener = await transport.ListenAsync(port, ct); // run 2: "Address already in use" before the fix
            var accept = listener.AcceptAsync(ct).AsTask();
            var client = await transport.ConnectAsync(listener.LocalEndPoint, ConnectOptions.Default, ct);
            var server = await accept;
            await client.SendAsync(new byte[] { 1, 2, 3, (byte)run }, ct);
            var buffer = new byte[transport.Capabilities.MaxMessageSizeBytes ?? 64];
            var r = await server.ReceiveAsync(buffer, ct);
            Assert.True(r.Count > 0, $"run {run}: nothing received");
            // The harness's order (ConnectedPair): both connections, then the listener.
            await client.DisposeAsync();
            await server.DisposeAsync();
            await listener.DisposeAsync();
        }
    }

    private static IPEndPoint FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)probe.LocalEndPoint!;
    }
}
