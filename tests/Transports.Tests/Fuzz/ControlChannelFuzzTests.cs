using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Transports.Remote.Control;
using Xunit;
using Xunit.Abstractions;

namespace Transports.Tests.Fuzz;

/// <summary>The agent's control channel, the parser any host on the network can reach: random, mutated and truncated
/// frames end in one <see cref="ControlProtocolException"/> (or a clean end of stream), never another exception or a hang.</summary>
public sealed class ControlChannelFuzzTests(ITestOutputHelper output)
{
    private static byte[] Frame(ControlMessage message)
    {
        using var stream = new MemoryStream();
        ControlFrame.WriteAsync(stream, message, CancellationToken.None).GetAwaiter().GetResult();
        return stream.ToArray();
    }

    private static readonly byte[][] ValidFrames =
    [
        Frame(new Hello(ControlProtocol.Version, "1.0.0", ChallengeAuth.NewNonce())),
        Frame(new Challenge(1, "1.0.0", ChallengeAuth.NewNonce(), Convert.ToBase64String(new byte[32]))),
        Frame(new Proof(Convert.ToBase64String(new byte[32]))),
        Frame(new Welcome()),
        Frame(new Busy("10.0.0.2:40000", DateTimeOffset.UnixEpoch)),
        Frame(new Refused("wrong token")),
        Frame(new TimeProbe(123)),
        Frame(new TimeReply(1, 2, 3)),
        Frame(new Bye()),
        Frame(new AgentInfoRequest()),
        Frame(new AgentInfo("1.0.0", new Transports.Results.EnvironmentInfo { Os = "Linux", MtuBytes = 1500, NetworkSettings = new Dictionary<string, string> { ["net.core.rmem_max"] = "212992" } })),
        Frame(new Failed("unavailable", "not available on the agent: no libmsquic")),
        Frame(new TransportOpen("tcp", new Dictionary<string, string> { ["tcp-nodelay"] = "true" }, "00112233445566778899aabbccddeeff", "pingpong",
            new System.Text.Json.Nodes.JsonObject { ["message_sizes_bytes"] = new System.Text.Json.Nodes.JsonArray(64, 1024), ["duration_s"] = 1.5 })),
        Frame(new TransportReady(new string('a', 64))),
        Frame(new TransportClose()),
        Frame(new TransportClosed()),
        Frame(new RunOpen(0, "Bidirectional", true, -1234, 630_000)),
        Frame(new RunListening(40123)),
        Frame(new RunReport(System.Text.Json.JsonDocument.Parse("{\"bytes\":1,\"sha256\":\"ab\"}").RootElement,
            new Transports.Results.Cost { CpuSeconds = 0.5, PeakWorkingSetBytes = 1 << 26, GcCollections = [1, 0, 0] })),
        Frame(new RunFailed("transport", "connection reset by peer", "ConnectionReset")),
        Frame(new RunProgress(123_456, 7)),
        Frame(new RunAbort()),
        Frame(new RunClose()),
        Frame(new RunClosed([new Transports.Results.RefusedPeerRecord { Transport = "tcp", Remote = "10.0.0.9:5000", Verdict = "wrongToken" }], 3)),
    ];

