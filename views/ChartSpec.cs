using ScottPlot;

namespace Transports.Views;

/// <summary>
/// One chart of a run, ready to draw: its names, the lines under its title, its axis titles (with units) and the
/// series it shows. <see cref="ReportRenderer"/> draws it with ScottPlot 5 to <c>charts/&lt;Name&gt;.svg</c> and <c>.png</c>.
/// </summary>
/// <param name="Name">File stem, lowercase with dashes (e.g. <c>goodput</c>): saved as <c>charts/&lt;Name&gt;.svg</c> and <c>.png</c>.</param>
/// <param name="Title">Human title of the chart, drawn above it (e.g. "Goodput per transport").</param>
/// <param name="Subtitle">Lines under the title: how to read the marks, then the caption (machine, date, run, transports not shown).</param>
/// <param name="XAxisTitle">The horizontal axis title, with its unit where it has one (e.g. "Time since the connect started (s)").</param>
/// <param name="YAxisTitle">The vertical axis title with its unit (e.g. "Goodput (Gbit/s)"), from the metric catalog.</param>
/// <param name="Series">The names of the things drawn, in order: transport labels (and "label: tool" for anchors), or run names in comparisons.</param>
public sealed record ChartSpec(
    string Name,
    string Title,
    IReadOnlyList<string> Subtitle,
    string XAxisTitle,
    string YAxisTitle,
    IReadOnlyList<string> Series)
{
    /// <summary>Adds the chart's plottables and axes to a plot and returns the hover targets (SVG &lt;title&gt; texts) in data coordinates.</summary>
    internal Func<Plot, IReadOnlyList<Charts.ChartHover>> Draw { get; init; } = _ => [];
}
