using System.Globalization;
using ScottPlot;
using Transports.Views.Charts;
using Transports.Views.Rendering;

namespace Transports.Views.Gate;

/// <summary>
/// The gate's chart (<c>gate -chart FILE</c>): one row per compared metric of every result, the change of current
/// against baseline in percent with its ≥95 % interval (<see cref="MetricComparison.ChangeLow"/>), grey ticks at ±the
/// margin, colored by verdict (red regression, green improvement, blue pass, grey inconclusive). A pure function of
/// the report, drawn with ScottPlot 5 like the run charts.
/// </summary>
public static class GateChart
{
    /// <summary>The chart's spec; null when no row has an interval to draw.</summary>
    /// <param name="report">The gate's report.</param>
    public static ChartSpec? Build(GateReport report)
    {
        var rows = report.Rows.Where(r => r.Comparison is { ChangeLow: not null, ChangeHigh: not null, ChangeEstimate: not null }).ToArray();
        if (rows.Length == 0) return null;
        string interval = report.Pairs > 0 ? "median per-pair change and its 95 % interval" : "change of the medians and a 95 % interval from the medians' intervals";
        return new ChartSpec("gate", $"Gate: {GateVerdicts.Word(report.Verdict)}",
            [$"Dot: {interval} · grey ticks: ±margin · red regression, green improvement, blue pass, grey inconclusive",
             $"{report.Scenario}: baseline {report.BaselineRunId} vs current {report.CurrentRunId}"],
            "Change of current against baseline (%)", "", rows.Select(GateText.Subject).ToArray())
        {
            Draw = plot => Draw(plot, rows),
        };
    }

    /// <summary>Draws the chart to <paramref name="path"/>: SVG when it ends in .svg, else PNG.</summary>
    /// <param name="report">The gate's report.</param>
    /// <param name="path">The file to write.</param>
    /// <returns>False when there was nothing to draw (no file written).</returns>
    public static bool Write(GateReport report, string path)
    {
        if (Build(report) is not { } spec) return false;
        var image = ChartRenderer.Render(spec, ChartStyle.FontFamily, 2);
        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)) File.WriteAllText(path, image.Svg);
        else File.WriteAllBytes(path, image.Png);
        return true;
    }

    private static IReadOnlyList<ChartHover> Draw(Plot plot, GateRow[] rows)
    {
        var hovers = new List<ChartHover>();
        var ticks = new List<Tick>();
        for (int i = 0; i < rows.Length; i++)
        {
            var c = rows[i].Comparison!;
            double y = rows.Length - 1 - i;
            double low = c.ChangeLow!.Value * 100, high = c.ChangeHigh!.Value * 100, mid = c.ChangeEstimate!.Value * 100;
            var color = Color(rows[i].Verdict);
            var line = plot.Add.Line(low, y, high, y);
            line.LineColor = color;
            line.LineWidth = 2.5f;
            line.MarkerSize = 0;
            plot.Add.Marker(mid, y, MarkerShape.FilledCircle, 9, color);
            if (c.MarginRelative is { } m)
                foreach (var edge in new[] { -m * 100, m * 100 })
                {
                    var tick = plot.Add.Line(edge, y - 0.3, edge, y + 0.3);
                    tick.LineColor = ScottPlot.Color.FromHex("#999999");
                    tick.LineWidth = 1.5f;
                    tick.MarkerSize = 0;
                }
            ticks.Add(new Tick(y, GateText.Subject(rows[i])));
            hovers.Add(new ChartHover(low, y - 0.3, high, y + 0.3, string.Join('\n',
                GateText.Subject(rows[i]), $"{GateVerdicts.Word(rows[i].Verdict)}: {rows[i].Reason}",
                string.Create(CultureInfo.InvariantCulture, $"interval {low:0.#} % to {high:0.#} %"))));
        }
        var zero = plot.Add.VerticalLine(0);
        zero.Color = ChartStyle.Ink;
        zero.LineWidth = 1;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.SetLimitsY(-0.7, rows.Length - 0.3);
        return hovers;
    }

    private static Color Color(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Regression => ScottPlot.Color.FromHex("#D62728"),
        GateVerdict.Improvement => ScottPlot.Color.FromHex("#2CA02C"),
        GateVerdict.Pass => ScottPlot.Color.FromHex("#1F77B4"),
        _ => ScottPlot.Color.FromHex("#7F7F7F"),
    };
}
