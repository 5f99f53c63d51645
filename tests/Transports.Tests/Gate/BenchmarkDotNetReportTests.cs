using System.Text.Json.Nodes;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Views.Gate;
using Xunit;

namespace Transports.Tests.Gate;

/// <summary>
/// The gate's second input kind: a real BenchmarkDotNet full JSON report (MeasurementCostBenchmarks, ShortRun, exported
/// with --exporters json; the per-iteration "Measurements" left out to keep the fixture small) read as a run, and gated
/// with the same statistics as a run of the harness.
/// </summary>
public sealed class BenchmarkDotNetReportTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Gate", "Fixtures", "benchmarkdotnet-report-full.json");

    private static JsonNode Report() => JsonNode.Parse(File.ReadAllText(Fixture))!;

    [Fact]
    public void A_report_is_one_result_per_case_and_one_repeat_per_measured_iteration()
    {
        Assert.True(BenchmarkDotNetReport.Is(Fixture));
        var doc = BenchmarkDotNetReport.Load(Fixture);
        Assert.Equal(ScenarioKinds.BenchmarkDotNetScenario, doc.Run.Scenario);
        Assert.Equal(ScenarioKind.Benchmark, ScenarioKinds.Of(doc));
        Assert.Equal(6, doc.Transports.Count);
        var timestamp = doc.Transports.Single(t => t.Transport == "MeasurementCostBenchmarks.Timestamp");
        Assert.Equal(TransportStatus.Ok, timestamp.Status);
        Assert.Equal(3, timestamp.Repeats.Count);
        var original = Report()["Benchmarks"]![0]!["Statistics"]!["OriginalValues"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(original, timestamp.Repeats.Select(r => MetricCatalog.BenchmarkTimePerOperation.ValueIn(r)!.Value).ToArray());
        Assert.All(timestamp.Repeats, r => Assert.Equal(0, MetricCatalog.BenchmarkAllocatedPerOperation.ValueIn(r)));
        Assert.False(string.IsNullOrEmpty(doc.Environment.CpuModel));
        Assert.True(doc.Environment.LogicalCores > 0);
    }

    [Fact]
    public void The_same_report_against_itself_is_no_regression()
    {
        var doc = BenchmarkDotNetReport.Load(Fixture);
        var report = GateEvaluator.Evaluate(doc, doc, GateConfig.Default, allowEnvironmentMismatch: false);
        Assert.NotEqual(GateVerdict.Regression, report.Verdict);
        Assert.Contains(report.Rows, r => r.MetricId == MetricCatalog.BenchmarkTimePerOperation.Id);
        Assert.DoesNotContain(report.Rows, r => r.MetricId == MetricCatalog.Goodput.Id);
    }

    [Fact]
    public void A_case_that_got_half_as_fast_and_one_that_allocates_more_are_regressions_the_rest_not()
    {
        var before = Report();
        var after = Report();
        var rng = new Random(5);
        // 12 iterations per case on both sides, around each case's own median; the current run's Timestamp takes 1.5x as long
        foreach (var (b, a) in before["Benchmarks"]!.AsArray().Zip(after["Benchmarks"]!.AsArray()))
        {
            double median = b!["Statistics"]!["Median"]!.GetValue<double>();
            bool slower = b["Method"]!.GetValue<string>() == "Timestamp";
            b["Statistics"]!["OriginalValues"] = new JsonArray(Enumerable.Range(0, 12).Select(_ => (JsonNode)(median * (1 + rng.NextDouble() * 0.02))).ToArray());
            a!["Statistics"]!["OriginalValues"] = new JsonArray(Enumerable.Range(0, 12).Select(_ => (JsonNode)(median * (slower ? 1.5 : 1) * (1 + rng.NextDouble() * 0.02))).ToArray());
            if (a["Method"]!.GetValue<string>() == "JitterAdd") a["Memory"]!["BytesAllocatedPerOperation"] = 64;
        }
        var report = GateEvaluator.Evaluate(BenchmarkDotNetReport.Read(before, "before", DateTime.UtcNow), BenchmarkDotNetReport.Read(after, "after", DateTime.UtcNow),
            GateConfig.Default, allowEnvironmentMismatch: false);
        Assert.Equal(GateVerdict.Regression, report.Verdict);
        var regressions = report.Rows.Where(r => r.Verdict == GateVerdict.Regression).Select(r => (r.Transport, r.MetricId)).ToHashSet();
        var jitter = report.Rows.Single(r => r.Transport == "MeasurementCostBenchmarks.JitterAdd" && r.MetricId == MetricCatalog.BenchmarkAllocatedPerOperation.Id);
        Assert.True(jitter.Verdict == GateVerdict.Regression, jitter.Reason);
        Assert.Equal(new HashSet<(string, string)>
        {
            ("MeasurementCostBenchmarks.Timestamp", MetricCatalog.BenchmarkTimePerOperation.Id),
            ("MeasurementCostBenchmarks.JitterAdd", MetricCatalog.BenchmarkAllocatedPerOperation.Id),
        }, regressions);
    }

    [Fact]
    public void A_case_without_measurements_is_failed_and_not_a_report_is_one_clear_error()
    {
        var report = Report();
        report["Benchmarks"]![1]!["Statistics"] = null;
        var doc = BenchmarkDotNetReport.Read(report, "r", DateTime.UtcNow);
        Assert.Equal(TransportStatus.Failed, doc.Transports[1].Status);
        Assert.Contains("no measurements", doc.Transports[1].Error);

        var e = Assert.Throws<FormatException>(() => BenchmarkDotNetReport.Read(JsonNode.Parse("""{"schema":"transports.results/v2"}"""), "results.json", DateTime.UtcNow));
        Assert.Equal("results.json: not a BenchmarkDotNet full JSON report (no \"Benchmarks\" array; export with --exporters json)", e.Message);
        using var dir = new Transports.Tests.Support.TempDirectory();
        var broken = Path.Combine(dir.Path, "broken.json");
        File.WriteAllText(broken, "{ not json");
        Assert.False(BenchmarkDotNetReport.Is(broken));
        Assert.StartsWith($"{broken}: not JSON", Assert.Throws<FormatException>(() => BenchmarkDotNetReport.Load(broken)).Message);
    }
}
