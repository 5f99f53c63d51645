using Transports.Results.Metrics;
using Transports.Scenarios.Datagrams;
using Transports.Tests.Scenarios.Fakes;
using Xunit;

namespace Transports.Tests.Scenarios;

/// <summary>datagrams end to end, over every catalog transport and over a deterministic impaired fake.</summary>
public sealed class DatagramsScenarioTests
{
    [SkippableTheory]
    [MemberData(nameof(ScenarioHarness.TransportNames), MemberType = typeof(ScenarioHarness))]
    public async Task Paced_stream_reports_delivery_delay_and_jitter(string name)
    {
        await using var transport = ScenarioHarness.CreateTransport(name);
        var (_, m, progress) = (await ScenarioHarness.RunAsync(new DatagramsScenario(), transport, new Dictionary<string, string>
        {
            ["rate"] = "2000", ["count"] = "500", ["duration"] = "30", ["message-warmup"] = "50", ["message-size"] = "100",
        })).Single();
        var d = m.Delivery!;
        Assert.Equal(500, d.Sent);
        Assert.Equal(d.Sent, d.Received + d.Lost);
        if (transport.Capabilities.IsReliable)
        {
            Assert.Equal(0, d.Lost);
            Assert.Equal(0, d.Duplicates);
            if (transport.Capabilities.IsOrdered) Assert.Equal(0, d.Reordered);
        }
        Assert.True(d.Received > 0);
        Assert.NotNull(d.JitterMs);
        Assert.True(d.JitterMs >= 0);
        ScenarioHarness.AssertLatencyConsistent(m.Latency!, d.Received, "one_way_delay");
        Assert.True(m.Latency!.CoordinatedOmissionCorrected);
        Assert.Equal(d.Received * 100, m.Throughput!.BytesDelivered);
        Assert.Equal(2000.0 * 100 * 8, m.Throughput.TargetRateBitsPerSecond);
        Assert.Equal(d.Received, progress.CompletedUnits);
        Assert.True(MetricCatalog.OwdAboveBaseP99.ValueIn(m) >= 0);
        Assert.NotNull(m.Cost);
        Assert.Equal(m.Throughput.BytesDelivered, m.Timeline[^1].BytesDelivered);
    }

    [SkippableTheory]
    [MemberData(nameof(ScenarioHarness.TransportNames), MemberType = typeof(ScenarioHarness))]
    public async Task Unpaced_stream_of_mixed_sizes_goes_as_fast_as_the_transport_accepts(string name)
    {
        await using var transport = ScenarioHarness.CreateTransport(name);
        int large = Math.Min(1200, transport.Capabilities.MaxMessageSizeBytes ?? 1200);
        var results = await ScenarioHarness.RunAsync(new DatagramsScenario(), transport, new Dictionary<string, string>
        {
            ["message-size"] = $"16,{large}", ["count"] = "5000", ["duration"] = "30", ["message-warmup"] = "0",
        });
        Assert.Equal(2, results.Count);
        foreach (var (_, m, _) in results)
        {
            Assert.Equal(5000, m.Delivery!.Sent);
            if (transport.Capabilities.IsReliable) Assert.Equal(5000, m.Delivery.Received);
            Assert.False(m.Latency!.CoordinatedOmissionCorrected);
            Assert.Null(m.Throughput!.TargetRateBitsPerSecond);
            Assert.True(m.Throughput.MessagesPerSecond > 0);
        }
    }

    [Fact]
    public async Task Loss_duplicates_and_reordering_of_an_impaired_transport_are_counted_exactly()
    {
        // Send index n = sequence number (no warm-up). Dropped: n % 10 == 9 (100 of 1000). Duplicated: n % 7 == 6 unless
        // dropped. Swapped with the next message: n % 13 == 12 unless dropped — each one arrives one place late:
        // one reordered singleton of extent 1 (RFC 4737).
        const int count = 1000;
        var impairment = new Impairment(DropEvery: 10, DuplicateEvery: 7, SwapEvery: 13);
        var seqs = Enumerable.Range(0, count).Where(n => !impairment.Drops(n)).ToList();
        long expectedDuplicates = seqs.Count(n => impairment.Duplicates(n));
        long expectedReordered = seqs.Count(n => impairment.Swaps(n));

        await using var transport = new ImpairedDatagramTransport(impairment);
        var (_, m, _) = (await ScenarioHarness.RunAsync(new DatagramsScenario(), transport, new Dictionary<string, string>
        {
            ["rate"] = "5000", ["count"] = count.ToString(), ["duration"] = "60", ["message-warmup"] = "0", ["loss-timeout"] = "1000",
        })).Single();
        var d = m.Delivery!;
        Assert.Equal(count, d.Sent);
        Assert.Equal(100, d.Lost);
        Assert.Equal(10.0, d.LossPercent, 9);
        Assert.Equal(expectedDuplicates, d.Duplicates);
        Assert.Equal(expectedReordered, d.Reordered);
        Assert.Equal(1, d.MaxReorderExtent);
        Assert.Equal(100.0 * expectedReordered / d.Received, d.ReorderedPercent, 9);
        Assert.Equal(1, m.Values[MetricCatalog.EndMarkerSeen.Id]);
        ScenarioHarness.AssertLatencyConsistent(m.Latency!, d.Received, "one_way_delay");
    }

    [Fact]
    public async Task When_every_end_marker_is_lost_the_receiver_stops_after_the_idle_timeout()
    {
        // DropEvery = 1 drops every message, all end markers included: only the idle timeout can stop the receiver.
        await using var transport = new ImpairedDatagramTransport(new Impairment(DropEvery: 1));
        var (_, m, _) = (await ScenarioHarness.RunAsync(new DatagramsScenario(), transport, new Dictionary<string, string>
        {
            ["count"] = "50", ["duration"] = "60", ["message-warmup"] = "0", ["loss-timeout"] = "100",
        })).Single();
        Assert.Equal(50, m.Delivery!.Sent);
        Assert.Equal(50, m.Delivery.Lost);
        Assert.Equal(100, m.Delivery.LossPercent);
        Assert.Equal(0, m.Latency!.Count);
        Assert.Equal(1, m.Values[MetricCatalog.IdleStop.Id]);
        Assert.Equal(0, m.Values[MetricCatalog.EndMarkerSeen.Id]);
    }
}
