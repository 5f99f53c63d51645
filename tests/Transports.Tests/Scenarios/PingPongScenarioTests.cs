using Transports.Results.Metrics;
using Transports.Abstractions;
using Transports.Scenarios.Core;
using Transports.Scenarios.Messages;
using Transports.Scenarios.PingPong;
using Transports.Tests.Scenarios.Fakes;
using Xunit;

namespace Transports.Tests.Scenarios;

/// <summary>pingpong end to end, over every catalog transport and over a deterministic lossy fake.</summary>
public sealed class PingPongScenarioTests
{
    [SkippableTheory]
    [MemberData(nameof(ScenarioHarness.TransportNames), MemberType = typeof(ScenarioHarness))]
    public async Task Closed_loop_measures_every_round_trip_for_each_message_size(string name)
    {
        await using var transport = ScenarioHarness.CreateTransport(name);
        // 16 KiB, or the transport's largest message when that is smaller (UDP, QUIC DATAGRAM).
        int large = Math.Min(16384, transport.Capabilities.MaxMessageSizeBytes ?? 16384);
        var results = await ScenarioHarness.RunAsync(new PingPongScenario(), transport, new Dictionary<string, string>
        {
            ["message-size"] = $"64,{large}", ["count"] = "200", ["duration"] = "30", ["message-warmup"] = "20",
        });
        Assert.Equal([64, large], results.Select(r => ((MessageVariant)r.Variant).MessageSizeBytes));
        Assert.Equal(["64 B", $"{large} B"], results.Select(r => r.Variant.Label));
        foreach (var (variant, m, progress) in results)
        {
            int size = ((MessageVariant)variant).MessageSizeBytes;
            var delivery = m.Delivery!;
            Assert.Equal(200, delivery.Sent); // warm-up excluded
            Assert.Equal(delivery.Sent, delivery.Received + delivery.Lost);
            if (transport.Capabilities.IsReliable) Assert.Equal(0, delivery.Lost);
            Assert.True(delivery.Received > 0);
            ScenarioHarness.AssertLatencyConsistent(m.Latency!, delivery.Received, "rtt");
            Assert.False(m.Latency!.CoordinatedOmissionCorrected);
            Assert.Equal(delivery.Received * size, m.Throughput!.BytesDelivered);
            Assert.Equal(200L * size, m.Throughput.BytesSent);
            Assert.Equal(delivery.Received, m.Throughput.MessagesDelivered);
            Assert.True(m.Throughput.MessagesPerSecond > 0);
            Assert.Null(m.Throughput.TargetRateBitsPerSecond);
            Assert.NotNull(m.Cost);
            Assert.True(m.Cost!.CpuSeconds >= 0);
            Assert.NotEmpty(m.Timeline);
            Assert.Equal(m.Throughput.BytesDelivered, m.Timeline[^1].BytesDelivered);
            Assert.Equal(delivery.Received, progress.CompletedUnits);
            Assert.Equal("msg", progress.Unit);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(ScenarioHarness.TransportNames), MemberType = typeof(ScenarioHarness))]
    public async Task Open_loop_paces_requests_and_corrects_for_coordinated_omission(string name)
    {
        await using var transport = ScenarioHarness.CreateTransport(name);
        // Duration-bounded at 500 msg/s for 0.4 s: exactly 200 intended send times, whatever the machine does.
        var (_, m, _) = (await ScenarioHarness.RunAsync(new PingPongScenario(), transport, new Dictionary<string, string>
        {
            ["rate"] = "500", ["duration"] = "0.4", ["message-warmup"] = "0.1s",
        })).Single();
        Assert.Equal(200, m.Delivery!.Sent);
        if (transport.Capabilities.IsReliable) Assert.Equal(200, m.Delivery.Received);
        ScenarioHarness.AssertLatencyConsistent(m.Latency!, m.Delivery.Received, "rtt");
        Assert.True(m.Latency!.CoordinatedOmissionCorrected);
        Assert.Equal(500.0 * 64 * 8, m.Throughput!.TargetRateBitsPerSecond);
        // 200 requests 2 ms apart take at least 398 ms from the first intended send to the last response.
        Assert.True(m.Throughput.TransferDurationMs >= 398, $"transfer {m.Throughput.TransferDurationMs} ms");
    }

