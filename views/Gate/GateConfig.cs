using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Transports.Results.Metrics;

namespace Transports.Views.Gate;

/// <summary>
/// The gate's overrides (a small JSON file, <c>-config FILE</c>; docs/CI.md "Overrides"): the significance level, and
/// per metric, optionally per transport (or label), the minimum practical effect and whether the metric is gated.
/// <code>
/// { "alpha": 0.05,
///   "metrics":    { "rtt_p99_ms": { "minimumEffectPercent": 20, "minimumAbsolute": 0.005 } },
///   "transports": { "quic": { "goodput_bits_per_s": { "minimumEffectPercent": 10 }, "jitter_ms": { "gate": false } } } }
/// </code>
/// A transport entry names a transport (e.g. <c>quic</c>) or one result's label (e.g. <c>quic 64 B</c>); the label is
/// the more specific and applies last.
/// </summary>
public sealed class GateConfig
{
    private readonly Dictionary<string, MetricOverride> _metrics;
    private readonly Dictionary<string, Dictionary<string, MetricOverride>> _transports;

    private GateConfig(double alpha, Dictionary<string, MetricOverride> metrics, Dictionary<string, Dictionary<string, MetricOverride>> transports)
    {
        Alpha = alpha;
        _metrics = metrics;
        _transports = transports;
    }

    /// <summary>No overrides: the catalog's defaults and α = <see cref="RepeatComparer.DefaultAlpha"/>.</summary>
    public static GateConfig Default { get; } = new(RepeatComparer.DefaultAlpha, [], []);

    /// <summary>One-sided significance level of each test, in (0, 0.5].</summary>
    public double Alpha { get; }

    /// <summary>Parses a config file's text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="FormatException">Not JSON, an unknown key or metric id, or a value out of range; the message names where.</exception>
    public static GateConfig Parse(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new FormatException("gate config: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"gate config: not valid JSON ({e.Message})", e);
        }
        double alpha = RepeatComparer.DefaultAlpha;
        var metrics = new Dictionary<string, MetricOverride>(StringComparer.Ordinal);
        var transports = new Dictionary<string, Dictionary<string, MetricOverride>>(StringComparer.Ordinal);
        foreach (var (key, value) in root)
        {
            switch (key)
            {
                case "alpha":
                    alpha = Number(value, "alpha");
                    if (!(alpha > 0 && alpha <= 0.5)) throw new FormatException(Invariant($"gate config: alpha must be in (0, 0.5], got {alpha}"));
                    break;
                case "metrics":
                    foreach (var (id, o) in Object(value, "metrics")) metrics[Metric(id, "metrics")] = Override(o, $"metrics.{id}");
                    break;
                case "transports":
                    foreach (var (transport, perMetric) in Object(value, "transports"))
                    {
                        var map = new Dictionary<string, MetricOverride>(StringComparer.Ordinal);
                        foreach (var (id, o) in Object(perMetric, $"transports.{transport}"))
                            map[Metric(id, $"transports.{transport}")] = Override(o, $"transports.{transport}.{id}");
                        transports[transport] = map;
                    }
                    break;
                default:
                    throw new FormatException($"gate config: unknown key '{key}' (alpha, metrics, transports)");
            }
        }
        return new GateConfig(alpha, metrics, transports);
    }

    /// <summary>Reads and parses a config file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FormatException">Unreadable or invalid; the message names the file.</exception>
    public static GateConfig Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"gate config {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Whether <paramref name="metric"/> is gated for this result and with which minimum effect: the catalog's
    /// <see cref="MetricDefinition.Gateable"/> and defaults, then the metric's override, the transport's, the label's.
    /// </summary>
    /// <param name="metric">A catalog metric.</param>
    /// <param name="transport">The result's transport name.</param>
    /// <param name="label">The result's label.</param>
    /// <returns>The minimum effect, or null when the metric is not gated here.</returns>
    public MinimumEffect? EffectFor(MetricDefinition metric, string transport, string label)
    {
        bool gated = metric.Gateable;
        var effect = MinimumEffect.Of(metric);
        foreach (var o in Overrides(metric.Id, transport, label))
        {
            if (o.Gate is { } g) gated = g;
            if (o.RelativePercent is { } r) effect = effect with { Relative = r / 100 };
            if (o.Absolute is { } a) effect = effect with { Absolute = a };
        }
        return gated && metric.Better != BetterDirection.None ? effect : null;
    }

    private IEnumerable<MetricOverride> Overrides(string id, string transport, string label)
    {
        if (_metrics.TryGetValue(id, out var m)) yield return m;
        if (_transports.TryGetValue(transport, out var t) && t.TryGetValue(id, out var tm)) yield return tm;
        if (label != transport && _transports.TryGetValue(label, out var l) && l.TryGetValue(id, out var lm)) yield return lm;
    }

    private static MetricOverride Override(JsonNode? node, string where)
    {
        var o = new MetricOverride();
        foreach (var (key, value) in Object(node, where))
        {
            switch (key)
            {
                case "minimumEffectPercent":
                    double r = Number(value, $"{where}.{key}");
                    if (!(r >= 0 && r < 1000)) throw new FormatException(Invariant($"gate config: {where}.{key} must be in [0, 1000), got {r}"));
                    o = o with { RelativePercent = r };
                    break;
                case "minimumAbsolute":
                    double a = Number(value, $"{where}.{key}");
                    if (!(a >= 0) || double.IsInfinity(a)) throw new FormatException(Invariant($"gate config: {where}.{key} must be ≥ 0, got {a}"));
                    o = o with { Absolute = a };
                    break;
                case "gate":
                    o = o with { Gate = value is JsonValue v && v.TryGetValue<bool>(out var g) ? g : throw new FormatException($"gate config: {where}.gate must be true or false") };
                    break;
                default:
                    throw new FormatException($"gate config: unknown key '{where}.{key}' (minimumEffectPercent, minimumAbsolute, gate)");
            }
        }
        return o;
    }

    private static string Metric(string id, string where)
    {
        var metric = MetricCatalog.Find(id) ?? throw new FormatException($"gate config: {where}: unknown metric id '{id}'");
        return metric.Better == BetterDirection.None ? throw new FormatException($"gate config: {where}: metric '{id}' has no better direction and cannot be gated") : id;
    }

    private static JsonObject Object(JsonNode? node, string where)
        => node as JsonObject ?? throw new FormatException($"gate config: {where} must be an object");

    private static double Number(JsonNode? node, string where)
        => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : throw new FormatException($"gate config: {where} must be a number");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record MetricOverride(double? RelativePercent = null, double? Absolute = null, bool? Gate = null);
}
