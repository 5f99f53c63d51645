using System.Globalization;
using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Views.Tables;

/// <summary>Anchors as text, for the console and summary.md: what each reference tool measured, and each ratio.</summary>
public static class AnchorView
{
    /// <summary>One line for an anchor result: its numbers, or why it has none.</summary>
    /// <param name="anchor">The anchor result.</param>
    public static string Line(AnchorResult anchor)
    {
        var what = string.Join("; ", new[] { anchor.ToolVersion, anchor.Description }.Where(s => s.Length > 0));
        if (anchor.Status != TransportStatus.Ok) return $"anchor {anchor.Label}: {anchor.Status.Text()}: {anchor.Error}";
        var numbers = new List<string>();
        if (anchor.GoodputBitsPerSecond is double bps) numbers.Add($"{NumberFormat.Metric(MetricCatalog.Goodput, bps)} {MetricCatalog.Goodput.DisplayUnit}");
        if (anchor.RequestsPerSecond is double rps) numbers.Add($"{NumberFormat.Metric(MetricCatalog.RequestsPerSecond, rps)} {MetricCatalog.RequestsPerSecond.DisplayUnit}");
        if (anchor.JainFairness is double j)
            numbers.Add(Invariant($"Jain's fairness {j:0.000} over {anchor.FlowGoodputBitsPerSecond.Count} streams (per stream, Gbit/s: {string.Join(", ", anchor.FlowGoodputBitsPerSecond.Select(b => NumberFormat.Significant(b / 1e9)))})"));
        if (anchor.Latency is { } l) numbers.Add(Invariant($"{l.Kind.ToUpperInvariant()} p50 {l.P50Ms * 1000:0} µs, p99 {l.P99Ms * 1000:0} µs"));
        return $"anchor {anchor.Label}: {string.Join(", ", numbers)} ({what})";
    }

    /// <summary>One line per comparison, e.g. "tcp: goodput 7.07 Gbit/s = 0.57× iperf3 tcp (12.45 Gbit/s), higher is better".</summary>
    /// <param name="document">The results.</param>
    public static IEnumerable<string> ComparisonLines(ResultsDocument document)
        => AnchorComparisons.Compute(document).Select(c =>
            Invariant($"{c.TransportLabel}: {c.Metric} {NumberFormat.Significant(c.HarnessValue)} {c.Unit} = {c.Ratio:0.00}× {c.AnchorLabel} ({NumberFormat.Significant(c.AnchorValue)} {c.Unit}), {(c.HigherIsBetter ? "higher" : "lower")} is better"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
