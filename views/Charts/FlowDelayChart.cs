using ScottPlot;
using Transports.Results;

namespace Transports.Views.Charts;

/// <summary>
/// The head-of-line chart of a multi-flow run (hol): per transport, the one-way delay p50 (left column) and p99 (right
/// column) of every flow as dots, the run's overall p50 and p99 as wide ticks joined by the flows' range, on a log
/// delay axis; under each transport its flow mapping. On a lossy path, one ordered stream lifts every flow's p99
/// together, a stream per flow lifts only the flows that lost a packet (a wide spread of dots), datagrams lift none
/// (they lose instead). Drawn from the repeat with the median overall p99.
/// </summary>
internal static class FlowDelayChart
{
    private const double Offset = 0.17;

    private sealed record Column(string Label, int Repeat, FlowSet Flows, Latency Latency);

    /// <summary>The chart, or null when no charted transport has per-flow results.</summary>
    public static ChartSpec? Build(IReadOnlyList<TransportResult> results, IReadOnlyList<string> labels, IReadOnlyList<string> context)
    {
        var columns = new List<Column>();
        foreach (var r in results)
        {
            if (RepresentativeRepeat.Pick(r, m => m.Flows is { Flows.Count: > 0 } && m.Latency is { Count: > 0 }, m => m.Latency?.P99Ms) is not { } pick)
                continue;
            columns.Add(new Column(r.Label, pick.Number, pick.Repeat.Flows!, pick.Repeat.Latency!));
        }
        if (columns.Count == 0) return null;
        var threshold = columns.Select(c => c.Flows.ExcessThresholdMs).Distinct().ToArray();
        string excess = threshold is [var t] ? $"delayed: more than {ChartStyle.Num(t)} ms above the run's smallest delay" : "delayed: above each run's threshold";
        return new ChartSpec("flow-delays", "One-way delay per flow: head-of-line blocking",
            [$"Left dots: each flow's p50 · right dots: each flow's p99 · wide tick: all flows together · one repeat per transport (median p99) · {excess}", .. context],
            "Transport (flow mapping)", "One-way delay (ms, log scale)", columns.Select(c => c.Label).ToArray())
        {
            Draw = plot => Draw(plot, columns, labels),
        };
    }

    private static IReadOnlyList<ChartHover> Draw(Plot plot, List<Column> columns, IReadOnlyList<string> labels)
    {
        var hovers = new List<ChartHover>();
        const double floorMs = 1e-3;
        double Y(double ms) => Math.Log10(Math.Max(ms, floorMs));
        var all = columns.SelectMany(c => c.Flows.Flows.Where(f => f.Received > 0).SelectMany(f => new[] { f.P50Ms, f.P99Ms })
            .Concat([c.Latency.P50Ms, c.Latency.P99Ms])).Select(v => Math.Max(v, floorMs)).ToArray();
        double minMs = all.Min(), maxMs = all.Max();
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            var color = ChartStyle.ColorOf(labels, c.Label);
            var flows = c.Flows.Flows.Where(f => f.Received > 0).ToArray();
            foreach (var (x, overall, name, pick, shape) in new[]
            {
                (i - Offset, c.Latency.P50Ms, "p50", (Func<FlowResult, double>)(f => f.P50Ms), MarkerShape.OpenCircle),
                (i + Offset, c.Latency.P99Ms, "p99", (Func<FlowResult, double>)(f => f.P99Ms), MarkerShape.FilledCircle),
            })
            {
                if (flows.Length > 0)
                {
                    var range = plot.Add.Line(x, Y(flows.Min(pick)), x, Y(flows.Max(pick)));
                    range.LineColor = color;
                    range.LineWidth = 1.5f;
                    range.MarkerSize = 0;
                    range.LegendText = "";
                    var dots = plot.Add.Markers(flows.Select(_ => x).ToArray(), flows.Select(f => Y(pick(f))).ToArray(), shape, 7, color);
                    dots.LegendText = "";
                }
                var tick = plot.Add.Line(x - 0.12, Y(overall), x + 0.12, Y(overall));
                tick.LineColor = ChartStyle.Ink;
                tick.LineWidth = 3;
                tick.MarkerSize = 0;
                tick.LegendText = "";
                var text = plot.Add.Text($"{name} {ChartStyle.Short(overall)}", x, Y(overall));
                text.LabelFontSize = 10;
                text.LabelFontColor = ChartStyle.Ink;
                text.LabelAlignment = Alignment.LowerCenter;
                text.OffsetY = -4;
                hovers.Add(ChartHover.Point(x, Y(overall), $"{c.Label}, repeat {c.Repeat}: all flows {name} {ChartStyle.Num(overall)} ms"));
                foreach (var f in flows)
                    hovers.Add(ChartHover.Point(x, Y(pick(f)), $"{c.Label}, flow {f.Flow}: {name} {ChartStyle.Num(pick(f))} ms; "
                        + $"{f.Received} of {f.Sent} delivered, {f.Delayed} delayed; max {ChartStyle.Num(f.MaxMs)} ms"));
            }
        }
        var (yTicks, yLabels) = LogTicks.For(minMs, maxMs);
        double low = Math.Min(yTicks.Min(), Math.Log10(minMs)), high = Math.Max(yTicks.Max(), Math.Log10(maxMs));
        double pad = Math.Max(0.05, (high - low) * 0.08);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns.Count).Select(i => (double)i).ToArray(),
            columns.Select(c => $"{c.Label}\n{c.Flows.Mapping.Replace('_', ' ')}").ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.IsVisible = false;
        plot.Axes.Left.SetTicks(yTicks, yLabels);
        plot.Axes.SetLimits(-0.6, columns.Count - 0.4, low - pad, high + pad);
        plot.HideLegend();
        return hovers;
    }
}
