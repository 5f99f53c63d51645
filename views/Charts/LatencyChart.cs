using ScottPlot;
using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Views.Charts;

/// <summary>
/// HDR-style latency percentile plot: x is the percentile on a "nines" scale (<see cref="NinesAxis"/>), y the latency
/// in ms on a log scale, one line per transport, from <see cref="Latency.Distribution"/> of the repeat with the median
/// p99. The 100th percentile (max) has no position on this scale and is in the hover text and the summary table
/// instead. An anchor's distribution (sockperf) is drawn dashed in the color of the transport it is compared with.
/// </summary>
internal static class LatencyChart
{
    /// <summary>One line of the plot: a transport's (or an anchor's) distribution.</summary>
    private sealed record Line(string Label, string Series, string Source, int? Repeat, Latency Latency);

    /// <summary>The chart, or null when no charted transport has a latency distribution.</summary>
    public static ChartSpec? Build(IReadOnlyList<TransportResult> results, IReadOnlyList<string> labels, IReadOnlyList<string> context,
        IReadOnlyList<(string TransportLabel, string AnchorLabel, Latency Latency)>? anchors = null)
    {
        anchors ??= [];
        var lines = new List<Line>();
        foreach (var r in results)
        {
            if (RepresentativeRepeat.Pick(r, m => m.Latency is { Distribution.Count: > 0 }, m => m.Latency?.P99Ms) is not { } pick)
                continue;
            lines.Add(new Line(r.Label, r.Label, "harness", pick.Number, pick.Repeat.Latency!));
            foreach (var a in anchors.Where(a => a.TransportLabel == r.Label))
                lines.Add(new Line(r.Label, $"{r.Label}: {a.AnchorLabel}", a.AnchorLabel, null, a.Latency));
        }
        lines.RemoveAll(l => !Points(l.Latency).Any());
        if (!lines.Any(l => l.Source == "harness")) return null;

        var harness = lines.Where(l => l.Source == "harness").Select(l => l.Latency).ToArray();
        var kinds = harness.Select(l => l.Kind).Distinct().ToArray();
        string what = kinds is ["one_way_delay"] ? "One-way delay" : kinds is ["rtt"] ? "Round-trip time" : kinds is ["time_to_connect"] ? "Time to connect" : "Latency";
        string co = harness.All(l => l.CoordinatedOmissionCorrected) ? "corrected for coordinated omission"
            : harness.Any(l => l.CoordinatedOmissionCorrected) ? "coordinated omission corrected for some transports only"
            : "closed loop, not corrected for coordinated omission";
        string dashed = lines.Any(l => l.Source != "harness") ? " · dashed: reference tool, same run" : "";
        string unit = MetricCatalog.RttP50.Unit; // distributions are stored in the catalog's latency unit, ms
        return new ChartSpec("latency-percentiles", $"{what} percentiles",
            [$"HDR-style percentile plot, latency on a log scale; one repeat per transport: the one with the median p99; {co}{dashed}", .. context],
            NinesAxis.Title, $"{what} ({unit}, log scale)", lines.Select(l => l.Series).ToArray())
        {
            Draw = plot => Draw(plot, lines, labels, what, unit),
        };
    }

    private static IEnumerable<PercentilePoint> Points(Latency latency)
        => latency.Distribution.Where(p => NinesAxis.Fits(p.Percentile) && p.ValueMs > 0 && double.IsFinite(p.ValueMs));

    private static IReadOnlyList<ChartHover> Draw(Plot plot, List<Line> lines, IReadOnlyList<string> labels, string what, string unit)
    {
        var hovers = new List<ChartHover>();
        var drawn = lines.Select(l => (Line: l, Points: Points(l.Latency).OrderBy(p => p.Percentile).ToArray())).ToArray();
        double maxX = drawn.Max(d => d.Points.Max(p => NinesAxis.X(p.Percentile)));
        double minMs = drawn.Min(d => d.Points.Min(p => p.ValueMs)), maxMs = drawn.Max(d => d.Points.Max(p => p.ValueMs));
        var (xTicks, xLabels) = NinesAxis.Ticks(maxX);
        var (yTicks, yLabels) = LogTicks.For(minMs, maxMs);
        double low = Math.Min(yTicks.Min(), Math.Log10(minMs)), high = Math.Max(yTicks.Max(), Math.Log10(maxMs));
        double pad = Math.Max(0.05, (high - low) * 0.05);
        var limits = new AxisLimits(0, Math.Max(maxX, xTicks[^1]) * 1.03, low - pad, high + pad);

        foreach (var (line, points) in drawn)
        {
            double[] xs = points.Select(p => NinesAxis.X(p.Percentile)).ToArray();
            double[] ys = points.Select(p => Math.Log10(p.ValueMs)).ToArray();
            var color = ChartStyle.ColorOf(labels, line.Label);
            var scatter = plot.Add.Scatter(xs, ys, color);
            scatter.LegendText = line.Series;
            bool anchor = line.Source != "harness";
            if (anchor)
            {
                // An anchor: open markers and a dashed line (dashes drawn as strokes: Skia's SVG output drops dash effects).
                scatter.LineWidth = 0;
                scatter.MarkerShape = MarkerShape.OpenCircle;
                scatter.MarkerSize = 7;
                foreach (var (a, b) in DashedLine.Dashes(xs, ys, limits))
                {
                    var dash = plot.Add.Line(a, b);
                    dash.LineColor = color;
                    dash.LineWidth = 2;
                    dash.MarkerSize = 0;
                    dash.LegendText = "";
                }
            }
            else
            {
                scatter.LineWidth = 2;
                scatter.MarkerSize = 4;
            }
            string who = anchor ? $"{line.Series} (reference tool)" : $"{line.Label}, repeat {line.Repeat}";
            foreach (var p in points)
                hovers.Add(ChartHover.Point(NinesAxis.X(p.Percentile), Math.Log10(p.ValueMs),
                    $"{who}: p{ChartStyle.Num(p.Percentile)} = {ChartStyle.Num(p.ValueMs)} {unit}; max of this distribution {ChartStyle.Num(line.Latency.MaxMs)} {unit}"));
        }

        plot.Axes.Bottom.SetTicks(xTicks, xLabels);
        plot.Axes.Left.SetTicks(yTicks, yLabels);
        plot.Axes.SetLimits(limits);
        plot.ShowLegend(Edge.Right);
        return hovers;
    }
}
