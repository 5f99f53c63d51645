using Transports.Harness.Catalog;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Results.Statistics;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.BigFile;

/// <summary>bigfile -connections 4 end to end on loopback through the real runner; results.json read back.</summary>
public sealed class ParallelConnectionsTests
{
    [SkippableTheory]
    [InlineData("tcp", "upload")]
    [InlineData("quic", "upload")]
    [InlineData("ws", "download")]
    [InlineData("tcp-tls", "download")]
    public async Task Four_connections_each_deliver_a_verified_copy_and_report_fairness(string name, string direction)
    {
        var factory = TransportPair.RequireFactory(name);
        using var dir = new TempDirectory();
        const long size = 6 << 20;
        var outcome = await RunnerHarness.RunAsync("bigfile", [factory], Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["size"] = size.ToString(), ["connections"] = "4", ["direction"] = direction, ["sink-dir"] = dir.Path });
        Assert.Equal(0, outcome.ExitCode);

        var document = ResultsJson.Load(Path.Combine(outcome.RunDirectory, "results.json"));
        var result = Assert.Single(document.Transports);
        Assert.True(result.Status == TransportStatus.Ok, result.Error);
        var m = Assert.Single(result.Repeats);
        Assert.Equal(4 * size, m.Throughput!.BytesDelivered);
        Assert.Equal(4 * size, m.Throughput.BytesSent);
        Assert.True(m.Integrity!.Verified);
        var flows = m.ParallelFlows!;
        Assert.Equal(4, flows.Connections);
        Assert.Equal(4, flows.Flows.Count);
        Assert.All(flows.Flows, f =>
        {
            Assert.True(f.Verified);
            Assert.Equal(size, f.BytesDelivered);
            Assert.True(f.GoodputBitsPerSecond > 0);
            Assert.True(f.LastByteMs >= f.FirstByteMs);
        });
        if (flows.JainFairness is { } j)
        {
            Assert.InRange(j, 0.25, 1.0);
            Assert.True(flows.CommonIntervalMs > 0);
            Assert.Equal(JainFairness.Of(flows.Flows.Select(f => f.CommonGoodputBitsPerSecond).ToArray()), j, 12);
            Assert.Equal(flows.Flows.Min(f => f.CommonGoodputBitsPerSecond), result.Summary!.Metrics[MetricCatalog.FlowGoodputMin.Id].Median, 3);
        }
        Assert.Empty(Directory.GetFiles(dir.Path, "received-*")); // every flow's sink cleans up after itself
    }

    [SkippableFact]
    public async Task A_datagram_transport_is_not_applicable_by_capability_with_the_reason()
    {
        var udp = TransportCatalog.All.Where(f => f.Name == "udp").ToList();
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("bigfile", udp, Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["size"] = "1M", ["connections"] = "2" });
        var result = Assert.Single(outcome.Document.Transports);
        Assert.Equal(TransportStatus.NotApplicable, result.Status);
        Assert.Contains("reliable streams only", result.Error ?? "");
    }

    [SkippableFact]
    public async Task One_connection_records_no_flows()
    {
        var tcp = TransportCatalog.All.Where(f => f.Name == "tcp").ToList();
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("bigfile", tcp, Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["size"] = "1M", ["sink"] = "null" });
        var m = Assert.Single(Assert.Single(outcome.Document.Transports).Repeats);
        Assert.Null(m.ParallelFlows);
        Assert.Equal(1 << 20, m.Throughput!.BytesDelivered);
    }
}
