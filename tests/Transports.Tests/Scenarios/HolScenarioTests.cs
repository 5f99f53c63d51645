using System.Net;
using Transports.Abstractions;
using Transports.Harness.Catalog;
using Transports.Measure.Timing;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Scenarios.Core;
using Transports.Scenarios.HeadOfLine;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Scenarios;

/// <summary>
/// hol end to end through the runner over every catalog transport on loopback (3 flows × 200 msg/s for 0.5 s: 100
/// measured messages per flow), with a corrupting peer, and with its server role as a remote agent would run it.
/// </summary>
public sealed class HolScenarioTests
{
    private static Dictionary<string, string> Short() => new()
    {
        ["flows"] = "3", ["flow-rate"] = "200", ["duration"] = "500ms", ["message-warmup"] = "100ms", ["message-size"] = "300",
    };

    [SkippableTheory]
    [MemberData(nameof(ScenarioHarness.TransportNames), MemberType = typeof(ScenarioHarness))]
    public async Task Every_flow_arrives_verified_and_the_mapping_follows_the_capabilities(string name)
    {
        var factory = TransportPair.RequireFactory(name);
        TransportCapabilities capabilities;
        await using (var transport = factory.Create(OptionValues.Empty)) capabilities = transport.Capabilities;
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("hol", [factory], Path.Combine(dir.Path, "results"), Short());

        var result = Assert.Single(outcome.Document.Transports);
        Assert.True(result.Status == TransportStatus.Ok, $"{name}: {result.Status} {result.Error}");
        var m = Assert.Single(result.Repeats);
        var expected = capabilities.IsReliable ? capabilities.HasMultiplexedStreams ? "stream_per_flow" : "one_ordered_stream" : "datagram_per_message";
        AssertFlows(m, expected, capabilities.IsReliable);
        var onDisk = ResultsJson.Load(outcome.RunDirectory).Transports.Single().Repeats.Single().Flows!; // results.json keeps the flows
        Assert.Equal(m.Flows!.Flows, onDisk.Flows);
        Assert.Equal((m.Flows.Mapping, m.Flows.Delivered, m.Flows.Delayed, m.Flows.CrossFlowDelayed, m.Flows.BaseDelayMs),
            (onDisk.Mapping, onDisk.Delivered, onDisk.Delayed, onDisk.CrossFlowDelayed, onDisk.BaseDelayMs));
        Assert.True(result.Summary!.Metrics.ContainsKey(MetricCatalog.FlowP99Worst.Id));
        Assert.True(result.Summary.Metrics.ContainsKey(MetricCatalog.HolDelayed.Id));
    }

    [Fact]
    public async Task A_corrupted_message_fails_the_run_with_an_integrity_error()
    {
        using var dir = new TempDirectory();
        // Byte 5000 of the stream: message 16 (300 B each), offset 200, inside the verified filler.
        var outcome = await RunnerHarness.RunAsync("hol", [FaultyTransportFactory.CorruptsByteAt(5000), TransportCatalog.Find("tcp")!],
            Path.Combine(dir.Path, "results"), Short());
        var corrupted = outcome.Document.Transports[0];
        Assert.Equal(TransportStatus.Failed, corrupted.Status);
        Assert.Contains("corrupted", corrupted.Error);
        Assert.Equal(TransportStatus.Ok, outcome.Document.Transports[1].Status);
        Assert.Equal(1, outcome.ExitCode);
    }

