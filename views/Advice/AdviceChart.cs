using ScottPlot;
using Transports.Views.Charts;
using Transports.Views.Rendering;

namespace Transports.Views.Advice;

/// <summary>One candidate's bar in the advice chart: the deciding metric's median and the 95% interval of the median.</summary>
/// <param name="Name">Candidate (transport) name.</param>
/// <param name="Median">Median, in the chart's display unit.</param>
/// <param name="Ci95Low">Lower end of the interval, display unit.</param>
/// <param name="Ci95High">Upper end of the interval, display unit.</param>
/// <param name="Verdict">The candidate's verdict word ("pass", "marginal", "fail", "measured").</param>
public sealed record AdviceBar(string Name, double Median, double Ci95Low, double Ci95High, string Verdict);

/// <summary>
/// The advice chart: the ranked candidates' deciding metric (bars at the median, whiskers over the 95% interval of the
/// median) with the objective's bound as a dashed line. A pure function of the numbers it is given (the harness maps an
/// advice document to them), drawn with ScottPlot like every other chart (docs/REPORT.md).
/// </summary>
public static class AdviceChart
{
    /// <summary>File name stem: advice-chart.svg and advice-chart.png.</summary>
    public const string Name = "advice-chart";

    /// <summary>Draws the chart and writes advice-chart.svg and .png into <paramref name="folder"/>; returns the SVG's path, or
    /// null when there is nothing to draw or the chart font is missing.</summary>
    /// <param name="folder">The advise folder.</param>
    /// <param name="title">Chart title, e.g. "Advice: delay p99 per candidate".</param>
    /// <param name="subtitle">Lines under the title (the objective, the path).</param>
    /// <param name="axisTitle">Value axis title with its unit, e.g. "One-way delay p99 (ms)".</param>
    /// <param name="bars">The ranked candidates, in rank order.</param>
    /// <param name="bound">The objective's bound in the display unit; null without an objective.</param>
    public static string? Write(string folder, string title, IReadOnlyList<string> subtitle, string axisTitle, IReadOnlyList<AdviceBar> bars, double? bound)
    {
        if (bars.Count == 0 || ChartFonts.Missing(ChartStyle.FontFamily) is not null) return null;
        var spec = new ChartSpec(Name, title, [.. subtitle, "Bar: median · whisker: 95% interval of the median · dashed: the objective's bound"],
            "Candidate", axisTitle, bars.Select(b => b.Name).ToList())
        {
            Draw = plot => Draw(plot, bars, bound),
        };
        var image = ChartRenderer.Render(spec, ChartStyle.FontFamily, 2);
        var svg = Path.Combine(folder, Name + ".svg");
        File.WriteAllText(svg, image.Svg);
        File.WriteAllBytes(Path.Combine(folder, Name + ".png"), image.Png);
        return svg;
    }

    private static IReadOnlyList<ChartHover> Draw(Plot plot, IReadOnlyList<AdviceBar> bars, double? bound)
    {
        var hovers = new List<ChartHover>();
        var labels = bars.Select(b => b.Name).ToList();
        for (int i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var bar = plot.Add.Bar(new Bar { Position = i, Value = b.Median, ValueBase = 0, Size = 0.6, FillColor = ChartStyle.ColorOf(labels, b.Name).WithAlpha(0.85), LineWidth = 0 });
            var whisker = plot.Add.Line(i, b.Ci95Low, i, b.Ci95High);
            whisker.Color = ChartStyle.Ink;
            whisker.LineWidth = 1.5f;
            var text = plot.Add.Text($"{ChartStyle.Short(b.Median)} ({b.Verdict})", i, Math.Max(b.Ci95High, b.Median));
            text.LabelAlignment = Alignment.LowerCenter;
            text.LabelFontColor = ChartStyle.Ink;
            hovers.Add(ChartHover.Point(i, b.Median, $"{b.Name}: {ChartStyle.Short(b.Median)} [{ChartStyle.Short(b.Ci95Low)} to {ChartStyle.Short(b.Ci95High)}], {b.Verdict}"));
        }
        if (bound is double y)
        {
            var line = plot.Add.HorizontalLine(y);
            line.LinePattern = LinePattern.Dashed;
            line.Color = ChartStyle.AnchorRed;
            line.LineWidth = 1.5f;
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(), labels.ToArray());
        double top = Math.Max(bars.Max(b => Math.Max(b.Ci95High, b.Median)), bound ?? 0);
        plot.Axes.SetLimits(-0.6, bars.Count - 0.4, 0, top * 1.18 + 1e-9);
        return hovers;
    }
}