    [Fact]
    public async Task Lost_requests_and_responses_count_as_lost_and_do_not_hang()
    {
        // Every 10th message is dropped each way. Requests 9, 19, …, 99 never reach the server (10); it answers the
        // other 90, and its 10th, 20th, … answer (9 of them) are dropped: 19 lost, 81 round trips measured.
        await using var transport = new ImpairedDatagramTransport(new Impairment(DropEvery: 10));
        var (_, m, _) = (await ScenarioHarness.RunAsync(new PingPongScenario(), transport, new Dictionary<string, string>
        {
            ["count"] = "100", ["duration"] = "60", ["message-warmup"] = "0", ["loss-timeout"] = "50",
        })).Single();
        Assert.Equal(100, m.Delivery!.Sent);
        Assert.Equal(81, m.Delivery.Received);
        Assert.Equal(19, m.Delivery.Lost);
        Assert.Equal(19.0, m.Delivery.LossPercent, 9);
        // At least the 19 lost ones timed out; on a very loaded machine a slow answer may time out too (it still counts
        // as received when it arrives).
        Assert.InRange(m.Values[MetricCatalog.TimedOutRequests.Id], 19, 100);
        ScenarioHarness.AssertLatencyConsistent(m.Latency!, 81, "rtt");
    }

    [Fact]
    public async Task Open_loop_on_a_lossy_transport_counts_unanswered_requests()
    {
        await using var transport = new ImpairedDatagramTransport(new Impairment(DropEvery: 10));
        var (_, m, _) = (await ScenarioHarness.RunAsync(new PingPongScenario(), transport, new Dictionary<string, string>
        {
            ["rate"] = "1000", ["count"] = "100", ["duration"] = "60", ["message-warmup"] = "0", ["loss-timeout"] = "1000",
        })).Single();
        Assert.Equal(100, m.Delivery!.Sent);
        Assert.Equal(19, m.Delivery.Lost);
        Assert.True(m.Latency!.CoordinatedOmissionCorrected);
    }

    [Theory]
    [InlineData("message-size", "8", "out of range")]
    [InlineData("message-size", "abc", "not a size")]
    [InlineData("rate", "fast", "not a number")]
    [InlineData("message-warmup", "soon", "neither a duration")]
    [InlineData("loss-timeout", "0", "out of range")]
    public async Task Bad_options_are_clear_errors(string option, string value, string expected)
    {
        var ex = await Assert.ThrowsAsync<OptionException>(() =>
            new PingPongScenario().PrepareAsync(new OptionValues(new Dictionary<string, string> { [option] = value }), CancellationToken.None));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("--" + option, ex.Message);
    }

    [Fact]
    public async Task A_run_without_any_bound_is_rejected()
    {
        var ex = await Assert.ThrowsAsync<OptionException>(() => new PingPongScenario().PrepareAsync(
            new OptionValues(new Dictionary<string, string> { ["duration"] = "0", ["count"] = "0" }), CancellationToken.None));
        Assert.Contains("never end", ex.Message);
    }

    [Fact]
    public async Task A_message_larger_than_the_transport_allows_makes_that_variant_not_applicable()
    {
        var plan = await new PingPongScenario().PrepareAsync(
            new OptionValues(new Dictionary<string, string> { ["message-size"] = "64,2K" }), CancellationToken.None);
        var datagrams = new TransportCapabilities(TransportFeatures.MessageBoundaries | TransportFeatures.Datagrams, 1472);
        var why = new PingPongScenario().WhyNotApplicable(datagrams, plan, plan.Variants[1]);
        Assert.Equal("message-size 2048 B exceeds the transport's maximum message size of 1472 B", why);
        Assert.Null(new PingPongScenario().WhyNotApplicable(datagrams, plan, plan.Variants[0])); // 64 B fits: decided per variant
        Assert.Null(new PingPongScenario().WhyNotApplicable(new TransportCapabilities(TransportFeatures.Reliable, null), plan, plan.Variants[1]));
    }
}
