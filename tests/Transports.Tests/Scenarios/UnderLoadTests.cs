using Transports.Harness.Catalog;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Scenarios.Core;
using Transports.Scenarios.PingPong;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Scenarios;

/// <summary>pingpong -under-load: round trips beside verified bulk flows, end to end on loopback; the bulk verdict on made-up flows.</summary>
public sealed class UnderLoadTests
{
    [SkippableTheory]
    [InlineData("tcp")]
    [InlineData("quic")]
    [InlineData("ws")]
    public async Task Records_idle_and_loaded_RTT_and_the_verified_load(string name)
    {
        var factory = TransportPair.RequireFactory(name);
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("pingpong", [factory], Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["under-load"] = "2", ["duration"] = "2", ["message-warmup"] = "0" });
        Assert.Equal(0, outcome.ExitCode);
        var document = ResultsJson.Load(Path.Combine(outcome.RunDirectory, "results.json"));
        var result = Assert.Single(document.Transports);
        Assert.True(result.Status == TransportStatus.Ok, result.Error);
        var m = Assert.Single(result.Repeats);
        Assert.True(m.Latency is { Kind: "rtt", Count: > 0 }, "no loaded round trip recorded");
        Assert.True(m.Values[MetricCatalog.RttIdleP50.Id] > 0);
        Assert.True(m.Values[MetricCatalog.RttIdleP99.Id] >= m.Values[MetricCatalog.RttIdleP50.Id]);
        Assert.Equal(m.Latency.P99Ms / m.Values[MetricCatalog.RttIdleP99.Id], m.Values[MetricCatalog.RttInflationP99.Id], 9);
        Assert.True(m.Values[MetricCatalog.LoadGoodput.Id] > 0, "the bulk flows carried nothing");
        Assert.Equal(0, m.Delivery!.Lost);
    }

    [SkippableFact]
    public async Task A_datagram_transport_is_not_applicable_by_capability()
    {
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("pingpong", TransportCatalog.All.Where(f => f.Name == "udp").ToList(), Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["under-load"] = "1", ["duration"] = "1" });
        var result = Assert.Single(outcome.Document.Transports);
        Assert.Equal(TransportStatus.NotApplicable, result.Status);
        Assert.Contains("reliable transport with orderly close", result.Error);
    }

    [Fact]
    public void Every_bulk_flow_must_arrive_as_sent_in_any_order()
    {
        var sent = new[] { new LoadFlowSent(100, "aa"), new LoadFlowSent(200, "bb") };
        var received = new[] { new LoadFlowReceived(200, "bb", 1, 1_000_001), new LoadFlowReceived(100, "aa", 1, 1_000_001) };
        var values = LoadVerdict.Verify(sent, received);
        Assert.True(values[MetricCatalog.LoadGoodput.Id] > 0);

        var e = Assert.Throws<IntegrityException>(() => LoadVerdict.Verify(sent, [received[0], received[1] with { Hash = "ab" }]));
        Assert.Contains("arrived as 100 bytes", e.Message);
        Assert.Throws<IntegrityException>(() => LoadVerdict.Verify(sent, [received[0]]));
        Assert.Throws<IntegrityException>(() => LoadVerdict.Verify(sent, [received[0], received[1] with { Bytes = 99 }]));
    }

    [Fact]
    public void Round_trips_fall_in_the_idle_phase_the_loaded_phase_or_the_ramp_by_send_time()
    {
        var phases = new LoadPhases(10);
        phases.Record(5, 1000); // before the start: idle (the end of idle is not known yet, so everything is idle)
        long start = 1_000_000;
        phases.Start(start);
        long second = Transports.Measure.Timing.MonotonicClock.SecondsToTicks(1);
        long ms = second / 1000;
        phases.Record(start + 3 * second, start + 3 * second + ms);        // sent and answered at 30 %: idle
        phases.Record(start + 4 * second - ms, start + 4 * second + ms);   // sent idle, answered after the load started: neither
        phases.Record(start + 45 * second / 10, start + 46 * second / 10); // 45 %: the ramp, neither
        phases.Record(start + 6 * second, start + 6 * second + 50 * ms);   // 60 %: loaded
        Assert.Equal(2, phases.IdleNs.Count);
        Assert.Equal(1, phases.LoadedNs.Count);
        Assert.InRange(phases.LoadedNs.Max, 49_000_000, 51_000_000); // 50 ms, within the histogram's precision
        Assert.Equal(start + 4 * second, phases.IdleEndTicks);
    }
}
