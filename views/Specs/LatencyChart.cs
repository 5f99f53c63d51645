using System.Globalization;
using System.Text.Json.Nodes;
using Transports.Results;

namespace Transports.Views.Specs;

/// <summary>
/// HDR-style latency percentile plot: x is the percentile on a "nines" scale (log of 1/(1 − p/100), so 90%, 99%,
/// 99.9% are equally spaced), y the latency in ms on a log scale, one line per transport, from
/// <see cref="Latency.Distribution"/> of the repeat with the median p99. The 100th percentile (max) has no
/// position on this scale and is in the tooltip and the summary table instead. An anchor's distribution (sockperf)
/// is drawn dashed in the color of the transport it is compared with.
/// </summary>
internal static class LatencyChart
{
    private static readonly double[] Ticks = [1, 2, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

    /// <summary>The spec, or null when no charted transport has a latency distribution.</summary>
    public static ChartSpec? Build(IReadOnlyList<TransportResult> results, IReadOnlyList<string> labels, IReadOnlyList<string> context,
        IReadOnlyList<(string TransportLabel, string AnchorLabel, Latency Latency)>? anchors = null)
    {
        var rows = new JsonArray();
        anchors ??= [];
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        var corrected = new List<bool>();
        double maxX = 1;
        foreach (var r in results)
        {
            if (RepresentativeRepeat.Pick(r, m => m.Latency is { Distribution.Count: > 0 }, m => m.Latency?.P99Ms) is not { } pick)
                continue;
            var latency = pick.Repeat.Latency!;
            kinds.Add(latency.Kind);
            corrected.Add(latency.CoordinatedOmissionCorrected);
            AddLine(r.Label, "harness", pick.Number, latency);
            foreach (var a in anchors.Where(a => a.TransportLabel == r.Label)) AddLine(r.Label, a.AnchorLabel, null, a.Latency);
        }
        if (rows.Count == 0) return null;

        void AddLine(string label, string source, int? repeat, Latency latency)
        {
            foreach (var p in latency.Distribution)
            {
                if (!(p.Percentile is >= 0 and < 100) || !(p.ValueMs > 0) || !double.IsFinite(p.ValueMs)) continue;
                double x = 1.0 / (1.0 - p.Percentile / 100.0);
                maxX = Math.Max(maxX, x);
                rows.Add(new JsonObject
                {
                    ["label"] = label,
                    ["source"] = source,
                    ["series"] = source == "harness" ? label : $"{label}: {source}",
                    ["repeat"] = repeat,
                    ["percentile"] = ChartStyle.Num(p.Percentile),
                    ["nines"] = ChartStyle.Num(x),
                    ["ms"] = ChartStyle.Num(p.ValueMs),
                    ["maxMs"] = ChartStyle.Num(latency.MaxMs),
                });
            }
        }

        string what = kinds.Count == 1 && kinds.Single() == "one_way_delay" ? "One-way delay"
            : kinds.Count == 1 && kinds.Single() == "rtt" ? "Round-trip time" : "Latency";
        string co = corrected.All(c => c) ? "corrected for coordinated omission"
            : corrected.Any(c => c) ? "coordinated omission corrected for some transports only" : "closed loop, not corrected for coordinated omission";
        string title = $"{what} percentiles";
        var spec = ChartStyle.NewSpec(title,
            [$"HDR-style percentile plot, both axes log scale; one repeat per transport: the one with the median p99; {co}", .. context],
            $"{what} in milliseconds against percentile, one line per transport.");
        var ticks = Ticks.Where(t => t <= maxX * 1.0001).ToList();
        if (ticks.Count < 3) ticks = Ticks.Take(3).ToList();
        spec["data"] = new JsonObject { ["values"] = rows };
        spec["mark"] = new JsonObject { ["type"] = "line", ["strokeWidth"] = 1.8, ["point"] = new JsonObject { ["size"] = 14 } };
        spec["encoding"] = new JsonObject
        {
            ["x"] = new JsonObject
            {
                ["field"] = "nines", ["type"] = "quantitative", ["title"] = "Percentile (log scale of 1 / (1 − p))",
                ["scale"] = new JsonObject { ["type"] = "log", ["domain"] = new JsonArray(1, ChartStyle.Num(ticks[^1])) },
                ["axis"] = new JsonObject
                {
                    ["values"] = new JsonArray(ticks.Select(t => ChartStyle.Num(t)).ToArray()),
                    ["labelExpr"] = LabelExpression(ticks),
                    ["grid"] = true,
                },
            },
            ["y"] = new JsonObject
            {
                ["field"] = "ms", ["type"] = "quantitative", ["title"] = $"{what} (ms, log scale)",
                ["scale"] = new JsonObject { ["type"] = "log", ["nice"] = true },
            },
            ["color"] = ChartStyle.LabelColor(labels, legend: true),
            ["detail"] = new JsonObject { ["field"] = "series", ["type"] = "nominal" },
            ["tooltip"] = new JsonArray(
                ChartStyle.Tip("label", "Transport", "nominal"),
                ChartStyle.Tip("source", "Measured by", "nominal"),
                ChartStyle.Tip("repeat", "Repeat"),
                ChartStyle.Tip("percentile", "Percentile", format: ".4~f"),
                ChartStyle.Tip("ms", $"{what} (ms)", format: ".4~r"),
                ChartStyle.Tip("maxMs", "Max of this repeat (ms)", format: ".4~r")),
        };
        if (anchors.Count > 0)
        {
            var encoding = (JsonObject)spec["encoding"]!;
            encoding["strokeDash"] = new JsonObject
            {
                ["field"] = "source", ["type"] = "nominal", ["title"] = "Measured by",
                ["scale"] = new JsonObject
                {
                    ["domain"] = new JsonArray(["harness", .. anchors.Select(a => a.AnchorLabel).Distinct().Select(l => (JsonNode?)l)]),
                    ["range"] = new JsonArray([new JsonArray(1, 0), .. anchors.Select(a => a.AnchorLabel).Distinct().Select(_ => (JsonNode?)new JsonArray(5, 3))]),
                },
                // Stroke symbols in one dark color: the color legend above carries the transports.
                ["legend"] = new JsonObject
                {
                    ["orient"] = "right", ["symbolType"] = "stroke", ["symbolStrokeWidth"] = 2,
                    ["encode"] = new JsonObject { ["symbols"] = new JsonObject { ["update"] = new JsonObject { ["stroke"] = new JsonObject { ["value"] = "#444444" } } } },
                },
            };
        }
        return new ChartSpec("latency-percentiles", title, spec);
    }

    /// <summary>Axis label expression mapping the tick values 2, 10, 100… to "50%", "90%", "99%"… (1, the 0th percentile, stays unlabeled).</summary>
    private static string LabelExpression(IEnumerable<double> ticks)
    {
        var cases = ticks.Select(t =>
        {
            // 0% sits too close to 50% on this scale to be read; its tick stays, unlabeled.
            string pct = t == 1 ? "" : (100 - 100 / t).ToString("0.#####", CultureInfo.InvariantCulture) + "%";
            return $"datum.value === {t.ToString(CultureInfo.InvariantCulture)} ? '{pct}' : ";
        });
        return string.Concat(cases) + "''";
    }
}