    [Fact]
    public void Every_message_kind_round_trips()
    {
        var kinds = typeof(ControlMessage).GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonDerivedTypeAttribute), false)
            .Cast<System.Text.Json.Serialization.JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToHashSet();
        var seen = ValidFrames.Select(f => ControlFrame.Parse(f.AsSpan(4))).ToList();
        Assert.Equal(kinds.OrderBy(t => t.Name), seen.Select(m => m.GetType()).Distinct().OrderBy(t => t.Name)); // every kind is fuzzed
        foreach (var (frame, message) in ValidFrames.Zip(seen))
            Assert.Equal(frame, Frame(message)); // what is read is what was written
    }

    [Fact]
    public void Every_frame_is_a_message_or_one_protocol_error()
    {
        int messages = 0;
        FuzzInputs.Run(output, "control frames", FuzzInputs.RandomOrMutated(Gen.Elements(ValidFrames), 96), bytes =>
        {
            using var stream = new MemoryStream(bytes);
            var message = ControlFrame.ReadAsync(stream, TimeSpan.FromSeconds(5), CancellationToken.None).GetAwaiter().GetResult();
            if (message is not null) messages++;
        }, documented: e => e is ControlProtocolException cpe && !cpe.Message.Contains('\n'));
        Assert.True(messages > 0, "the mutations should leave some frames intact");
    }

    [Fact]
    public void Every_payload_is_a_message_or_one_protocol_error()
    {
        var payloads = Gen.Elements(ValidFrames.Select(f => f[4..]).ToArray());
        FuzzInputs.Run(output, "control JSON", FuzzInputs.RandomOrMutated(payloads, 96), bytes => ControlFrame.Parse(bytes),
            documented: e => e is ControlProtocolException cpe && !cpe.Message.Contains('\n'));
    }

    [Theory]
    [InlineData("{\"type\":\"hello\",\"protocol_version\":1,\"tool_version\":\"x\",\"client_nonce\":\"AA==\",\"extra\":1}", "not a control message")]
    [InlineData("{\"type\":\"launch_missiles\"}", "not a control message")]
    [InlineData("{\"type\":\"hello\"}", "not a control message")]
    [InlineData("[]", "not a control message")]
    [InlineData("null", "control message is null")]
    [InlineData("{\"type\":\"run_open\",\"variant_index\":0,\"direction\":\"Bidirectional\",\"warmup\":false,\"clock_offset_ns\":0}", "not a control message")]
    [InlineData("{\"type\":\"run_listening\",\"port\":\"80\"}", "not a control message")]
    [InlineData("{\"type\":\"transport_open\",\"transport\":\"tcp\",\"options\":{\"a\":1},\"membership_token_hex\":\"00\",\"scenario\":\"pingpong\",\"parameters\":{}}", "not a control message")]
    public void Unknown_kinds_members_and_missing_fields_are_refused(string json, string message)
    {
        var e = Assert.Throws<ControlProtocolException>(() => ControlFrame.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public async Task A_report_over_64_KiB_reaches_an_authenticated_client_and_nothing_over_4_MiB_is_written()
    {
        var points = string.Join(',', Enumerable.Range(0, 4000).Select(i => $"{{\"elapsedMs\":{i * 100},\"bytesDelivered\":{i * 1_000_000L},\"goodputBitsPerSecond\":8e7}}"));
        var report = new RunReport(System.Text.Json.JsonDocument.Parse($"{{\"timeline\":[{points}]}}").RootElement, new Transports.Results.Cost());
        var frame = Frame(report);
        Assert.InRange(frame.Length, ControlFrame.MaxBytes + 1, ControlFrame.MaxReportBytes);
        var read = await ControlFrame.ReadAsync(new MemoryStream(frame), TimeSpan.FromSeconds(5), CancellationToken.None, ControlFrame.MaxReportBytes);
        Assert.Equal(frame, Frame(read!));
        var e = await Assert.ThrowsAsync<ControlProtocolException>(() => ControlFrame.ReadAsync(new MemoryStream(frame), TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Contains("over the 65536 B limit", e.Message); // what the agent reads stays small

        var huge = new Failed("other", new string('x', ControlFrame.MaxReportBytes));
        using var sink = new MemoryStream();
        await Assert.ThrowsAsync<ControlProtocolException>(() => ControlFrame.WriteAsync(sink, huge, CancellationToken.None));
        Assert.Equal(0, sink.Length);
    }

    [Fact]
    public async Task An_oversized_length_is_refused_before_reading_the_body()
    {
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, uint.MaxValue);
        var e = await Assert.ThrowsAsync<ControlProtocolException>(() => ControlFrame.ReadAsync(new MemoryStream(header), TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Contains("over the 65536 B limit", e.Message);
    }

    [Fact]
    public async Task A_frame_that_stops_arriving_ends_at_the_deadline()
    {
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        using var reader = new System.IO.Pipes.AnonymousPipeClientStream(System.IO.Pipes.PipeDirection.In, pipe.ClientSafePipeHandle);
        await pipe.WriteAsync(new byte[] { 0, 0, 0, 10, (byte)'{' }); // 10 bytes announced, 1 sent, then silence
        await pipe.FlushAsync();
        var e = await Assert.ThrowsAsync<ControlProtocolException>(() => ControlFrame.ReadAsync(reader, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Equal("no complete control message within 0.3 s", e.Message);
    }
}
