using System.Text.Json;
using Transports.Results.Metrics;

namespace Transports.Views.Gate;

/// <summary>
/// The gate's second input kind: BenchmarkDotNet's full JSON export (<c>*-report-full.json</c> or
/// <c>*-report-full-compressed.json</c>, written by <c>--exporters json</c>; BenchmarkDotNet 0.15). Benchmarks are
/// matched by <c>FullName</c> (type, method and parameters). Per benchmark: time per operation (the workload
/// iterations' <c>Statistics.OriginalValues</c>, ns/op, lower is better, margin 5 %) by <see cref="RepeatComparer"/>,
/// and allocated bytes per operation (<c>Memory.BytesAllocatedPerOperation</c>, one deterministic number per side:
/// a regression when it grew by more than 10 % and 8 B, else pass). Holm's correction covers the time comparisons of
/// the whole file. The iterations of one BenchmarkDotNet process share its machine state like the repeats of one run
/// (docs/CI.md), so compare exports made back to back on one machine.
/// </summary>
public static class BenchmarkDotNetGate
{
    /// <summary>The margin of time per operation.</summary>
    public static readonly MinimumEffect TimeEffect = new(0.05, 0);

    /// <summary>The margin of allocated bytes per operation.</summary>
    public static readonly MinimumEffect AllocationEffect = new(0.10, 8);

