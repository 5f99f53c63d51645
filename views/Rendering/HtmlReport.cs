using System.Text;
using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Views.Rendering;

/// <summary>
/// The self-contained HTML pages: report.html for one run, compare.html for two. The charts are inline SVG drawn
/// by ScottPlot, with their hover values as SVG &lt;title&gt; elements, so the page works offline from file://,
/// with no script at all.
/// </summary>
internal static class HtmlReport
{
    /// <summary>The page of one run.</summary>
    public static string ForRun(ResultsDocument doc, IReadOnlyList<ChartImage> charts, IReadOnlyList<MetricDefinition>? catalog = null)
    {
        var body = new StringBuilder();
        body.Append("<h1>").Append(Html.E($"{doc.Run.Scenario}: run {doc.Run.Id}")).Append("</h1>\n");
        RunSections.Run(body, doc);
        RunSections.Path(body, doc);
        body.Append("<h2>Summary</h2>\n");
        RunSections.Summary(body, doc, catalog);
        if (doc.Anchors.Count > 0)
        {
            body.Append("<h2>Anchors</h2>\n<p class=\"note\">Reference tools run on the same machine right after the transports.</p>\n");
            RunSections.Anchors(body, doc);
        }
        Charts(body, charts);
        body.Append("<h2>Environment</h2>\n");
        RunSections.Environment(body, doc.Environment);
        body.Append("<h2>Transport settings</h2>\n");
        RunSections.Settings(body, doc);
        return Page($"Transports: {doc.Run.Scenario} {doc.Run.Id}", body);
    }

    /// <summary>The page comparing two runs: the charts, then each run's summary, environment and settings.</summary>
    public static string ForComparison(ResultsDocument a, ResultsDocument b, IReadOnlyList<ChartImage> charts)
    {
        var (nameA, nameB) = ChartSpecs.RunNames(a, b);
        var body = new StringBuilder();
        body.Append("<h1>").Append(Html.E($"Comparison: {a.Run.Id} vs {b.Run.Id}")).Append("</h1>\n");
        Charts(body, charts);
        foreach (var (name, doc) in new[] { (nameA, a), (nameB, b) })
        {
            body.Append("<h2>").Append(Html.E($"Run {name}")).Append("</h2>\n");
            RunSections.Run(body, doc);
            RunSections.Path(body, doc);
            RunSections.Summary(body, doc);
            RunSections.Anchors(body, doc);
            body.Append("<h3>Environment</h3>\n");
            RunSections.Environment(body, doc.Environment);
            body.Append("<h3>Transport settings</h3>\n");
            RunSections.Settings(body, doc);
        }
        return Page($"Transports: {a.Run.Id} vs {b.Run.Id}", body);
    }

    private static void Charts(StringBuilder body, IReadOnlyList<ChartImage> charts)
    {
        body.Append("<h2>Charts</h2>\n");
        if (charts.Count == 0)
        {
            body.Append("<p class=\"note\">No charts: no transport produced numbers.</p>\n");
            return;
        }
        body.Append("<p class=\"note\">Hover a bar, dot or line for its numbers. Each chart is also saved as SVG and PNG.</p>\n");
        foreach (var chart in charts)
        {
            body.Append("<figure class=\"chart\" id=\"chart-").Append(Html.E(chart.Name)).Append("\">")
                .Append(InlineSvg.Of(chart))
                .Append("<figcaption><a href=\"charts/").Append(Html.E(chart.Name)).Append(".svg\">SVG</a> · <a href=\"charts/")
                .Append(Html.E(chart.Name)).Append(".png\">PNG</a></figcaption></figure>\n");
        }
    }

    private static string Page(string title, StringBuilder body)
    {
        var html = new StringBuilder(capacity: body.Length + 4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.E(title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n");
        html.Append("</head>\n<body>\n").Append(body);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private const string Css = """
        body { font-family: "DejaVu Sans", Verdana, Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1100px; padding: 0 16px; color: #222; }
        h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; } h3 { font-size: 15px; }
        table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
        th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #f4f4f4; font-weight: 600; }
        .scroll { overflow-x: auto; }
        table.summary td { font-variant-numeric: tabular-nums; }
        .note { color: #555; font-size: 13px; }
        .warning { background: #fff3cd; border: 1px solid #e0c36a; padding: 8px; }
        figure.chart { margin: 16px 0; } figure.chart svg { display: block; max-width: 100%; height: auto; }
        figure.chart figcaption { font-size: 12px; color: #555; }
        .hover > :hover { fill-opacity: 0.12; }
        details.transport { margin: 6px 0; } details.transport summary { cursor: pointer; font-weight: 600; }
        .status { font-weight: normal; color: #666; }
        tr.not-run td { color: #888; }

        """;
}
