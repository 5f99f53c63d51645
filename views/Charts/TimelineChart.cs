using ScottPlot;
using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Views.Charts;

/// <summary>
/// Goodput over time, one line per transport, from <see cref="Measurement.Timeline"/> of the repeat with the median
/// goodput. Each sample is the goodput over the interval that ends at its time, so the line is drawn as steps that
/// rise (or fall) at the start of each interval; the first interval starts at the first send (0 s).
/// </summary>
internal static class TimelineChart
{
    /// <summary>The chart, or null when no charted transport has a timeline.</summary>
    public static ChartSpec? Build(IReadOnlyList<TransportResult> results, IReadOnlyList<string> labels, IReadOnlyList<string> context)
    {
        var lines = new List<(string Label, int Repeat, TimelinePoint[] Points)>();
        foreach (var r in results)
        {
            if (RepresentativeRepeat.Pick(r, m => m.Timeline.Count > 0, m => m.Throughput?.GoodputBitsPerSecond) is not { } pick)
                continue;
            var points = pick.Repeat.Timeline.Where(p => double.IsFinite(p.ElapsedMs) && double.IsFinite(p.GoodputBitsPerSecond)).ToArray();
            if (points.Length > 0) lines.Add((r.Label, pick.Number, points));
        }
        if (lines.Count == 0) return null;

        var metric = MetricCatalog.Goodput;
        return new ChartSpec("goodput-timeline", "Goodput over time",
            ["Goodput per sampling interval; one repeat per transport: the one with the median goodput", .. context],
            "Time since the connect started (s)", metric.Title, lines.Select(l => l.Label).ToArray())
        {
            Draw = plot => Draw(plot, lines, labels, metric),
        };
    }

    private static IReadOnlyList<ChartHover> Draw(
        Plot plot, List<(string Label, int Repeat, TimelinePoint[] Points)> lines, IReadOnlyList<string> labels, MetricDefinition metric)
    {
        var hovers = new List<ChartHover>();
        double maxX = 0, maxY = 0;
        foreach (var (label, repeat, points) in lines)
        {
            // (0 s, first value) then every sample: a vertical-then-horizontal step reaches each sample's value at the
            // start of the interval it describes.
            double[] xs = [0, .. points.Select(p => p.ElapsedMs / 1000.0)];
            double[] ys = [points[0].GoodputBitsPerSecond * metric.DisplayScale, .. points.Select(p => p.GoodputBitsPerSecond * metric.DisplayScale)];
            var line = plot.Add.Scatter(xs, ys, ChartStyle.ColorOf(labels, label));
            line.ConnectStyle = ConnectStyle.StepVertical;
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = label;
            maxX = Math.Max(maxX, xs[^1]);
            maxY = Math.Max(maxY, ys.Max());
            foreach (var p in points)
            {
                double y = p.GoodputBitsPerSecond * metric.DisplayScale;
                hovers.Add(ChartHover.Point(p.ElapsedMs / 1000.0, y,
                    $"{label}, repeat {repeat}: {ChartStyle.Num(y)} {metric.DisplayUnit} at {ChartStyle.Num(p.ElapsedMs / 1000.0)} s, {ChartStyle.Num(p.BytesDelivered / 1048576.0)} MiB delivered"));
            }
        }
        plot.Axes.SetLimits(0, maxX > 0 ? maxX * 1.02 : 1, 0, maxY > 0 ? maxY * 1.1 : 1);
        plot.ShowLegend(Edge.Right);
        return hovers;
    }
}
