using System.Text.Json.Nodes;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Tests.Results;
using Xunit;

namespace Transports.Tests.Anchors;

/// <summary>Ratios to anchors are a pure function of results.json: matched by transport and variant, ok results only.</summary>
public sealed class AnchorComparisonsTests
{
    private static TransportResult Pingpong(string label, string size, double p50Ms, double p99Ms, TransportStatus status = TransportStatus.Ok) => new()
    {
        Transport = label.Split(' ')[0], Label = label, Status = status,
        Parameters = new JsonObject { ["message_size_bytes"] = int.Parse(size) },
        Features = AnchorFeatures.Of(label.Split(' ')[0]),
        Summary = new Summary { Repeats = 1, Metrics = new Dictionary<string, Spread> { [MetricCatalog.RttP50.Id] = new(p50Ms, p50Ms, p50Ms, p50Ms, p50Ms, 1), [MetricCatalog.RttP99.Id] = new(p99Ms, p99Ms, p99Ms, p99Ms, p99Ms, 1) } },
    };

    private static AnchorResult Sockperf(string protocol, string size, double p50Ms, double p99Ms, TransportStatus status = TransportStatus.Ok) => new()
    {
        Tool = "sockperf", Label = $"sockperf {protocol} {size} B", ComparableFeatures = AnchorFeatures.Of(protocol), Status = status,
        Parameters = new JsonObject { ["message_size_bytes"] = int.Parse(size) },
        Latency = status == TransportStatus.Ok ? new Latency { Kind = "rtt", P50Ms = p50Ms, P99Ms = p99Ms } : null,
    };

    [Fact]
    public void Latency_anchors_compare_with_the_same_transport_and_message_size_only()
    {
        var doc = ResultsSchemaTests.Sample() with
        {
            Transports = [Pingpong("tcp 64 B", "64", 0.080, 0.200), Pingpong("tcp 1024 B", "1024", 0.100, 0.300), Pingpong("udp 64 B", "64", 0.070, 0.150, TransportStatus.Failed)],
            Anchors = [Sockperf("tcp", "64", 0.100, 0.400), Sockperf("tcp", "1024", 0.125, 0.250), Sockperf("udp", "64", 0.1, 0.2)],
        };
        var c = AnchorComparisons.Compute(doc);
        Assert.Equal(4, c.Count); // udp failed: nothing to compare
        Assert.Equal(("tcp 64 B", "sockperf tcp 64 B", "RTT p50", "µs"), (c[0].TransportLabel, c[0].AnchorLabel, c[0].Metric, c[0].Unit));
        Assert.Equal(80, c[0].HarnessValue, 9);
        Assert.Equal(100, c[0].AnchorValue, 9);
        Assert.Equal(0.8, c[0].Ratio, 9);
        Assert.False(c[0].HigherIsBetter);
        Assert.Equal(0.5, c[1].Ratio, 9); // p99 200 / 400
        Assert.Equal(("tcp 1024 B", 0.8), (c[2].TransportLabel, Math.Round(c[2].Ratio, 9)));
        Assert.Equal(1.2, c[3].Ratio, 9);
    }

    [Fact]
    public void Goodput_anchor_gives_the_ratio_of_medians_and_failed_anchors_give_none()
    {
        var tcp = new TransportResult
        {
            Transport = "tcp", Label = "tcp", Status = TransportStatus.Ok, Features = AnchorFeatures.Tcp,
            Summary = new Summary { Repeats = 3, Metrics = new Dictionary<string, Spread> { [MetricCatalog.Goodput.Id] = new(6e9, 5e9, 7e9, 5e9, 7e9, 3) } },
        };
        var iperf3 = new AnchorResult { Tool = "iperf3", Label = "iperf3 tcp", ComparableFeatures = AnchorFeatures.Tcp, Status = TransportStatus.Ok, GoodputBitsPerSecond = 12e9 };
        var doc = ResultsSchemaTests.Sample() with { Transports = [tcp], Anchors = [iperf3] };
        var c = Assert.Single(AnchorComparisons.Compute(doc));
        Assert.Equal(("goodput", "Gbit/s", 6.0, 12.0, 0.5, true), (c.Metric, c.Unit, c.HarnessValue, c.AnchorValue, c.Ratio, c.HigherIsBetter));

        var failed = doc with { Anchors = [iperf3 with { Status = TransportStatus.Failed, GoodputBitsPerSecond = null, Error = "iperf3: unable to connect" }] };
        Assert.Empty(AnchorComparisons.Compute(failed));
    }

    [Fact]
    public void Anchors_round_trip_through_results_json_and_older_documents_read_as_none()
    {
        var doc = ResultsSchemaTests.Sample() with { Anchors = [Sockperf("udp", "64", 0.1, 0.2)] };
        var json = ResultsJson.Serialize(doc);
        Assert.Contains("\"anchors\": [", json);
        var back = ResultsJson.Deserialize(json);
        Assert.Equal(json, ResultsJson.Serialize(back));
        Assert.Equal(0.2, back.Anchors[0].Latency!.P99Ms);

        var older = System.Text.Json.Nodes.JsonNode.Parse(ResultsJson.Serialize(ResultsSchemaTests.Sample()))!.AsObject();
        older.Remove("anchors");
        Assert.Empty(ResultsJson.Deserialize(older.ToJsonString()).Anchors);
    }
}
