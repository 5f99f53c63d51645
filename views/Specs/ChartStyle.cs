using System.Globalization;
using System.Text.Json.Nodes;
using Transports.Results;

namespace Transports.Views.Specs;

/// <summary>What every chart shares: schema, size, title and caption layout, fonts, the transport colors.</summary>
internal static class ChartStyle
{
    /// <summary>Width of the plot area in CSS pixels (axes, title and legend come on top).</summary>
    public const int PlotWidthPx = 600;

    /// <summary>Height of the plot area in CSS pixels.</summary>
    public const int PlotHeightPx = 280;

    /// <summary>Categorical color scheme (Vega's tableau10: distinguishable, colorblind-aware).</summary>
    public const string ColorScheme = "tableau10";

    /// <summary>A spec skeleton: schema, title with subtitle lines, plot size, shared config.</summary>
    public static JsonObject NewSpec(string title, IEnumerable<string> subtitle, string description) => new()
    {
        ["$schema"] = ChartSpecs.VegaLiteSchema,
        ["description"] = description,
        ["title"] = new JsonObject { ["text"] = title, ["subtitle"] = Strings(subtitle) },
        ["width"] = PlotWidthPx,
        ["height"] = PlotHeightPx,
        ["config"] = Config(),
    };

    /// <summary>
    /// The caption naming the machine, the date and the run, as two subtitle lines:
    /// "CPU, N cores · OS · .NET x" and "yyyy-MM-dd HH:mm UTC · scenario, run id" (plus "· INCOMPLETE: reason").
    /// </summary>
    public static string[] Caption(ResultsDocument doc)
    {
        var env = doc.Environment;
        var machine = new List<string> { Machine(doc) };
        if (!string.IsNullOrWhiteSpace(env.Os)) machine.Add(env.Os.Trim());
        if (!string.IsNullOrWhiteSpace(env.DotnetVersion)) machine.Add($".NET {env.DotnetVersion.Trim()}");
        string run = $"{When(doc)} · {doc.Run.Scenario}, run {doc.Run.Id}";
        if (!doc.Run.Complete) run += $" · INCOMPLETE: {doc.Run.IncompleteReason ?? "interrupted"}";
        return [string.Join(" · ", machine), run];
    }

    /// <summary>"CPU model, N cores".</summary>
    public static string Machine(ResultsDocument doc)
        => $"{(string.IsNullOrWhiteSpace(doc.Environment.CpuModel) ? "unknown CPU" : doc.Environment.CpuModel.Trim())}, {doc.Environment.LogicalCores} cores";

    /// <summary>The run's start, "yyyy-MM-dd HH:mm UTC".</summary>
    public static string When(ResultsDocument doc)
        => doc.Run.StartedUtc.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Color encoding for transport labels, with a fixed domain so a transport keeps its color in every chart.</summary>
    public static JsonObject LabelColor(IReadOnlyList<string> labels, bool legend) => new()
    {
        ["field"] = "label",
        ["type"] = "nominal",
        ["title"] = "Transport",
        ["scale"] = new JsonObject { ["domain"] = Strings(labels), ["scheme"] = ColorScheme },
        ["legend"] = legend ? new JsonObject { ["orient"] = "right" } : null,
    };

    /// <summary>A JSON number rounded to 6 significant digits (keeps specs small and stable); null for NaN/infinity.</summary>
    public static JsonNode? Num(double value)
    {
        if (!double.IsFinite(value)) return null;
        if (value == 0) return JsonValue.Create(0.0);
        int digits = 6 - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value)));
        double rounded = digits is >= 0 and <= 15 ? Math.Round(value, digits) : value;
        return JsonValue.Create(rounded);
    }

    /// <summary>A JSON array of strings.</summary>
    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>A tooltip entry: field, type, title, optional d3 format.</summary>
    public static JsonObject Tip(string field, string title, string type = "quantitative", string? format = null)
    {
        var tip = new JsonObject { ["field"] = field, ["type"] = type, ["title"] = title };
        if (format is not null) tip["format"] = format;
        return tip;
    }

    private static JsonObject Config() => new()
    {
        ["font"] = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif",
        ["background"] = "white",
        ["padding"] = 12,
        ["view"] = new JsonObject { ["stroke"] = null },
        ["title"] = new JsonObject
        {
            ["anchor"] = "start",
            ["fontSize"] = 16,
            ["subtitleFontSize"] = 11,
            ["subtitleColor"] = "#555555",
            ["subtitlePadding"] = 4,
            ["offset"] = 14,
        },
        ["axis"] = new JsonObject
        {
            ["labelFontSize"] = 11,
            ["titleFontSize"] = 12,
            ["titleFontWeight"] = "normal",
            ["gridColor"] = "#e6e6e6",
        },
        ["legend"] = new JsonObject { ["labelFontSize"] = 11, ["titleFontSize"] = 12, ["titleFontWeight"] = "normal", ["labelLimit"] = 480 },
    };
}