    [Fact]
    public async Task Datagram_loss_and_duplicates_are_counted_per_flow_and_swaps_across_flows_are_not_reordering()
    {
        // 4 flows x 250 msg/s for 0.4 s, no warm-up: send index n is message n, which goes to flow n mod 4. Dropped: n % 10
        // == 9 (flows 1 and 3 alternately: 20 each). Duplicated: n % 7 == 6 unless dropped. Swapped with the next message
        // (n % 13 == 12): the next message belongs to another flow, so no flow sees its own messages out of order.
        var impairment = new Fakes.Impairment(DropEvery: 10, DuplicateEvery: 7, SwapEvery: 13);
        await using var transport = new Fakes.ImpairedDatagramTransport(impairment);
        var (_, m, _) = (await ScenarioHarness.RunAsync(new HeadOfLineScenario(), transport, new Dictionary<string, string>
        {
            ["flows"] = "4", ["flow-rate"] = "250", ["duration"] = "400ms", ["message-warmup"] = "0", ["message-size"] = "100", ["loss-timeout"] = "1000",
        })).Single();
        var set = m.Flows!;
        Assert.Equal("datagram_per_message", set.Mapping);
        Assert.Equal(400, m.Delivery!.Sent);
        for (int f = 0; f < 4; f++)
        {
            var flow = set.Flows[f];
            var sent = Enumerable.Range(0, 400).Where(n => n % 4 == f).ToList();
            Assert.Equal(100, flow.Sent);
            Assert.Equal(sent.Count(n => impairment.Drops(n)), flow.Lost);
            Assert.Equal(sent.Count(n => !impairment.Drops(n) && impairment.Duplicates(n)), flow.Duplicates);
            Assert.Equal(0, flow.Reordered);
        }
        Assert.Equal([0L, 20, 0, 20], set.Flows.Select(f => f.Lost));
        Assert.Equal(40, m.Delivery.Lost);
        ScenarioHarness.AssertLatencyConsistent(m.Latency!, 360, "one_way_delay");
    }

    [Fact]
    public async Task A_corrupted_datagram_is_an_integrity_error_not_a_loss()
    {
        await using var transport = new Fakes.ImpairedDatagramTransport(new Fakes.Impairment(CorruptEvery: 50)); // flips a message's last byte
        var ex = await Assert.ThrowsAsync<IntegrityException>(() => ScenarioHarness.RunAsync(new HeadOfLineScenario(), transport, new Dictionary<string, string>
        {
            ["flows"] = "2", ["flow-rate"] = "250", ["duration"] = "400ms", ["message-warmup"] = "0", ["message-size"] = "100",
        }));
        Assert.Contains("corrupted", ex.Message);
    }

    public static TheoryData<string, long> AgentCases() => new()
    {
        { "tcp", MonotonicClock.SecondsToTicks(3600) },
        { "quic", -MonotonicClock.SecondsToTicks(3600) },
    };

    [SkippableTheory]
    [MemberData(nameof(AgentCases))]
    public async Task A_remote_like_server_role_reports_every_flow_with_a_plausible_delay(string name, long clockOffsetTicks)
    {
        await using var transport = ScenarioHarness.CreateTransport(name);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var scenario = new HeadOfLineScenario();
        var plan = await scenario.PrepareAsync(new OptionValues(Short()), timeout.Token);
        var server = new AgentLikeServerSide(scenario, plan.Parameters, clockOffsetTicks);
        var progress = new TransferProgress();
        var m = await scenario.RunAsync(new ScenarioContext
        {
            Transport = transport,
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Plan = plan,
            Variant = plan.Variants.Single(),
            Progress = progress,
            Server = server,
        }, timeout.Token);

        AssertFlows(m, name == "quic" ? "stream_per_flow" : "one_ordered_stream", reliable: true);
        // an offset applied on one side only puts the delay an hour off; a loaded machine can stall the paced sender ~1 s
        Assert.True(m.Latency!.MinMs >= 0 && m.Latency.P50Ms < 60_000, $"one-way delay min {m.Latency.MinMs} ms, p50 {m.Latency.P50Ms} ms on loopback");
        Assert.InRange(m.Throughput!.TimeToFirstByteMs, 0, 30_000);
        Assert.InRange(m.Throughput.TransferDurationMs, 100, 30_000);
        Assert.Equal(300, server.Progress.CompletedUnits); // the server role counted on its own progress
        Assert.Equal(0, progress.CompletedUnits);
    }

