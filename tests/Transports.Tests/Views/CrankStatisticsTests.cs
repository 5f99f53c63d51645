using System.Globalization;
using System.Text.Json.Nodes;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Tests.Report;
using Transports.Tests.Support;
using Transports.Views.Crank;
using Xunit;

namespace Transports.Tests.Views;

/// <summary>crank cannot be installed here (no GitHub downloads): the block is checked against crank's documented
/// console format instead (dotnet/crank docs/measurements.md): markers, Metadata and Measurements, every metric.</summary>
public class CrankStatisticsTests
{
    private static JsonObject Parse(string block)
    {
        var lines = block.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal(CrankStatistics.Start, lines[0]);
        Assert.Equal(CrankStatistics.End, lines[2]);
        return JsonNode.Parse(lines[1])!.AsObject();
    }

    [Fact]
    public void Every_summarized_metric_of_every_transport_has_its_metadata_and_one_measurement()
    {
        var doc = ReportFixtures.Bigfile();
        var json = Parse(CrankStatistics.Render(doc));
        var metadata = json["Metadata"]!.AsArray().Select(m => m!.AsObject()).ToList();
        var measurements = json["Measurements"]!.AsArray().Select(m => m!.AsObject()).ToList();
        int expected = doc.Transports.Sum(t => t.Summary is null ? 0 : MetricCatalog.All.Count(m => t.Summary.Get(m) is not null));
        Assert.True(expected > 10);
        Assert.Equal(expected, metadata.Count);
        Assert.Equal(metadata.Select(m => (string)m["name"]!), measurements.Select(m => (string)m["name"]!));
        Assert.Equal(expected, metadata.Select(m => (string)m["name"]!).Distinct().Count());
        foreach (var m in metadata)
        {
            foreach (var key in new[] { "source", "name", "aggregate", "reduce", "format", "longDescription", "shortDescription" })
                Assert.False(string.IsNullOrEmpty((string?)m[key]), $"{m["name"]}: {key} missing");
            Assert.Contains((string)m["reduce"]!, new[] { "Sum", "Max" });
        }
        foreach (var t in doc.Transports.Where(t => t.Summary is not null))
        {
            var spread = t.Summary!.Get(MetricCatalog.Goodput)!;
            var goodput = measurements.Single(m => (string)m["name"]! == $"transports/{t.Label.ToLowerInvariant().Replace(' ', '-')}/goodput_bits_per_s");
            Assert.Equal(spread.Median * MetricCatalog.Goodput.DisplayScale, (double)goodput["value"]!, 9);
            Assert.True(DateTimeOffset.TryParse((string)goodput["timestamp"]!, CultureInfo.InvariantCulture, out _));
        }
    }

    [Fact]
    public void Latencies_keep_the_worst_job_and_rates_add_up_across_jobs()
    {
        var json = Parse(CrankStatistics.Render(ReportFixtures.Datagrams()));
        var reduce = json["Metadata"]!.AsArray().GroupBy(m => ((string)m!["name"]!).Split('/')[^1], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(m => (string)m!["reduce"]!).Distinct().Single(), StringComparer.Ordinal);
        Assert.Equal("Sum", reduce["goodput_bits_per_s"]);
        Assert.Equal("Max", reduce.First(kv => kv.Key.StartsWith("owd_p99", StringComparison.Ordinal) || kv.Key.StartsWith("rtt_p99", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public async Task A_run_with_crank_prints_the_block_after_its_table()
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["pingpong", "-transports", "tcp", "-duration", "300ms", "-message-warmup", "0", "-warmup", "0",
            "-no-progress", "-no-charts", "-crank"], Path.Combine(dir.Path, "results"));
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}");
        int start = r.StdOut.IndexOf(CrankStatistics.Start, StringComparison.Ordinal);
        Assert.True(start > 0, r.StdOut);
        var block = r.StdOut[start..].TrimEnd();
        var json = Parse(block);
        Assert.Contains(json["Measurements"]!.AsArray(), m => (string)m!["name"]! == "transports/tcp/rtt_p50_ms");
        var doc = ResultsJson.Load(Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single());
        Assert.Equal(CrankStatistics.Render(doc), block); // the same function of results.json as `report --crank`
    }
}
