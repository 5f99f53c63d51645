using System.Text.Json.Nodes;
using Transports.Results;
using Transports.Results.Metrics;
using Xunit;

namespace Transports.Tests.Results;

/// <summary>results.json is a versioned, documented format: it round-trips, and readers reject what they do not understand.</summary>
public sealed class ResultsSchemaTests
{
    internal static ResultsDocument Sample() => new()
    {
        Run = new RunInfo
        {
            Id = "20261121-120000-bigfile", Scenario = "bigfile", StartedUtc = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero),
            FinishedUtc = new DateTimeOffset(2026, 11, 21, 12, 1, 0, TimeSpan.Zero), Complete = true, Arguments = ["-scenario", "bigfile"],
            Parameters = new System.Text.Json.Nodes.JsonObject { ["size_bytes"] = 1073741824L },
        },
        Environment = new EnvironmentInfo { Os = "Debian GNU/Linux 12", Kernel = "6.1", CpuModel = "AMD EPYC", LogicalCores = 2, MtuBytes = 65536 },
        Transports =
        [
            new TransportResult
            {
                Transport = "udp", Label = "udp", Status = TransportStatus.Ok, Features = ["datagrams", "message_boundaries"], MaxMessageSizeBytes = 1472,
                Settings = new Dictionary<string, string> { ["datagram_size_bytes"] = "1472" },
                Repeats =
                [
                    new Measurement
                    {
                        Throughput = new Throughput { BytesSent = 100, BytesDelivered = 90, GoodputBitsPerSecond = 1.5e9, MessagesSent = 10, MessagesDelivered = 9 },
                        Delivery = new Delivery { Sent = 10, Received = 9, Lost = 1, LossPercent = 10, JitterMs = 0.01 },
                        Latency = new Latency { Count = 9, P50Ms = 0.02, Distribution = [new PercentilePoint(50, 0.02), new PercentilePoint(99, 0.05)] },
                        Integrity = new Integrity { Method = "sha256", Verified = false, Detail = "file NOT delivered" },
                        Cost = new Cost { CpuSeconds = 1, PeakWorkingSetBytes = 1 << 26, GcCollections = [1, 0, 0] },
                        Timeline = [new TimelinePoint(100, 50, 4e9)],
                        TransportStatistics = new Dictionary<string, double> { ["rtt_us"] = 12.5 },
                    },
                ],
                Summary = new Summary { Repeats = 1, Metrics = new Dictionary<string, Spread> { [MetricCatalog.Goodput.Id] = new(1.5e9, 1.5e9, 1.5e9, 1.5e9, 1.5e9, 1) } },
            },
            new TransportResult { Transport = "quic", Label = "quic", Status = TransportStatus.Skipped, Error = "libmsquic missing" },
        ],
    };

    [Fact]
    public void Document_round_trips_through_json_unchanged()
    {
        var json = ResultsJson.Serialize(Sample());
        var back = ResultsJson.Deserialize(json);
        Assert.Equal(json, ResultsJson.Serialize(back));
        Assert.Equal(TransportStatus.Skipped, back.Transports[1].Status);
        Assert.Equal(0.05, back.Transports[0].Repeats[0].Latency!.Distribution[1].ValueMs);
    }

    [Fact]
    public void Json_uses_the_documented_names_and_schema_version()
    {
        var node = JsonNode.Parse(ResultsJson.Serialize(Sample()))!;
        Assert.Equal("transports.results/v2", (string?)node["schema"]);
        var t = node["transports"]![0]!;
        Assert.Equal("ok", (string?)t["status"]);
        Assert.Equal(1.5e9, (double)t["repeats"]![0]!["throughput"]!["goodputBitsPerSecond"]!);
        Assert.Equal(10.0, (double)t["repeats"]![0]!["delivery"]!["lossPercent"]!);
        Assert.Equal("skipped", (string?)node["transports"]![1]!["status"]);
    }

    [Fact]
    public void Refused_peers_are_written_and_a_v2_document_without_them_still_loads()
    {
        var refused = Sample() with
        {
            Transports =
            [
                Sample().Transports[0] with
                {
                    RefusedPeers = [new RefusedPeerRecord { Transport = "udp", Remote = "127.0.0.1:40112", Verdict = "wrongToken", AtUtc = DateTimeOffset.UnixEpoch }],
                    RefusedPeerCount = 7,
                },
            ],
        };
        var node = JsonNode.Parse(ResultsJson.Serialize(refused))!;
        var t = node["transports"]![0]!;
        Assert.Equal(7, (long)t["refusedPeerCount"]!);
        Assert.Equal("127.0.0.1:40112", (string?)t["refusedPeers"]![0]!["remote"]);
        Assert.Equal("wrongToken", (string?)t["refusedPeers"]![0]!["verdict"]);
        Assert.Equal(7, ResultsJson.Deserialize(node.ToJsonString()).Transports[0].RefusedPeerCount);

        // a v2 document written before the fields existed
        var obj = t.AsObject();
        obj.Remove("refusedPeers");
        obj.Remove("refusedPeerCount");
        var old = ResultsJson.Deserialize(node.ToJsonString());
        Assert.Empty(old.Transports[0].RefusedPeers);
        Assert.Equal(0, old.Transports[0].RefusedPeerCount);
        Assert.Equal(TransportStatus.Ok, old.Transports[0].Status);
    }

    [Fact]
    public void Another_schema_version_is_rejected_with_a_clear_message()
    {
        var node = JsonNode.Parse(ResultsJson.Serialize(Sample()))!;
        node["schema"] = "transports.results/v3";
        var e = Assert.Throws<InvalidDataException>(() => ResultsJson.Deserialize(node.ToJsonString()));
        Assert.Contains("'transports.results/v3' is not supported", e.Message);
    }

    [Fact]
    public void Garbage_is_rejected_with_a_clear_message()
    {
        var e = Assert.Throws<InvalidDataException>(() => ResultsJson.Deserialize("{ not json"));
        Assert.StartsWith("not a valid results document", e.Message);
    }
}