    /// <summary>True when <paramref name="path"/> is a JSON file whose root has BenchmarkDotNet's <c>Benchmarks</c> array.</summary>
    /// <param name="path">A file path.</param>
    public static bool IsExport(string path)
    {
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || !File.Exists(path)) return false;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("Benchmarks", out var b) && b.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads an export.</summary>
    /// <param name="json">The export's text.</param>
    /// <exception cref="FormatException">Not a BenchmarkDotNet full JSON export (the message says what is missing).</exception>
    public static BenchmarkExport Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (!root.TryGetProperty("Benchmarks", out var benchmarks) || benchmarks.ValueKind != JsonValueKind.Array)
                throw new FormatException("not a BenchmarkDotNet full JSON export: no Benchmarks array");
            var host = root.TryGetProperty("HostEnvironmentInfo", out var h) ? h : default;
            string Host(string name) => host.ValueKind == JsonValueKind.Object && host.TryGetProperty(name, out var v) ? v.ToString() : "";
            var list = new List<BenchmarkCase>();
            foreach (var b in benchmarks.EnumerateArray())
            {
                var name = b.TryGetProperty("FullName", out var n) ? n.GetString() ?? "" : "";
                if (name.Length == 0) throw new FormatException("not a BenchmarkDotNet full JSON export: a benchmark without FullName");
                double[] values = b.TryGetProperty("Statistics", out var s) && s.ValueKind == JsonValueKind.Object && s.TryGetProperty("OriginalValues", out var o)
                    ? o.EnumerateArray().Select(v => v.GetDouble()).ToArray()
                    : [];
                double? bytes = b.TryGetProperty("Memory", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty("BytesAllocatedPerOperation", out var a) && a.ValueKind == JsonValueKind.Number
                    ? a.GetDouble() : null;
                list.Add(new BenchmarkCase(name, values, bytes));
            }
            return new BenchmarkExport(Host("ProcessorName"), Host("OsVersion"), Host("RuntimeVersion"), Host("LogicalCoreCount"), list);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>Compares two exports (<see cref="BenchmarkDotNetGate"/>).</summary>
    /// <param name="baseline">The baseline export.</param>
    /// <param name="current">The export under test.</param>
    /// <param name="alpha">Significance level of the family (Holm).</param>
    /// <param name="allowEnvironmentMismatch">Compare exports from different processors, OSes, runtimes or core counts.</param>
    /// <param name="baselineName">How the report names the baseline.</param>
    /// <param name="currentName">How the report names the current export.</param>
    /// <exception cref="GateRefusedException">Different environments without <paramref name="allowEnvironmentMismatch"/>.</exception>
    public static GateReport Evaluate(BenchmarkExport baseline, BenchmarkExport current, double alpha, bool allowEnvironmentMismatch, string baselineName, string currentName)
    {
        var differences = new List<string>();
        void Check(string what, string a, string b) { if (a != b) differences.Add($"{what}: {a} vs {b}"); }
        Check("processor", baseline.Processor, current.Processor);
        Check("OS", baseline.Os, current.Os);
        Check("runtime", baseline.Runtime, current.Runtime);
        Check("logical cores", baseline.LogicalCores, current.LogicalCores);
        if (differences.Count > 0 && !allowEnvironmentMismatch)
            throw new GateRefusedException($"environments differ ({string.Join("; ", differences)}); -allow-environment-mismatch compares them anyway");
        var rows = new List<GateRow>();
        foreach (var b in baseline.Benchmarks)
        {
            var c = current.Benchmarks.FirstOrDefault(x => x.FullName == b.FullName);
            if (c is null)
            {
                rows.Add(new GateRow { Transport = b.FullName, Label = b.FullName, MetricId = "", Verdict = GateVerdict.Inconclusive, Reason = "not in the current export" });
                continue;
            }
            if (b.NanosecondsPerOperation.Count > 0 && c.NanosecondsPerOperation.Count > 0)
            {
                var comparison = RepeatComparer.Compare(b.NanosecondsPerOperation, c.NanosecondsPerOperation, BetterDirection.Lower, TimeEffect, alpha);
                rows.Add(new GateRow
                {
                    Transport = b.FullName, Label = b.FullName, MetricId = "time_ns_per_op", MetricTitle = "time ns/op", Verdict = comparison.Verdict,
                    Comparison = comparison, Reason = comparison.Reason, MarginText = "±5 %",
                    BaselineText = comparison.BaselineMedian.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture),
                    CurrentText = comparison.CurrentMedian.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture),
                });
            }
            if (b.BytesPerOperation is { } before && c.BytesPerOperation is { } after)
            {
                double margin = AllocationEffect.Margin(before);
                bool worse = after - before > margin;
                rows.Add(new GateRow
                {
                    Transport = b.FullName, Label = b.FullName, MetricId = "allocated_bytes_per_op", MetricTitle = "allocated B/op",
                    Verdict = worse ? GateVerdict.Regression : GateVerdict.Pass, MarginText = $"+{margin:0.#} B",
                    BaselineText = $"{before:0.#}", CurrentText = $"{after:0.#}",
                    Reason = worse ? $"allocates {after - before:0.#} B/op more, beyond the margin of {margin:0.#} B" : $"within the margin of {margin:0.#} B/op",
                });
            }
        }
        return new GateReport
        {
            Scenario = "BenchmarkDotNet", BaselineRunId = baselineName, CurrentRunId = currentName, Alpha = alpha,
            EnvironmentDifferences = differences, Rows = HolmCorrection.Apply(rows, alpha),
        };
    }
}

/// <summary>A BenchmarkDotNet full JSON export, as the gate reads it.</summary>
/// <param name="Processor">HostEnvironmentInfo.ProcessorName.</param>
/// <param name="Os">HostEnvironmentInfo.OsVersion.</param>
/// <param name="Runtime">HostEnvironmentInfo.RuntimeVersion.</param>
/// <param name="LogicalCores">HostEnvironmentInfo.LogicalCoreCount.</param>
/// <param name="Benchmarks">The benchmarks.</param>
public sealed record BenchmarkExport(string Processor, string Os, string Runtime, string LogicalCores, IReadOnlyList<BenchmarkCase> Benchmarks);

/// <summary>One benchmark of an export.</summary>
/// <param name="FullName">Type, method and parameters, e.g. <c>…PerTransportRoundTrip.RoundTrip(Transport: tcp/64)</c>.</param>
/// <param name="NanosecondsPerOperation">The workload iterations' time per operation, ns.</param>
/// <param name="BytesPerOperation">Allocated bytes per operation; null without the memory diagnoser.</param>
public sealed record BenchmarkCase(string FullName, IReadOnlyList<double> NanosecondsPerOperation, double? BytesPerOperation);
