using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Transports.Tests.Support;
using Transports.Views.Gate;
using Xunit;

namespace Transports.Tests.Gate;

/// <summary>
/// BenchmarkDotNet's full JSON export as the gate's second input: read as a run (time per operation per iteration, allocated
/// bytes per operation, host environment) and compared per benchmark by the gate's own statistics with Holm's correction, refused on other machines,
/// and gated through the real CLI with its exit codes and JUnit file.
/// </summary>
public sealed class BenchmarkDotNetGateTests
{
    /// <summary>An export in BenchmarkDotNet 0.15's full JSON shape: per benchmark, iterations around <c>ns</c> (±0.2 % apart) and <c>bytes</c>.</summary>
    private static string Export(string processor, params (string Name, double Ns, int Bytes)[] benchmarks)
    {
        string Case((string Name, double Ns, int Bytes) b)
        {
            var values = string.Join(',', Enumerable.Range(0, 8).Select(i => (b.Ns * (1 + 0.002 * i)).ToString(CultureInfo.InvariantCulture)));
            return "{\"FullName\":\"" + b.Name + "\",\"Method\":\"RoundTrip\",\"Statistics\":{\"OriginalValues\":[" + values + "]},"
                + "\"Memory\":{\"Gen0Collections\":0,\"BytesAllocatedPerOperation\":" + b.Bytes.ToString(CultureInfo.InvariantCulture) + "}}";
        }
        return $$"""{"Title":"t","HostEnvironmentInfo":{"ProcessorName":"{{processor}}","OsVersion":"Debian 13","RuntimeVersion":".NET 10.0.0","LogicalCoreCount":2},"Benchmarks":[{{string.Join(',', benchmarks.Select(Case))}}]}""";
    }

    private static Transports.Results.ResultsDocument Read(string json) => BenchmarkDotNetReport.Read(JsonNode.Parse(json), "export", DateTime.UtcNow);

    private const string Time = "benchmark_time_per_operation_ns";
    private const string Allocated = "benchmark_allocated_bytes_per_operation";

    [Fact]
    public void A_slower_benchmark_and_one_that_allocates_more_are_regressions_and_the_same_export_passes()
    {
        var baseline = Read(Export("CPU", ("RoundTrip(Transport: tcp/64)", 20_000, 0), ("RoundTrip(Transport: quic/64)", 40_000, 100)));
        Assert.Equal(8, baseline.Transports[0].Repeats.Count);
        Assert.Equal(100, baseline.Transports[1].Repeats[0].Values[Allocated]);
        var same = GateEvaluator.Evaluate(baseline, baseline, GateConfig.Default, false);
        Assert.Equal(GateVerdict.Pass, same.Verdict);

        var current = Read(Export("CPU", ("RoundTrip(Transport: tcp/64)", 30_000, 0), ("RoundTrip(Transport: quic/64)", 40_000, 200)));
        var report = GateEvaluator.Evaluate(baseline, current, GateConfig.Default, false);
        Assert.Equal(1, report.ExitCode);
        Assert.Contains(report.Rows, r => r.Transport.Contains("tcp", StringComparison.Ordinal) && r.MetricId == Time && r.Verdict == GateVerdict.Regression);
        Assert.Contains(report.Rows, r => r.Transport.Contains("quic", StringComparison.Ordinal) && r.MetricId == Allocated && r.Verdict == GateVerdict.Regression);
        Assert.Contains(report.Rows, r => r.Transport.Contains("quic", StringComparison.Ordinal) && r.MetricId == Time && r.Verdict == GateVerdict.Pass);
        // 4 % more allocated on 100 B is within 10 % and 16 B.
        var small = Read(Export("CPU", ("RoundTrip(Transport: tcp/64)", 20_000, 0), ("RoundTrip(Transport: quic/64)", 40_000, 104)));
        Assert.Equal(GateVerdict.Pass, GateEvaluator.Evaluate(baseline, small, GateConfig.Default, false).Verdict);
    }

    [Fact]
    public void Other_machines_are_refused_and_a_results_document_is_not_an_export()
    {
        var a = Read(Export("CPU", ("x", 1000, 0)));
        var b = Read(Export("Other CPU", ("x", 1000, 0)));
        Assert.Contains("CPU model: CPU vs Other CPU", Assert.Throws<GateRefusedException>(() => GateEvaluator.Evaluate(a, b, GateConfig.Default, false)).Message);
        Assert.True(GateEvaluator.Evaluate(a, b, GateConfig.Default, true).EnvironmentMismatch);
        Assert.Throws<FormatException>(() => Read("""{"Run":{}}"""));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Read("{"));
    }

    [Fact]
    public async Task The_cli_gates_two_exports_with_exit_codes_and_junit()
    {
        using var dir = new TempDirectory();
        var before = Path.Combine(dir.Path, "before-report-full.json");
        var after = Path.Combine(dir.Path, "after-report-full.json");
        File.WriteAllText(before, Export("CPU", ("RoundTrip(Transport: tcp/64)", 20_000, 0)));
        File.WriteAllText(after, Export("CPU", ("RoundTrip(Transport: tcp/64)", 30_000, 0)));
        var results = Path.Combine(dir.Path, "results");
        var junit = Path.Combine(dir.Path, "gate.xml");
        var regression = await HarnessProcess.RunAsync(["gate", "-baseline", before, "-current", after, "-junit", junit], results);
        Assert.Equal(1, regression.ExitCode);
        Assert.Single(XDocument.Load(junit).Descendants("failure"));
        Assert.Equal(0, (await HarnessProcess.RunAsync(["gate", "-baseline", before, "-current", before], results)).ExitCode);
        var alone = await HarnessProcess.RunAsync(["gate", "-baseline", before], results);
        Assert.Equal(2, alone.ExitCode);
        Assert.Contains("needs -current with a BenchmarkDotNet", alone.StdErr);
        Assert.Single(alone.StdErr.Trim().Split('\n'));
    }
}