    [Theory]
    [InlineData("{\"flows\":[null,null,null],\"baseNs\":0,\"delayed\":0,\"crossFlowDelayed\":0,\"oneWayDelay\":{\"histogramNs\":\"\",\"minNs\":0,\"maxNs\":0,\"sumNs\":0,\"saturatedCount\":0,\"negativeCount\":0},\"outOfWindow\":0,\"firstReceiveTicks\":0,\"lastMeasuredTicks\":0,\"endMarkers\":0,\"idleStop\":false,\"deliveredBytes\":0,\"timeline\":[]}")]
    [InlineData("{\"flows\":[]}")]
    [InlineData("[1,2]")]
    [InlineData("{\"flows\":[{\"flow\":0,\"received\":5,\"duplicates\":0,\"reordered\":0,\"p50Ns\":1,\"p99Ns\":1,\"maxNs\":1,\"delayed\":9}],\"baseNs\":0,\"delayed\":9,\"crossFlowDelayed\":0,\"oneWayDelay\":{\"histogramNs\":\"\",\"minNs\":0,\"maxNs\":0,\"sumNs\":0,\"saturatedCount\":0,\"negativeCount\":0},\"outOfWindow\":0,\"firstReceiveTicks\":0,\"lastMeasuredTicks\":0,\"endMarkers\":0,\"idleStop\":false,\"deliveredBytes\":1500,\"timeline\":[]}")]
    public void A_report_a_peer_got_wrong_is_an_integrity_error(string json)
    {
        int flows = json.Contains("[null,null,null]", StringComparison.Ordinal) ? 3 : 1;
        var report = new Transports.Scenarios.Core.Serving.ServerReport(System.Text.Json.JsonDocument.Parse(json).RootElement);
        Assert.Throws<IntegrityException>(() => report.Read<HolReport>().Validated(flows, 300));
    }

    /// <summary>300 measured messages, 100 per flow, every one delivered on reliable transports; figures consistent.</summary>
    private static void AssertFlows(Measurement m, string mapping, bool reliable)
    {
        var set = m.Flows!;
        Assert.Equal(mapping, set.Mapping);
        Assert.Equal(3, set.Flows.Count);
        Assert.Equal(300, m.Delivery!.Sent);
        Assert.Equal([0, 1, 2], set.Flows.Select(f => f.Flow));
        foreach (var f in set.Flows)
        {
            Assert.Equal(100, f.Sent);
            Assert.Equal(f.Sent, f.Received + f.Lost);
            if (reliable)
            {
                Assert.Equal(100, f.Received);
                Assert.Equal(0, f.Duplicates);
                Assert.Equal(0, f.Reordered);
            }
            if (f.Received > 0) Assert.True(f.P50Ms <= f.P99Ms && f.P99Ms <= f.MaxMs && f.MaxMs <= m.Latency!.MaxMs + 1e-6, $"flow {f.Flow}: {f}");
        }
        long received = set.Flows.Sum(f => f.Received);
        Assert.True(received > 0);
        if (!reliable) Assert.True(m.Delivery.LossPercent < 20, $"{m.Delivery.LossPercent}% lost on loopback");
        Assert.Equal(received, set.Delivered);
        Assert.Equal(received, m.Delivery.Received);
        Assert.Equal(received * 300, m.Throughput!.BytesDelivered);
        ScenarioHarness.AssertLatencyConsistent(m.Latency!, received, "one_way_delay");
        Assert.Equal(m.Latency!.MinMs, set.BaseDelayMs, 6);
        Assert.Equal(10, set.ExcessThresholdMs);
        Assert.InRange(set.Delayed, 0, received);
        Assert.Equal(set.Flows.Sum(f => f.Delayed), set.Delayed);
        Assert.Equal(set.Flows.Max(f => f.P99Ms), MetricCatalog.FlowP99Worst.ValueIn(m));
        Assert.Equal(set.Flows.Min(f => f.P99Ms), MetricCatalog.FlowP99Best.ValueIn(m));
        Assert.Equal(100.0 * set.Delayed / received, MetricCatalog.HolDelayed.ValueIn(m));
    }
}
