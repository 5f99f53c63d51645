using System.Text.Json.Nodes;

namespace Transports.Views.Specs;

/// <summary>One bar: a transport (and, in comparisons, a run) with the spread of a metric and its repeat values.</summary>
/// <param name="Label">Transport label (x axis).</param>
/// <param name="Group">Run name in comparisons (x offset and color); null for a single run.</param>
/// <param name="Stats">Median, range and CI, display units.</param>
/// <param name="Repeats">Every repeat's value, display units (drawn as dots).</param>
internal sealed record BarRow(string Label, string? Group, SpreadStats Stats, IReadOnlyList<double> Repeats);

/// <summary>A reference tool's value drawn on a transport's bar (e.g. iperf3's goodput on the tcp bar).</summary>
/// <param name="Label">Transport label of the bar.</param>
/// <param name="Anchor">Anchor label, e.g. "iperf3 tcp".</param>
/// <param name="Value">The tool's value, display units.</param>
internal sealed record AnchorMark(string Label, string Anchor, double Value);

/// <summary>
/// Zero-based bars of the median per transport, whiskers from min to max over the repeats, one dot per repeat
/// and the median written above the whisker. Used for goodput, CPU cost, loss, jitter and run comparisons.
/// </summary>
internal static class SpreadBarChart
{
    /// <summary>How to read the marks; the first subtitle line of every bar chart.</summary>
    public const string Legend = "Bar: median of the repeats · whisker: min–max · dot: one repeat";

    /// <summary>Bar labels: three significant digits (d3-format), trailing zeros dropped; tooltips carry four.</summary>
    private const string LabelFormat = ".3~r";

    /// <summary>
    /// Builds the spec. <paramref name="groups"/> is null for one run, else the run names in order.
    /// <paramref name="anchors"/> (single runs only) adds a red tick with the tool's name and value on each bar it anchors.
    /// </summary>
    public static JsonObject Build(
        string title,
        IEnumerable<string> subtitle,
        ChartMetric metric,
        IReadOnlyList<BarRow> rows,
        IReadOnlyList<string> labels,
        IReadOnlyList<string>? groups,
        IReadOnlyList<AnchorMark>? anchors = null)
    {
        var spec = ChartStyle.NewSpec(title, subtitle, $"{title}: {metric.Title} per transport, median and range over repeats.");
        var summaryData = new JsonObject { ["values"] = new JsonArray(rows.Select(SummaryRow).ToArray()) };
        var repeatData = new JsonObject { ["values"] = new JsonArray(rows.SelectMany(RepeatRows).ToArray()) };

        var x = new JsonObject
        {
            ["field"] = "label",
            ["type"] = "nominal",
            ["title"] = "Transport",
            ["sort"] = ChartStyle.Strings(labels),
            ["axis"] = new JsonObject { ["labelAngle"] = labels.Any(l => l.Length > 10) ? -30 : 0 },
        };
        JsonObject Color() => groups is null
            ? ChartStyle.LabelColor(labels, legend: false)
            : new JsonObject
            {
                ["field"] = "group",
                ["type"] = "nominal",
                ["title"] = "Run",
                ["scale"] = new JsonObject { ["domain"] = ChartStyle.Strings(groups), ["scheme"] = ChartStyle.ColorScheme },
                ["legend"] = new JsonObject { ["orient"] = "bottom", ["direction"] = "vertical" },
            };
        JsonObject Encoding(JsonObject extra)
        {
            var e = new JsonObject { ["x"] = x.DeepClone() };
            // A fixed domain keeps each run in its slot even where only one run has the transport.
            if (groups is not null)
                e["xOffset"] = new JsonObject { ["field"] = "group", ["type"] = "nominal", ["scale"] = new JsonObject { ["domain"] = ChartStyle.Strings(groups), ["paddingInner"] = 0.15 } };
            foreach (var (k, v) in extra) e[k] = v?.DeepClone();
            return e;
        }

        var tooltip = new JsonArray(
            ChartStyle.Tip("label", "Transport", "nominal"),
            groups is null ? null : ChartStyle.Tip("group", "Run", "nominal"),
            ChartStyle.Tip("median", $"Median {metric.Title}", format: metric.Format),
            ChartStyle.Tip("min", "Min", format: metric.Format),
            ChartStyle.Tip("max", "Max", format: metric.Format),
            ChartStyle.Tip("ci95Low", "95% CI of median, low", format: metric.Format),
            ChartStyle.Tip("ci95High", "95% CI of median, high", format: metric.Format),
            ChartStyle.Tip("repeats", "Repeats"));
        tooltip = new JsonArray(tooltip.Where(t => t is not null).Select(t => t!.DeepClone()).ToArray());

        var y = new JsonObject
        {
            ["field"] = "median",
            ["type"] = "quantitative",
            ["title"] = metric.Title,
            ["scale"] = new JsonObject { ["zero"] = true, ["nice"] = true },
        };
        spec["layer"] = new JsonArray(
            new JsonObject
            {
                ["data"] = summaryData.DeepClone(),
                // Grouped bars fill their offset band (padded below): vega-lite 5.23 offsets a band-relative bar
                // width by the x band rather than the offset band, which would shift bars off their whiskers.
                ["mark"] = groups is null
                    ? new JsonObject { ["type"] = "bar", ["opacity"] = 0.85, ["width"] = new JsonObject { ["band"] = 0.7 } }
                    : new JsonObject { ["type"] = "bar", ["opacity"] = 0.85 },
                ["encoding"] = Encoding(new JsonObject { ["y"] = y, ["color"] = Color(), ["tooltip"] = tooltip }),
            },
            new JsonObject
            {
                ["data"] = summaryData.DeepClone(),
                ["mark"] = new JsonObject { ["type"] = "rule", ["color"] = "#333333", ["strokeWidth"] = 1.5 },
                ["encoding"] = Encoding(new JsonObject
                {
                    ["y"] = new JsonObject { ["field"] = "min", ["type"] = "quantitative" },
                    ["y2"] = new JsonObject { ["field"] = "max" },
                }),
            },
            new JsonObject
            {
                ["data"] = repeatData,
                ["mark"] = new JsonObject { ["type"] = "circle", ["color"] = "#222222", ["size"] = 22, ["opacity"] = 0.7 },
                ["encoding"] = Encoding(new JsonObject
                {
                    ["y"] = new JsonObject { ["field"] = "value", ["type"] = "quantitative" },
                    ["tooltip"] = new JsonArray(
                        ChartStyle.Tip("label", "Transport", "nominal"),
                        ChartStyle.Tip("repeat", "Repeat"),
                        ChartStyle.Tip("value", metric.Title, format: metric.Format)),
                }),
            },
            new JsonObject
            {
                ["data"] = summaryData.DeepClone(),
                ["mark"] = new JsonObject { ["type"] = "text", ["dy"] = -6, ["baseline"] = "bottom", ["fontSize"] = 10, ["color"] = "#333333" },
                ["encoding"] = Encoding(new JsonObject
                {
                    ["y"] = new JsonObject { ["field"] = "max", ["type"] = "quantitative" },
                    ["text"] = new JsonObject { ["field"] = "median", ["type"] = "quantitative", ["format"] = LabelFormat },
                }),
            });
        if (anchors is { Count: > 0 } && groups is null) AddAnchorLayers((JsonArray)spec["layer"]!, x, metric, anchors);
        return spec;
    }

