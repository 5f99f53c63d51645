using System.Net;
using Transports.Abstractions;
using Transports.Scenarios.Core;
using Transports.Tests.Support;
using Transports.Udp;
using Transports.Udp.Batching;
using Xunit;

namespace Transports.Tests.Udp;

/// <summary>
/// The batched udp paths (sendmmsg/UDP GSO, recvmmsg/UDP GRO) against the plain one, with real sockets on 127.0.0.1:
/// the same datagrams arrive, byte for byte and in order, whichever path ran; the path is the one recorded; a failing
/// batched call (injected through <see cref="IBatchSocketCalls"/>) falls back and says so.
/// </summary>
public sealed class UdpBatchingTests
{
    private const int ENoSys = 38, EIo = 5, ENoProtoOpt = 92;

    [SkippableTheory]
    [InlineData(UdpIoMode.Auto, 1472, 300, 37)]   // GSO: 44 datagrams per message, an odd last one
    [InlineData(UdpIoMode.Plain, 1472, 300, 37)]
    [InlineData(UdpIoMode.Batched, 100, 1000, 99)] // small datagrams: 64 per GSO message
    [InlineData(UdpIoMode.Plain, 100, 1000, 99)]
    [InlineData(UdpIoMode.Auto, 65507, 6, 1)]     // one datagram per message: no UDP_SEGMENT, a 1-byte last one
    public async Task Batched_and_plain_paths_deliver_the_same_datagrams_in_order(UdpIoMode mode, int size, int count, int lastBytes)
    {
        SkipUnlessLinux(mode);
        var (transport, pair) = await OpenAsync(mode, size);
        await using (pair)
        {
            var expected = Datagrams(size, count, lastBytes, seed: size + count);
            var received = await SendAndReceiveAsync(pair, expected, size);
            AssertSameDatagrams(expected, received);

            var client = (UdpConnection)pair.Client;
            var server = (UdpConnection)pair.Server;
            bool plain = mode == UdpIoMode.Plain;
            Assert.Equal(plain ? "sendto" : "gso", transport.Settings["send_path"]);
            Assert.Equal(plain ? "recvfrom" : "gro", transport.Settings["receive_path"]);
            Assert.Equal(plain ? UdpSendPath.Sendto : UdpSendPath.Gso, client.SendPath);
            Assert.Equal(plain ? UdpReceivePath.Recvfrom : UdpReceivePath.Gro, server.ReceivePath);
            var sent = client.GetStatistics();
            Assert.Equal(count, sent["sent_datagrams"]);
            if (plain) Assert.Equal(count, sent["send_syscalls"]);
            else Assert.True(sent["send_syscalls"] <= (count + 63) / 64 * 2, $"{sent["send_syscalls"]} send calls for {count} datagrams: not batched");
        }
    }

