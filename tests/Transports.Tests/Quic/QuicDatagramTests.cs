using System.Net;
using Transports.Abstractions;
using Transports.Quic;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Quic;

/// <summary>quic-dgram specifics: backpressure of the DATAGRAM send queue, sizes, statistics.</summary>
public sealed class QuicDatagramTests
{
    [SkippableFact]
    public async Task Datagrams_already_queued_are_received_without_waiting_and_intact()
    {
        TransportPair.RequireFactory("quic-dgram");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = timeout.Token;
        await using var pair = await TransportPair.ConnectAsync("quic-dgram");
        int max = pair.Capabilities.MaxMessageSizeBytes!.Value;
        var buffer = new byte[max];
        // First read waits (nothing queued yet): the asynchronous path.
        var first = pair.Server.ReceiveAsync(buffer, ct);
        await pair.Client.SendAsync(Payloads.Random(max, 1), ct);
        Assert.Equal(max, (await first).Count);
        Assert.True(buffer.AsSpan().SequenceEqual(Payloads.Random(max, 1)));

        const int burst = 20;
        for (int i = 0; i < burst; i++) await pair.Client.SendAsync(Payloads.Random(100 + i, 10 + i), ct);
        // All 20 were sent before the first is read; once it is here and a moment has passed, the rest are queued
        // at the receiver (loopback; quinn may pack several small DATAGRAM frames into one packet).
        var head = await pair.Server.ReceiveAsync(buffer, ct);
        Assert.Equal(100, head.Count);
        Assert.True(buffer.AsSpan(0, 100).SequenceEqual(Payloads.Random(100, 10)));
        await Task.Delay(200, ct);
        int synchronous = 0;
        for (int i = 1; i < burst; i++)
        {
            var read = pair.Server.ReceiveAsync(buffer, ct);
            if (read.IsCompletedSuccessfully) synchronous++;
            var r = await read;
            Assert.Equal(100 + i, r.Count); // loopback, no loss expected at this size: in order and complete
            Assert.True(buffer.AsSpan(0, r.Count).SequenceEqual(Payloads.Random(100 + i, 10 + i)), $"datagram {i} corrupted");
        }
        Assert.Equal(burst - 1, synchronous); // every queued datagram came from the synchronous path, no task or callback
    }

    [SkippableFact]
    public async Task A_burst_far_larger_than_the_send_queue_waits_instead_of_dropping_locally()
    {
        TransportPair.RequireFactory("quic-dgram");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        // A 64 KiB queue holds ~45 datagrams; the burst is 3000 (about 4 MiB). Without backpressure quinn would drop
        // the older queued ones whenever the congestion controller lets them out more slowly than they are sent.
        await using var transport = new QuicDatagramTransportFactory().Create(new QuicTransportOptions(DatagramQueueBytes: 64 << 10));
        await using var listener = await transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
        var accept = listener.AcceptAsync(ct).AsTask();
        await using var client = await transport.ConnectAsync(listener.LocalEndPoint, ConnectOptions.Default, ct);
        await using var server = await accept;
        int max = transport.Capabilities.MaxMessageSizeBytes!.Value;
        const int count = 3000;

        var seen = new bool[count];
        int received = 0;
        var receive = Task.Run(async () =>
        {
            var buffer = new byte[max];
            while (received < count)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
                quiet.CancelAfter(TimeSpan.FromSeconds(3)); // the sender is done and nothing more arrives
                try
                {
                    var r = await server.ReceiveAsync(buffer, quiet.Token);
                    int seq = BitConverter.ToInt32(buffer, 0);
                    Assert.Equal(max, r.Count);
                    Assert.True(buffer.AsSpan(4, r.Count - 4).SequenceEqual(Payloads.Random(max, 5).AsSpan(4)), $"datagram {seq} corrupted");
                    if (!seen[seq]) { seen[seq] = true; received++; }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    return;
                }
            }
        });
        var datagram = Payloads.Random(max, 5);
        for (int i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(datagram, i);
            await client.SendAsync(datagram, ct);
        }
        await receive;
        // Every datagram left the sender (one max-size DATAGRAM frame fills one UDP datagram): none was dropped from
        // the send queue. The receiver's own queue may still overflow when the application reads slower (a result).
        var sentOnWire = client.GetStatistics()["udp_tx_datagrams"];
        Assert.True(sentOnWire >= count, $"only {sentOnWire} UDP datagrams sent for {count} DATAGRAM frames: the sender dropped instead of waiting");
        Assert.True(received > 0, "no datagram reached the application");
    }
}
