using System.Security.Cryptography;
using Transports.Harness.Catalog;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.BigFile;

/// <summary>bigfile end to end over every transport on loopback, through the real runner, with real files.</summary>
public sealed class BigFileEndToEndTests
{
    public static TheoryData<string> TransportNames() => Conformance.TransportConformanceTests.TransportNames();

    [SkippableTheory]
    [MemberData(nameof(TransportNames))]
    public async Task Small_file_of_odd_size_arrives_verified_or_reports_its_loss(string name)
    {
        var factory = TransportPair.RequireFactory(name);
        using var dir = new TempDirectory();
        // 3 MiB + 17 bytes: not a multiple of any chunk or datagram size.
        var file = Path.Combine(dir.Path, "input.bin");
        var bytes = Payloads.Random((3 << 20) + 17, 11);
        await File.WriteAllBytesAsync(file, bytes);
        var outcome = await RunnerHarness.RunAsync("bigfile", [factory], Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["file"] = file, ["rate"] = "200", ["sink-dir"] = dir.Path });

        var result = Assert.Single(outcome.Document.Transports);
        Assert.True(result.Status == TransportStatus.Ok, result.Error);
        var m = Assert.Single(result.Repeats);
        Assert.Equal(bytes.Length, m.Throughput!.BytesSent);
        Assert.True(m.Throughput.GoodputBitsPerSecond > 0);
        Assert.True(m.Cost!.CpuSeconds > 0);
        Assert.True(m.Cost.PeakWorkingSetBytes > 1 << 20);
        if (result.Features.Contains("reliable"))
        {
            Assert.Equal(bytes.Length, m.Throughput.BytesDelivered);
            Assert.True(m.Integrity!.Verified);
            Assert.Equal(("sha256", Convert.ToHexStringLower(SHA256.HashData(bytes))), (m.Integrity.Method, m.Integrity.ActualHash)); // a user's file: SHA-256
            Assert.Null(m.Delivery);
        }
        else
        {
            var d = m.Delivery!;
            Assert.Equal(d.Sent, d.Received + d.Lost);
            Assert.True(d.Received > 0, "nothing arrived over loopback at 200 Mbit/s");
            Assert.Equal(d.Lost == 0, m.Integrity!.Verified);
            if (d.Lost == 0) Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), m.Integrity.ActualHash);
        }
        Assert.Empty(Directory.GetFiles(dir.Path, "received-*")); // the sink cleans up after itself
    }

    [SkippableTheory]
    [MemberData(nameof(TransportNames))]
    public async Task Empty_file_is_a_valid_transfer(string name)
    {
        var factory = TransportPair.RequireFactory(name);
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "empty.bin");
        await File.WriteAllBytesAsync(file, []);
        var outcome = await RunnerHarness.RunAsync("bigfile", [factory], Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["file"] = file, ["sink"] = "null" });
        var result = Assert.Single(outcome.Document.Transports);
        Assert.True(result.Status == TransportStatus.Ok, result.Error);
        Assert.Equal(0, result.Repeats[0].Throughput!.BytesDelivered);
        if (result.Features.Contains("reliable"))
            Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", result.Repeats[0].Integrity!.ActualHash);
    }

    [SkippableFact]
    public async Task Download_direction_and_null_sink_verify_inline_with_the_generated_file()
    {
        using var dir = new TempDirectory();
        var reliable = TransportCatalog.All.Where(f => f.Name is "tcp" or "ws").ToList();
        var outcome = await RunnerHarness.RunAsync("bigfile", reliable, Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["size"] = "5M", ["sink"] = "null", ["direction"] = "download" }, warmups: 1, repeats: 3);
        Assert.Equal(0, outcome.ExitCode);
        foreach (var r in outcome.Document.Transports)
        {
            Assert.True(r.Status == TransportStatus.Ok, r.Error);
            Assert.Equal(3, r.Repeats.Count);
            Assert.All(r.Repeats, m => Assert.True(m.Integrity!.Verified));
            var goodput = r.Summary!.Get(MetricCatalog.Goodput)!;
            Assert.Equal(3, goodput.Count);
            Assert.InRange(goodput.Median, goodput.Min, goodput.Max);
        }
        Assert.Equal("download", outcome.Document.Run.Parameters["direction"]!.GetValue<string>());
        Assert.Equal(5L << 20, outcome.Document.Run.Parameters["size_bytes"]!.GetValue<long>());
        Assert.True(outcome.Document.Run.Complete);
    }

    [Fact]
    public async Task Run_folder_holds_every_view_and_they_agree_with_results_json()
    {
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("bigfile", TransportCatalog.All.Where(f => f.Name is "tcp" or "udp").ToList(),
            Path.Combine(dir.Path, "results"), new Dictionary<string, string> { ["size"] = "2M", ["rate"] = "200" });
        foreach (var f in new[] { "results.json", "summary.csv", "timeline.csv", "summary.md", "environment.json" })
            Assert.True(File.Exists(Path.Combine(outcome.RunDirectory, f)), f);
        Assert.Matches(@"\d{8}-\d{6}-bigfile$", outcome.RunDirectory);
        var onDisk = ResultsJson.Load(outcome.RunDirectory);
        Assert.Equal(ResultsJson.Serialize(outcome.Document), ResultsJson.Serialize(onDisk));
        var csv = File.ReadAllLines(Path.Combine(outcome.RunDirectory, "summary.csv"));
        Assert.StartsWith("transport,label,status,error,repeats,goodput_bits_per_s", csv[0]);
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("tcp,tcp,ok,", csv[1]);
        var timeline = File.ReadAllLines(Path.Combine(outcome.RunDirectory, "timeline.csv"));
        Assert.Equal("transport,label,repeat,elapsed_ms,bytes_delivered,goodput_gbit_per_s", timeline[0]);
        Assert.Contains(timeline, l => l.StartsWith("tcp,tcp,1,", StringComparison.Ordinal));
        var md = File.ReadAllText(Path.Combine(outcome.RunDirectory, "summary.md"));
        Assert.Contains("| transport | status | repeats | goodput Gbit/s |", md);
        Assert.Contains(onDisk.Environment.CpuModel, md);
        Assert.True(onDisk.Environment.LogicalCores > 0);
        Assert.NotEmpty(onDisk.Environment.Kernel);
        Assert.NotEmpty(onDisk.Environment.DotnetVersion);
    }
}
