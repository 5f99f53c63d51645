using System.Globalization;
using ScottPlot;

namespace Transports.Views.Charts;

/// <summary>
/// Zero-based bars of the median per transport, whiskers from min to max over the repeats, one dot per repeat and
/// the median written above the whisker. Used for goodput, CPU cost, loss, jitter and run comparisons (bars of the
/// runs side by side within each transport, one color per run, legend below the plot).
/// </summary>
internal static class SpreadBarChart
{
    /// <summary>How to read the marks; the first subtitle line of every bar chart.</summary>
    public const string Legend = "Bar: median of the repeats · whisker: min–max · dot: one repeat";

    /// <summary>Width of one category's bars, in category units (1 between transports).</summary>
    private const double BandWidth = 0.7;

    /// <summary>
    /// The chart. <paramref name="groups"/> is null for one run, else the run names in order.
    /// <paramref name="anchors"/> (single runs only) adds a red tick with the tool's name and value across each bar it anchors.
    /// </summary>
    public static ChartSpec Build(
        string name,
        string title,
        IReadOnlyList<string> subtitle,
        ChartMetric metric,
        IReadOnlyList<BarRow> rows,
        IReadOnlyList<string> labels,
        IReadOnlyList<string>? groups,
        IReadOnlyList<AnchorMark>? anchors = null)
    {
        var categories = labels.Where(l => rows.Any(r => r.Label == l)).ToArray();
        anchors = groups is null ? (anchors ?? []).Where(a => categories.Contains(a.Label)).ToArray() : [];
        string[] series = groups is null ? categories : [.. groups];
        return new ChartSpec(name, title, subtitle, "Transport", metric.Title, series)
        {
            Draw = plot => Draw(plot, metric, rows, labels, categories, groups, anchors),
        };
    }

    private static IReadOnlyList<ChartHover> Draw(
        Plot plot, ChartMetric metric, IReadOnlyList<BarRow> rows, IReadOnlyList<string> labels, IReadOnlyList<string> categories,
        IReadOnlyList<string>? groups, IReadOnlyList<AnchorMark> anchors)
    {
        var hovers = new List<ChartHover>();
        int groupCount = groups?.Count ?? 1;
        double width = BandWidth / groupCount;
        double Position(BarRow row)
        {
            double center = Array.IndexOf(categories.ToArray(), row.Label);
            if (groups is null) return center;
            int g = Math.Max(0, groups.ToList().IndexOf(row.Group!));
            return center - BandWidth / 2 + width * (g + 0.5);
        }

        foreach (var set in groups is null ? rows.Select(r => new[] { r }) : groups.Select(g => rows.Where(r => r.Group == g).ToArray()))
        {
            if (set.Length == 0) continue;
            var bars = set.Select(r => new Bar
            {
                Position = Position(r),
                Value = r.Stats.Median,
                ValueBase = 0,
                Size = width * (groups is null ? 1 : 0.9),
                FillColor = BarColor(r, labels, groups).WithAlpha(0.85),
                LineWidth = 0,
            }).ToArray();
            var barPlot = plot.Add.Bars(bars);
            if (groups is not null)
            {
                barPlot.LegendText = set[0].Group!;
                barPlot.Color = BarColor(set[0], labels, groups).WithAlpha(0.85);
            }
        }

        double top = 0;
        foreach (var row in rows)
        {
            double x = Position(row);
            var s = row.Stats;
            top = Math.Max(top, Math.Max(s.Max, s.Median));
            Segment(plot, x, s.Min, x, s.Max, ChartStyle.Ink, 1.5f);
            double cap = width * 0.15;
            Segment(plot, x - cap, s.Min, x + cap, s.Min, ChartStyle.Ink, 1.5f);
            Segment(plot, x - cap, s.Max, x + cap, s.Max, ChartStyle.Ink, 1.5f);
            if (row.Repeats.Count > 0)
            {
                var dots = plot.Add.Markers(row.Repeats.Select(_ => x).ToArray(), row.Repeats.ToArray(), MarkerShape.FilledCircle, 6, ChartStyle.Ink.WithAlpha(0.75));
                dots.LegendText = "";
            }
            var label = plot.Add.Text(ChartStyle.Short(s.Median), x, Math.Max(s.Max, s.Median));
            label.LabelFontSize = 11;
            label.LabelFontColor = ChartStyle.Ink;
            label.LabelAlignment = Alignment.LowerCenter;
            label.OffsetY = -4;

            string who = row.Group is null ? row.Label : $"{row.Label}, run {row.Group}";
            hovers.Add(new ChartHover(x - width / 2, 0, x + width / 2, s.Median, string.Join('\n',
                who,
                $"Median {metric.Title}: {ChartStyle.Num(s.Median)}",
                $"Min: {ChartStyle.Num(s.Min)} · Max: {ChartStyle.Num(s.Max)}",
                $"95% CI of median: {ChartStyle.Num(s.Ci95Low)} – {ChartStyle.Num(s.Ci95High)}",
                $"Repeats: {s.Count.ToString(CultureInfo.InvariantCulture)}")));
            for (int i = 0; i < row.Repeats.Count; i++)
                hovers.Add(ChartHover.Point(x, row.Repeats[i], $"{who}, repeat {i + 1}: {metric.WithUnit(row.Repeats[i])}"));
        }

        foreach (var anchor in anchors)
        {
            double x = Array.IndexOf(categories.ToArray(), anchor.Label);
            top = Math.Max(top, anchor.Value);
            Segment(plot, x - width * 0.55, anchor.Value, x + width * 0.55, anchor.Value, ChartStyle.AnchorRed, 3f);
            var text = plot.Add.Text($"{anchor.Anchor}: {anchor.Value.ToString("0.###", CultureInfo.InvariantCulture)}", x + width * 0.55, anchor.Value);
            text.LabelFontSize = 11;
            text.LabelFontColor = ChartStyle.AnchorRed;
            text.LabelAlignment = Alignment.LowerRight;
            text.OffsetY = -3;
            hovers.Add(new ChartHover(x - width * 0.55, anchor.Value, x + width * 0.55, anchor.Value,
                $"{anchor.Anchor} (reference tool, same run) on {anchor.Label}: {metric.WithUnit(anchor.Value)}"));
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.IsVisible = false;
        // Zero-based value axis with room above the tallest whisker for its label.
        plot.Axes.SetLimits(-0.6, categories.Count - 0.4, 0, top > 0 ? top * 1.15 : 1);
        if (groups is not null) plot.ShowLegend(Edge.Bottom);
        else plot.HideLegend();
        return hovers;
    }

    private static Color BarColor(BarRow row, IReadOnlyList<string> labels, IReadOnlyList<string>? groups)
        => groups is null ? ChartStyle.ColorOf(labels, row.Label) : ChartStyle.Palette[Math.Max(0, groups.ToList().IndexOf(row.Group!)) % ChartStyle.Palette.Length];

    private static void Segment(Plot plot, double x1, double y1, double x2, double y2, Color color, float width)
    {
        var line = plot.Add.Line(x1, y1, x2, y2);
        line.LineColor = color;
        line.LineWidth = width;
        line.MarkerSize = 0;
        line.LegendText = "";
    }
}
