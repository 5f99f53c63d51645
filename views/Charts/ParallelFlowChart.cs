using ScottPlot;
using Transports.Results;

namespace Transports.Views.Charts;

/// <summary>
/// The per-flow goodput chart of a run with parallel connections (<c>bigfile -connections N</c>): per transport, every
/// connection's goodput over the common interval (all flows moving bytes) as a dot, the flows' mean as a wide tick,
/// and Jain's fairness index under the transport. Equal dots: a fair share; a spread: one connection took more. Drawn
/// from the repeat with the median fairness.
/// </summary>
internal static class ParallelFlowChart
{
    private sealed record Column(string Label, int Repeat, ParallelFlowSet Flows);

    /// <summary>The chart, or null when no charted transport ran parallel connections.</summary>
    public static ChartSpec? Build(IReadOnlyList<TransportResult> results, IReadOnlyList<string> labels, IReadOnlyList<string> context)
    {
        var columns = results
            .Select(r => RepresentativeRepeat.Pick(r, m => m.ParallelFlows is { JainFairness: not null, Flows.Count: > 0 }, m => m.ParallelFlows?.JainFairness) is { } pick
                ? new Column(r.Label, pick.Number, pick.Repeat.ParallelFlows!) : null)
            .OfType<Column>().ToList();
        if (columns.Count == 0) return null;
        return new ChartSpec("flow-goodput", "Goodput per connection: fairness among parallel connections",
            ["Dots: each connection's goodput while all were moving bytes · wide tick: their mean · one repeat per transport (median fairness) · Jain's index: 1 = equal shares, 1/N = one took all", .. context],
            "Transport (Jain's fairness index)", "Goodput per connection (Gbit/s)", columns.Select(c => c.Label).ToArray())
        {
            Draw = plot => Draw(plot, columns, labels),
        };
    }

    private static IReadOnlyList<ChartHover> Draw(Plot plot, List<Column> columns, IReadOnlyList<string> labels)
    {
        var hovers = new List<ChartHover>();
        double max = 0;
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            var color = ChartStyle.ColorOf(labels, c.Label);
            var gbit = c.Flows.Flows.Select(f => f.CommonGoodputBitsPerSecond / 1e9).ToArray();
            max = Math.Max(max, gbit.Max());
            var dots = plot.Add.Markers(gbit.Select(_ => (double)i).ToArray(), gbit, MarkerShape.FilledCircle, 8, color);
            dots.LegendText = "";
            double mean = gbit.Average();
            var tick = plot.Add.Line(i - 0.2, mean, i + 0.2, mean);
            tick.LineColor = ChartStyle.Ink;
            tick.LineWidth = 3;
            tick.MarkerSize = 0;
            tick.LegendText = "";
            hovers.Add(ChartHover.Point(i, mean, $"{c.Label}, repeat {c.Repeat}: mean {ChartStyle.Num(mean)} Gbit/s per connection, fairness {c.Flows.JainFairness:0.000}"));
            foreach (var f in c.Flows.Flows)
                hovers.Add(ChartHover.Point(i, f.CommonGoodputBitsPerSecond / 1e9,
                    $"{c.Label}, connection {f.Flow}: {ChartStyle.Num(f.CommonGoodputBitsPerSecond / 1e9)} Gbit/s while all moved; {ChartStyle.Num(f.GoodputBitsPerSecond / 1e9)} Gbit/s over its own transfer"));
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns.Count).Select(i => (double)i).ToArray(),
            columns.Select(c => $"{c.Label}\nJain {c.Flows.JainFairness:0.000}").ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.IsVisible = false;
        plot.Axes.SetLimits(-0.6, columns.Count - 0.4, 0, max * 1.15 + 1e-9);
        plot.HideLegend();
        return hovers;
    }
}
