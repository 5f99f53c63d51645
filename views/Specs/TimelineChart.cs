using System.Text.Json.Nodes;
using Transports.Results;

namespace Transports.Views.Specs;

/// <summary>
/// Goodput over time, one line per transport, from <see cref="Measurement.Timeline"/> of the repeat with the median
/// goodput. Each sample is the goodput over the interval that ends at its time, so the line is drawn as steps.
/// </summary>
internal static class TimelineChart
{
    /// <summary>The spec, or null when no charted transport has a timeline.</summary>
    public static ChartSpec? Build(IReadOnlyList<TransportResult> results, IReadOnlyList<string> labels, IReadOnlyList<string> context)
    {
        var rows = new JsonArray();
        foreach (var r in results)
        {
            if (RepresentativeRepeat.Pick(r, m => m.Timeline.Count > 0, m => m.Throughput?.GoodputBitsPerSecond) is not { } pick)
                continue;
            var points = pick.Repeat.Timeline.Where(p => double.IsFinite(p.ElapsedMs) && double.IsFinite(p.GoodputBitsPerSecond)).ToArray();
            if (points.Length == 0) continue;
            // A sample is the goodput over the interval ending at its time; the first interval starts at the first
            // send (0 s), so the line starts there at the first sample's value (drawn with step-before).
            rows.Add(Row(r.Label, pick.Number, new TimelinePoint(0, 0, points[0].GoodputBitsPerSecond)));
            foreach (var p in points) rows.Add(Row(r.Label, pick.Number, p));
        }
        if (rows.Count == 0) return null;

        const string title = "Goodput over time";
        var spec = ChartStyle.NewSpec(title,
            ["Goodput per sampling interval; one repeat per transport: the one with the median goodput", .. context],
            "Goodput in Gbit/s against seconds since the first send, one line per transport.");
        spec["data"] = new JsonObject { ["values"] = rows };
        spec["mark"] = new JsonObject { ["type"] = "line", ["interpolate"] = "step-before", ["strokeWidth"] = 1.8, ["point"] = false };
        spec["encoding"] = new JsonObject
        {
            ["x"] = new JsonObject
            {
                ["field"] = "seconds", ["type"] = "quantitative", ["title"] = "Time since the connect started (s)",
                ["scale"] = new JsonObject { ["zero"] = true, ["nice"] = true },
            },
            ["y"] = new JsonObject
            {
                ["field"] = "gbitPerSecond", ["type"] = "quantitative", ["title"] = "Goodput (Gbit/s)",
                ["scale"] = new JsonObject { ["zero"] = true, ["nice"] = true },
            },
            ["color"] = ChartStyle.LabelColor(labels, legend: true),
            ["tooltip"] = new JsonArray(
                ChartStyle.Tip("label", "Transport", "nominal"),
                ChartStyle.Tip("repeat", "Repeat"),
                ChartStyle.Tip("seconds", "Time (s)", format: ".1f"),
                ChartStyle.Tip("gbitPerSecond", "Goodput (Gbit/s)", format: ".3f"),
                ChartStyle.Tip("deliveredMiB", "Delivered so far (MiB)", format: ",.1f")),
        };
        return new ChartSpec("goodput-timeline", title, spec);
    }

    private static JsonObject Row(string label, int repeat, TimelinePoint p) => new()
    {
        ["label"] = label,
        ["repeat"] = repeat,
        ["seconds"] = ChartStyle.Num(p.ElapsedMs / 1000.0),
        ["gbitPerSecond"] = ChartStyle.Num(p.GoodputBitsPerSecond * 1e-9),
        ["deliveredMiB"] = ChartStyle.Num(p.BytesDelivered / 1048576.0),
    };
}
