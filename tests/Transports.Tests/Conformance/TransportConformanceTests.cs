using System.Security.Cryptography;
using Transports.Abstractions;
using Transports.Harness.Catalog;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Conformance;

/// <summary>
/// One suite, every transport in the catalog: what the abstraction promises, checked over real loopback
/// connections. A transport that cannot run here is skipped with the reason; a requirement that does not apply
/// to a transport's capabilities is skipped with the capability that makes it not apply.
/// </summary>
public sealed class TransportConformanceTests
{
    public static TheoryData<string> TransportNames()
    {
        var data = new TheoryData<string>();
        foreach (var f in TransportCatalog.All) data.Add(f.Name);
        return data;
    }

    private static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    [SkippableTheory]
    [MemberData(nameof(TransportNames))]
    public async Task Messages_of_size_0_1_and_max_arrive_intact(string name)
    {
        var ct = Timeout();
        await using var pair = await TransportPair.ConnectAsync(name);
        int max = pair.Capabilities.MaxMessageSizeBytes ?? 1 << 20; // byte streams: a 1 MiB write stands in for "max"
        var messages = new[] { Payloads.Random(0, 1), Payloads.Random(1, 2), Payloads.Random(max, 3) };

        if (pair.Capabilities.HasMessageBoundaries)
        {
            var buffer = new byte[max];
            foreach (var message in messages)
            {
                await pair.Client.SendAsync(message, ct);
                var r = await pair.Server.ReceiveAsync(buffer, ct);
                Assert.False(r.IsCompleted);
                Assert.Equal(message.Length, r.Count);
                Assert.True(buffer.AsSpan(0, r.Count).SequenceEqual(message), $"message of {message.Length} B corrupted");
            }
        }
        else
        {
            // A byte stream keeps no boundaries: the concatenation must arrive, byte for byte.
            var expected = messages.SelectMany(m => m).ToArray();
            var receive = Payloads.ReceiveExactlyAsync(pair.Server, expected.Length, ct);
            foreach (var message in messages) await pair.Client.SendAsync(message, ct);
            Assert.Equal(expected, await receive);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TransportNames))]
    public async Task Message_over_max_is_rejected_and_connection_stays_usable(string name)
    {
        var ct = Timeout();
        await using var pair = await TransportPair.ConnectAsync(name);
        Skip.If(pair.Capabilities.MaxMessageSizeBytes is null, $"{name} is a byte stream: no maximum message size");
        int max = pair.Capabilities.MaxMessageSizeBytes!.Value;

        var ex = await Assert.ThrowsAsync<MessageTooLargeException>(() => pair.Client.SendAsync(new byte[max + 1], ct).AsTask());
        Assert.Equal(max + 1, ex.SizeBytes);
        Assert.Equal(TransportError.MessageTooLarge, ex.Error);

        var after = Payloads.Random(100, 7);
        await pair.Client.SendAsync(after, ct);
        var buffer = new byte[max];
        var r = await pair.Server.ReceiveAsync(buffer, ct);
        Assert.Equal(after, buffer.AsSpan(0, r.Count).ToArray());
    }

    [SkippableTheory]
    [MemberData(nameof(TransportNames))]
    public async Task Stream_of_64_MiB_arrives_intact_in_both_directions(string name)
    {
        var ct = Timeout(120);
        var data = Payloads.Random(64 << 20, 64);
        var expected = SHA256.HashData(data);
        foreach (var direction in new[] { StreamDirection.ClientToServer, StreamDirection.ServerToClient })
        {
            await using var pair = await TransportPair.ConnectAsync(name, direction);
            Skip.IfNot(pair.Capabilities.IsReliable && pair.Capabilities.HasOrderlyClose,
                $"{name} is not reliable: loss is a result there, measured by the scenarios, not an integrity failure");
            var (sender, receiver) = direction == StreamDirection.ClientToServer ? (pair.Client, pair.Server) : (pair.Server, pair.Client);
            var receive = Payloads.ReceiveAllAsync(receiver, ct);
            await Payloads.SendAllAsync(sender, data, 256 << 10, ct);
            var (bytes, sha) = await receive;
            Assert.Equal(data.LongLength, bytes);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(sha));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TransportNames))]
    public async Task Orderly_close_delivers_everything_then_completes(string name)
    {
        var ct = Timeout();
        await using var pair = await TransportPair.ConnectAsync(name, StreamDirection.ClientToServer);
        Skip.IfNot(pair.Capabilities.HasOrderlyClose, $"{name} has no orderly close (unreliable datagrams)");
        var data = Payloads.Random(100_000, 5);
        var receive = Payloads.ReceiveAllAsync(pair.Server, ct);
        await Payloads.SendAllAsync(pair.Client, data, 16 << 10, ct);
        var (bytes, sha) = await receive;
        Assert.Equal(data.Length, bytes);
        Assert.Equal(SHA256.HashData(data), sha);
        // Completion is sticky: asking again still says completed, it does not hang or throw.
        var again = await pair.Server.ReceiveAsync(new byte[Math.Max(pair.Capabilities.MaxMessageSizeBytes ?? 0, 1024)], ct);
        Assert.True(again.IsCompleted);
    }

    [SkippableTheory]
    [MemberData(nameof(TransportNames))]
    public async Task Abortive_close_is_an_error_for_the_peer_not_a_completion(string name)
    {
        var ct = Timeout();
        await using var pair = await TransportPair.ConnectAsync(name, StreamDirection.ClientToServer);
        Skip.IfNot(pair.Capabilities.IsReliable && pair.Capabilities.HasOrderlyClose,
            $"{name} is unreliable: a datagram peer cannot see an abort");
        await pair.Client.SendAsync(Payloads.Random(1000, 9), ct);
        pair.Client.Abort();
        var buffer = new byte[Math.Max(pair.Capabilities.MaxMessageSizeBytes ?? 0, 1 << 16)];
        var ex = await Assert.ThrowsAsync<TransportException>(async () =>
        {
            while (true)
            {
                var r = await pair.Server.ReceiveAsync(buffer, ct);
                if (r.IsCompleted) return; // an abort reported as an orderly end fails the test: no exception
            }
        });
        Assert.Equal(TransportError.ConnectionReset, ex.Error);
    }
}
