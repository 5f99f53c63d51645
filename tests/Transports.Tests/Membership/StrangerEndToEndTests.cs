using System.Net;
using System.Net.Sockets;
using Transports.Results;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Membership;

/// <summary>
/// Through the real harness process: a stranger hammering the tcp port with test-file-like bytes for the whole run
/// changes neither the verdict nor the measured bytes, and is reported on the console and in results.json.
/// </summary>
public sealed class StrangerEndToEndTests
{
    [Fact]
    public async Task Stranger_hammering_the_tcp_port_is_refused_reported_and_does_not_change_the_verdict()
    {
        using var dir = new TempDirectory();
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        int strangerConnections = 0;
        var r = await HarnessProcess.RunAsync(
            ["bigfile", "-transports", "tcp", "-port", port.ToString(), "-size", "512M", "-warmup", "0", "-repeat", "1",
             "-no-progress", "-no-charts"],
            Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(120), async process =>
            {
                var junk = Payloads.Random(4096, 13);
                // Bounded: at most 30 000 attempts, 1 ms apart (about 30 s); stops when the harness exits. tcp ignores
                // -rate, so the port is open only while 512 MiB move (a few hundred ms here): a refused connect costs
                // microseconds, and retrying every millisecond is what makes the stranger land inside that window.
                for (int i = 0; i < 30_000 && !process.HasExited; i++)
                {
                    try
                    {
                        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                        await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), attempt.Token);
                        await s.SendAsync(junk, SocketFlags.None, attempt.Token);
                        strangerConnections++;
                    }
                    catch (Exception e) when (e is SocketException or OperationCanceledException)
                    {
                        // nobody listens between repeats, or the server closed us: keep trying
                    }
                    await Task.Delay(1);
                }
            });

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}");
        Assert.True(strangerConnections > 0, "the stranger never got a connection in");
        var doc = ResultsJson.Load(Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single());
        var tcp = Assert.Single(doc.Transports);
        Assert.Equal(TransportStatus.Ok, tcp.Status);
        var m = Assert.Single(tcp.Repeats);
        Assert.Equal(512L << 20, m.Throughput!.BytesDelivered); // the run's own bytes, not a stranger's
        Assert.True(m.Integrity!.Verified);
        Assert.True(tcp.RefusedPeerCount >= 1, "the stranger should be reported");
        Assert.NotEmpty(tcp.RefusedPeers);
        Assert.All(tcp.RefusedPeers, p =>
        {
            Assert.Equal("tcp", p.Transport);
            Assert.StartsWith("127.0.0.1:", p.Remote);
            Assert.Contains(p.Verdict, new[] { "notAHello", "timeout" });
        });
        Assert.Contains(tcp.RefusedPeers, p => p.Verdict == "notAHello");
        Assert.Contains($"tcp: refused {tcp.RefusedPeerCount} connection", r.StdOut + r.StdErr);
        Assert.Contains("that did not belong to this run: 127.0.0.1:", r.StdOut + r.StdErr);
    }
}