    /// <summary>A red tick at each anchor's value across its transport's bar, and the tool's name beside it.</summary>
    private static void AddAnchorLayers(JsonArray layers, JsonObject x, ChartMetric metric, IReadOnlyList<AnchorMark> anchors)
    {
        var data = new JsonObject
        {
            ["values"] = new JsonArray(anchors.Select(a => (JsonNode)new JsonObject
            {
                ["label"] = a.Label, ["anchor"] = a.Anchor, ["value"] = ChartStyle.Num(a.Value),
                ["text"] = $"{a.Anchor}: {a.Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}",
            }).ToArray()),
        };
        var y = new JsonObject { ["field"] = "value", ["type"] = "quantitative" };
        layers.Add(new JsonObject
        {
            ["data"] = data.DeepClone(),
            ["mark"] = new JsonObject { ["type"] = "tick", ["color"] = "#d62728", ["thickness"] = 3, ["bandSize"] = 0.9 },
            ["encoding"] = new JsonObject
            {
                ["x"] = x.DeepClone(), ["y"] = y.DeepClone(),
                ["tooltip"] = new JsonArray(ChartStyle.Tip("anchor", "Anchor (reference tool)", "nominal"), ChartStyle.Tip("value", metric.Title, format: metric.Format)),
            },
        });
        layers.Add(new JsonObject
        {
            ["data"] = data,
            ["mark"] = new JsonObject { ["type"] = "text", ["dy"] = -7, ["baseline"] = "bottom", ["fontSize"] = 10, ["color"] = "#d62728" },
            ["encoding"] = new JsonObject { ["x"] = x.DeepClone(), ["y"] = y, ["text"] = new JsonObject { ["field"] = "text", ["type"] = "nominal" } },
        });
    }

    private static JsonNode SummaryRow(BarRow row)
    {
        var o = new JsonObject
        {
            ["label"] = row.Label,
            ["median"] = ChartStyle.Num(row.Stats.Median),
            ["min"] = ChartStyle.Num(row.Stats.Min),
            ["max"] = ChartStyle.Num(row.Stats.Max),
            ["ci95Low"] = ChartStyle.Num(row.Stats.Ci95Low),
            ["ci95High"] = ChartStyle.Num(row.Stats.Ci95High),
            ["repeats"] = row.Stats.Count,
        };
        if (row.Group is not null) o["group"] = row.Group;
        return o;
    }

    private static IEnumerable<JsonNode> RepeatRows(BarRow row) => row.Repeats.Select((v, i) =>
    {
        var o = new JsonObject { ["label"] = row.Label, ["repeat"] = i + 1, ["value"] = ChartStyle.Num(v) };
        if (row.Group is not null) o["group"] = row.Group;
        return (JsonNode)o;
    });
}