    [SkippableTheory]
    [InlineData(UdpIoMode.Auto)]
    [InlineData(UdpIoMode.Plain)]
    public async Task Queued_datagrams_are_taken_in_few_receive_calls_only_when_batched(UdpIoMode mode)
    {
        SkipUnlessLinux(mode);
        var (_, pair) = await OpenAsync(mode, 1472);
        await using (pair)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var expected = Datagrams(1472, 40, 1472, seed: 5);
            await ((IDatagramBatchSender)pair.Client).SendBatchAsync(Concat(expected), 1472, timeout.Token);
            await Task.Delay(100, timeout.Token); // all 40 (59 KB) are queued at the receiver by now
            var buffer = new byte[1472];
            for (int i = 0; i < expected.Length; i++)
            {
                var r = await pair.Server.ReceiveAsync(buffer, timeout.Token);
                Assert.Equal(expected[i], buffer.AsSpan(0, r.Count).ToArray());
            }
            var statistics = pair.Server.GetStatistics();
            Assert.Equal(40, statistics["received_datagrams"]);
            if (mode == UdpIoMode.Plain) Assert.Equal(40, statistics["receive_syscalls"]);
            else Assert.True(statistics["receive_syscalls"] <= 4, $"{statistics["receive_syscalls"]} receive calls for 40 queued datagrams");
        }
    }

    [SkippableTheory]
    [InlineData(UdpIoMode.Auto)]
    [InlineData(UdpIoMode.Plain)]
    public async Task A_datagram_longer_than_the_receivers_maximum_fails_the_receive(UdpIoMode mode)
    {
        SkipUnlessLinux(mode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var run = Transports.Abstractions.Membership.RunMembership.Create(); // two instances of one run: the client's hello is admitted
        await using var small = new UdpTransport(new UdpTransportOptions(1000, IoMode: mode), run);
        await using var large = new UdpTransport(new UdpTransportOptions(3000, IoMode: mode), run);
        await using var listener = await small.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), timeout.Token);
        var accept = listener.AcceptAsync(timeout.Token).AsTask();
        await using var client = await large.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(), timeout.Token);
        await using var server = await accept;
        // Three 2000-byte datagrams in one batch: with GSO and GRO they travel (and may arrive) as one coalesced receive.
        await ((IDatagramBatchSender)client).SendBatchAsync(new byte[6000], 2000, timeout.Token);
        var e = await Assert.ThrowsAsync<TransportException>(async () => await server.ReceiveAsync(new byte[1000], timeout.Token));
        Assert.Equal(TransportError.MessageTooLarge, e.Error);
        Assert.StartsWith("udp receive", e.Message);
    }

    [SkippableFact]
    public async Task Missing_sendmmsg_falls_back_to_plain_sends_and_is_recorded()
    {
        SkipUnlessLinux(UdpIoMode.Auto);
        var calls = new FailingBatchCalls { SendErrno = ENoSys };
        var (transport, pair) = await OpenAsync(UdpIoMode.Auto, 1472, calls);
        await using (pair)
        {
            var expected = Datagrams(1472, 200, 500, seed: 1);
            AssertSameDatagrams(expected, await SendAndReceiveAsync(pair, expected, 1472));
            Assert.Equal(UdpSendPath.Sendto, ((UdpConnection)pair.Client).SendPath);
            Assert.Equal("sendto", transport.Settings["send_path"]);
            Assert.Contains("errno 38", transport.Settings["io_fallback"]);
            Assert.Equal("gro", transport.Settings["receive_path"]); // receiving was not affected
            Assert.True(calls.Failures >= 2, $"{calls.Failures} failed calls: gso, then sendmmsg");
        }
    }

    [SkippableFact]
    public async Task Gso_refused_by_the_device_falls_back_to_sendmmsg()
    {
        SkipUnlessLinux(UdpIoMode.Auto);
        var calls = new FailingBatchCalls { GsoErrno = EIo };
        var (transport, pair) = await OpenAsync(UdpIoMode.Batched, 1472, calls);
        await using (pair)
        {
            var expected = Datagrams(1472, 200, 1, seed: 2);
            AssertSameDatagrams(expected, await SendAndReceiveAsync(pair, expected, 1472));
            var client = (UdpConnection)pair.Client;
            Assert.Equal(UdpSendPath.Sendmmsg, client.SendPath);
            Assert.Equal("sendmmsg", transport.Settings["send_path"]);
            Assert.Contains("gso failed with errno 5", transport.Settings["io_fallback"]);
            var sent = client.GetStatistics();
            Assert.True(sent["send_syscalls"] < 200, $"{sent["send_syscalls"]} calls for 200 datagrams: sendmmsg did not batch");
        }
    }

    [SkippableFact]
    public async Task Missing_recvmmsg_falls_back_to_plain_receives_with_gro_turned_off()
    {
        SkipUnlessLinux(UdpIoMode.Auto);
        var calls = new FailingBatchCalls { ReceiveErrno = ENoSys };
        var (transport, pair) = await OpenAsync(UdpIoMode.Auto, 1472, calls);
        await using (pair)
        {
            // The sender still uses GSO: were GRO left on, a plain receive would get 64 KiB coalesced blobs.
            var expected = Datagrams(1472, 300, 1000, seed: 3);
            AssertSameDatagrams(expected, await SendAndReceiveAsync(pair, expected, 1472));
            Assert.Equal(UdpReceivePath.Recvfrom, ((UdpConnection)pair.Server).ReceivePath);
            Assert.Equal("recvfrom", transport.Settings["receive_path"]);
            Assert.Equal("gso", transport.Settings["send_path"]);
        }
    }

    [SkippableFact]
    public async Task A_kernel_without_the_gso_and_gro_options_uses_sendmmsg_and_recvmmsg()
    {
        SkipUnlessLinux(UdpIoMode.Auto);
        var (transport, pair) = await OpenAsync(UdpIoMode.Auto, 1472, new FailingBatchCalls { OptionErrno = ENoProtoOpt });
        await using (pair)
        {
            Assert.Equal(("sendmmsg", "recvmmsg"), (transport.Settings["send_path"], transport.Settings["receive_path"]));
            var expected = Datagrams(1472, 300, 7, seed: 4);
            AssertSameDatagrams(expected, await SendAndReceiveAsync(pair, expected, 1472));
            Assert.True(pair.Client.GetStatistics()["send_syscalls"] < 300);
            Assert.False(transport.Settings.ContainsKey("io_fallback"));
        }
    }

    [SkippableFact]
    public async Task Batched_mode_fails_clearly_instead_of_falling_back_to_plain()
    {
        SkipUnlessLinux(UdpIoMode.Auto);
        var (_, pair) = await OpenAsync(UdpIoMode.Batched, 1472, new FailingBatchCalls { SendErrno = ENoSys });
        await using (pair)
        {
            var e = await Assert.ThrowsAsync<TransportException>(async () =>
                await ((IDatagramBatchSender)pair.Client).SendBatchAsync(new byte[1472 * 3], 1472));
            Assert.Contains("-udp-io batched", e.Message);
            Assert.Contains("errno 38", e.Message);
        }
    }

    [SkippableFact]
    public async Task Plain_mode_never_makes_a_batched_call()
    {
        SkipUnlessLinux(UdpIoMode.Plain);
        var calls = new FailingBatchCalls { SendErrno = ENoSys, ReceiveErrno = ENoSys, OptionErrno = ENoProtoOpt };
        var (transport, pair) = await OpenAsync(UdpIoMode.Plain, 1472, calls);
        await using (pair)
        {
            var expected = Datagrams(1472, 100, 3, seed: 6);
            AssertSameDatagrams(expected, await SendAndReceiveAsync(pair, expected, 1472));
            Assert.Equal(0, calls.Failures);
            Assert.Equal(("plain", "sendto", "recvfrom"), (transport.Settings["io"], transport.Settings["send_path"], transport.Settings["receive_path"]));
        }
    }

    [Fact]
    public async Task The_io_option_is_parsed_and_recorded()
    {
        var factory = new UdpTransportFactory();
        await using (var plain = factory.Create(OptionValues.Empty.With("udp-io", "plain")))
            Assert.Equal(("plain", "sendto", "recvfrom"), (plain.Settings["io"], plain.Settings["send_path"], plain.Settings["receive_path"]));
        await using (var auto = factory.Create(OptionValues.Empty))
        {
            Assert.Equal("auto", auto.Settings["io"]);
            Assert.Contains(auto.Settings["send_path"], new[] { "gso", "sendmmsg", "sendto" });
        }
        var e = Assert.Throws<OptionException>(() => factory.Create(OptionValues.Empty.With("udp-io", "fast")));
        Assert.Contains("auto, batched, plain", e.Message);
    }

    internal static void SkipUnlessLinux(UdpIoMode mode) => Skip.If(mode != UdpIoMode.Plain && !OperatingSystem.IsLinux(), "batched udp calls are Linux only");

    private static async Task<(UdpTransport Transport, ConnectedPair Pair)> OpenAsync(UdpIoMode mode, int size, IBatchSocketCalls? calls = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var transport = new UdpTransport(new UdpTransportOptions(size, IoMode: mode) { BatchCalls = calls });
        var pair = await ConnectedPair.OpenAsync(transport, new IPEndPoint(IPAddress.Loopback, 0), StreamDirection.Bidirectional, timeout.Token);
        return (transport, pair);
    }

    /// <summary>Random datagrams: <paramref name="count"/> - 1 of <paramref name="size"/> bytes and a last one of <paramref name="lastBytes"/>.</summary>
    private static byte[][] Datagrams(int size, int count, int lastBytes, int seed)
    {
        var bytes = Payloads.Random((count - 1) * size + lastBytes, seed);
        return Enumerable.Range(0, count).Select(i => bytes.AsSpan(i * size, i == count - 1 ? lastBytes : size).ToArray()).ToArray();
    }

    private static byte[] Concat(byte[][] datagrams) => datagrams.SelectMany(d => d).ToArray();

    /// <summary>Sends the datagrams in batches of 64 (a batch is contiguous, like bigfile's bursts) while receiving them.</summary>
    private static async Task<List<byte[]>> SendAndReceiveAsync(ConnectedPair pair, byte[][] datagrams, int size)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<byte[]>();
        var receive = Task.Run(async () =>
        {
            var buffer = new byte[size];
            while (received.Count < datagrams.Length)
            {
                var r = await pair.Server.ReceiveAsync(buffer, timeout.Token);
                received.Add(buffer.AsSpan(0, r.Count).ToArray());
            }
        });
        var sender = (IDatagramBatchSender)pair.Client;
        for (int i = 0; i < datagrams.Length; i += 64)
        {
            await sender.SendBatchAsync(Concat(datagrams[i..Math.Min(i + 64, datagrams.Length)]), size, timeout.Token);
            await Task.Delay(1, timeout.Token); // gentle: the test checks bytes, not speed (no loss from a full receive buffer)
        }
        await receive.WaitAsync(timeout.Token);
        return received;
    }

    private static void AssertSameDatagrams(byte[][] expected, List<byte[]> received)
    {
        Assert.Equal(expected.Length, received.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i].AsSpan().SequenceEqual(received[i]), $"datagram {i} ({expected[i].Length} B expected, {received[i].Length} B received) differs");
    }
}
