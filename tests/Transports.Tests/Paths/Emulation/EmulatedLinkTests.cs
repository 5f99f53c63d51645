using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Transports.Paths.Emulation;
using Transports.Paths.Namespaces;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Paths.Emulation;

/// <summary>
/// The emulator tested against itself over real sockets in two namespaces: the RTT is the configured delay plus the base
/// within 1 ms, random loss lands inside its binomial 99% interval and matches the emulator's own count, a TCP bulk
/// transfer's goodput is within 5% of the bottleneck's payload rate, and nothing survives the path.
/// </summary>
[Collection(NamespaceCollection.Name)]
public sealed class EmulatedLinkTests
{
    /// <summary>A UDP socket here and one in the server namespace, across an emulated <paramref name="link"/>.</summary>
    private static async Task<(EmulatedPath Path, Socket A, Socket B)> UdpPairAsync(string link)
    {
        var path = await EmulatedPath.CreateAsync(LinkSpecParser.Parse(link));
        var b = NamespaceSocket.Create(path.ServerNamespace, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        b.Bind(new IPEndPoint(path.ServerAddress, 0));
        var a = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        a.Connect(b.LocalEndPoint!);
        return (path, a, b);
    }

    [SkippableFact]
    public async Task Rtt_is_the_configured_delay_plus_the_base_within_1_ms()
    {
        Skip.IfNot(Environment.UserName == "root", "network namespaces and TUN devices need root");
        var (path, a, b) = await UdpPairAsync("delay=10ms");
        await using var _ = path;
        using (a)
        using (b)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var echo = Task.Run(async () =>
            {
                var buffer = new byte[2048];
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                for (int i = 0; i < 100; i++)
                {
                    var r = await b.ReceiveFromAsync(buffer, SocketFlags.None, from, timeout.Token);
                    await b.SendToAsync(buffer.AsMemory(0, r.ReceivedBytes), SocketFlags.None, r.RemoteEndPoint, timeout.Token);
                }
            });
            var rtts = new List<double>();
            var reply = new byte[2048];
            for (int i = 0; i < 100; i++) // bounded: 100 pings, each waits at most the 30 s deadline
            {
                var ping = BitConverter.GetBytes(i);
                long start = Stopwatch.GetTimestamp();
                await a.SendAsync(ping, SocketFlags.None, timeout.Token);
                int n = await a.ReceiveAsync(reply, SocketFlags.None, timeout.Token);
                rtts.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Assert.Equal(i, BitConverter.ToInt32(reply, 0));
                Assert.Equal(4, n);
            }
            await echo;
            rtts.Sort();
            // configured 20 ms RTT; base RTT across namespaces is tens of µs; the emulator's lateness is the error. The
            // minimum holds the claim (configured + base within 1 ms); the median may carry the emulator's stalls in this
            // process (up to several ms, see docs/LINKS.md "Limits"), which it reports as late packets.
            Assert.InRange(rtts[0], 20.0, 21.0);
            Assert.InRange(rtts[50], 20.0, 22.0);
            var (up, down) = path.Emulator.Report();
            Assert.Equal(100, up.Delivered);
            Assert.Equal(100, down.Delivered);
            Assert.Null(up.Failure);
        }
    }

    [SkippableFact]
    public async Task Random_loss_lands_in_its_binomial_99_percent_interval_and_matches_the_emulators_count()
    {
        Skip.IfNot(Environment.UserName == "root", "network namespaces and TUN devices need root");
        var (path, a, b) = await UdpPairAsync("up.loss=5%");
        await using var _ = path;
        using (a)
        using (b)
        {
            // The emulator delivers at once what arrives at once; a receiver kept off the CPU must not overflow its socket
            // (the default 208 KiB holds only ~160 small datagrams) and add losses that are not the link's.
            b.ReceiveBufferSize = 4 << 20;
            const int n = 4000;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var seen = new HashSet<int>();
            var receive = Task.Run(async () =>
            {
                var buffer = new byte[2048];
                while (seen.Count < n)
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
                    idle.CancelAfter(TimeSpan.FromSeconds(1));
                    try
                    {
                        int r = await b.ReceiveAsync(buffer, SocketFlags.None, idle.Token);
                        seen.Add(BitConverter.ToInt32(buffer, 0));
                    }
                    catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
                    {
                        return; // quiet for 1 s: the sender is done
                    }
                }
            });
            for (int i = 0; i < n; i++)
            {
                await a.SendAsync(BitConverter.GetBytes(i), SocketFlags.None, timeout.Token);
                if (i % 10 == 9) await Task.Delay(1, timeout.Token); // well below the TUN backlog (500 packets), even on a loaded machine
            }
            await receive;
            Assert.Equal((0L, 0L), await path.KernelDropsAsync()); // the kernel dropped nothing before the emulator
            int lost = n - seen.Count;
            double sigma = Math.Sqrt(n * 0.05 * 0.95);
            Assert.InRange(lost, n * 0.05 - 2.576 * sigma, n * 0.05 + 2.576 * sigma);
            var (up, _) = path.Emulator.Report();
            Assert.Equal(n, up.Offered);
            Assert.Equal(lost, up.RandomLoss); // every loss is the emulator's
            Assert.Equal(0, up.EgressRefused);
        }
    }

    [SkippableFact]
    public async Task Tcp_bulk_goodput_is_within_5_percent_of_the_bottleneck_payload_rate()
    {
        Skip.IfNot(Environment.UserName == "root", "network namespaces and TUN devices need root");
        await using var path = await EmulatedPath.CreateAsync(LinkSpecParser.Parse("rate=40mbit,delay=5ms,queue=100kb"));
        using var listener = NamespaceSocket.Create(path.ServerNamespace, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(path.ServerAddress, 0));
        listener.Listen();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var accept = listener.AcceptAsync(timeout.Token).AsTask();
        await client.ConnectAsync(listener.LocalEndPoint!, timeout.Token);
        using var server = await accept;

        const long total = 16L << 20;
        var payload = Payloads.Random(64 * 1024, 3);
        var send = Task.Run(async () =>
        {
            for (long sent = 0; sent < total; sent += payload.Length) await client.SendAsync(payload, SocketFlags.None, timeout.Token);
            client.Shutdown(SocketShutdown.Send);
        });
        var buffer = new byte[256 * 1024];
        long received = 0, measuredFrom = 0, startTicks = 0;
        while (true)
        {
            int r = await server.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (r == 0) break;
            received += r;
            // slow start is over once 2 MiB are in: measure the steady state after it
            if (startTicks == 0 && received >= 2 << 20) (startTicks, measuredFrom) = (Stopwatch.GetTimestamp(), received);
        }
        double seconds = Stopwatch.GetElapsedTime(startTicks).TotalSeconds;
        await send;
        Assert.Equal(total, received);
        double goodput = (received - measuredFrom) * 8 / seconds;
        // payload per 1500-byte packet: 1500 - 20 (IPv4) - 20 (TCP) - 12 (timestamps, RFC 7323) = 1448 bytes
        double expected = 40e6 * 1448 / 1500;
        // The claim is "within 5%, or the emulator says it could not keep its schedule": on a loaded 2-core machine its
        // threads can be kept off the CPU, and then it reports late packets instead of blaming the transport.
        var (up, down) = path.Emulator.Report();
        long late = up.LatePackets + down.LatePackets, delivered = up.Delivered + down.Delivered;
        Skip.If(goodput < expected * 0.95 && late > delivered / 100,
            $"the machine was too loaded for the emulator: {late} of {delivered} packets left more than 0.5 ms late (goodput {goodput / 1e6:0.0} Mbit/s; up {up}; down {down}; kernel drops {await path.KernelDropsAsync()})");
        Assert.InRange(goodput, expected * 0.95, expected * 1.05);
    }

    [SkippableFact]
    public async Task A_path_from_this_namespace_reaches_the_server_namespace_through_the_emulator_and_leaves_nothing()
    {
        Skip.IfNot(Environment.UserName == "root", "network namespaces and TUN devices need root");
        string ns, device;
        await using (var path = await EmulatedPath.CreateAsync(LinkSpecParser.Parse("delay=5ms,down.delay=1ms")))
        {
            (ns, device) = (path.ServerNamespace, path.ClientInterface);
            using var b = NamespaceSocket.Create(path.ServerNamespace, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            b.Bind(new IPEndPoint(path.ServerAddress, 0));
            using var a = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp); // this process's namespace
            a.Connect(b.LocalEndPoint!);
            Assert.Equal(path.ClientAddress, ((IPEndPoint)a.LocalEndPoint!).Address); // routed through the TUN device
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var buffer = new byte[64];
            var rtts = new List<double>();
            for (int i = 0; i < 20; i++) // bounded: 20 pings under a 30 s deadline
            {
                long start = Stopwatch.GetTimestamp();
                await a.SendAsync(BitConverter.GetBytes(i), SocketFlags.None, timeout.Token);
                var r = await b.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
                await b.SendToAsync(buffer.AsMemory(0, r.ReceivedBytes), SocketFlags.None, r.RemoteEndPoint, timeout.Token);
                Assert.Equal(4, await a.ReceiveAsync(buffer, SocketFlags.None, timeout.Token));
                Assert.Equal(i, BitConverter.ToInt32(buffer, 0));
                rtts.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            rtts.Sort();
            Assert.InRange(rtts[0], 6.0, 7.0); // 5 ms up + 1 ms down
            Assert.Equal(20, path.Emulator.Report().Up.Delivered);
        }
        Assert.DoesNotContain(ns, await NamespacePair.ListAsync());
        Assert.DoesNotContain(device, await IpCommand.RunAsync(["link", "show"]));
    }
}
