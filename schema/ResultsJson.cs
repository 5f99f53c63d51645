using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Transports.Results.Metrics;

namespace Transports.Results;

/// <summary>
/// Reads and writes <see cref="ResultsDocument"/> as JSON (camelCase, enums as strings, indented). Writes
/// <see cref="ResultsDocument.CurrentSchema"/> (v2); reads v2, and v1 by upgrading it (<see cref="V1Schema"/>).
/// </summary>
public static class ResultsJson
{
    /// <summary>The previous schema, read by upgrading: its summary is recomputed from the repeats and its <c>scenario_…</c> statistics become metric values.</summary>
    public const string V1Schema = "transports.results/v1";

    /// <summary>The serializer options used for results.json.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Serializes <paramref name="document"/>.</summary>
    /// <param name="document">The results.</param>
    public static string Serialize(ResultsDocument document) => JsonSerializer.Serialize(document, Options);

    /// <summary>Parses a results document (v2, or v1 upgraded to v2) and checks its schema.</summary>
    /// <param name="json">The text of a results.json.</param>
    /// <exception cref="InvalidDataException">Not JSON, not a results document, or a schema other than v1 or v2.</exception>
    public static ResultsDocument Deserialize(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("not a valid results document: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a valid results document: {e.Message}", e);
        }
        string? schema = root["schema"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        bool v1 = schema == V1Schema;
        if (!v1 && schema != ResultsDocument.CurrentSchema)
            throw new InvalidDataException($"results schema '{schema}' is not supported (expected {ResultsDocument.CurrentSchema}, or {V1Schema} which is upgraded)");
        if (v1) UpgradeV1(root);
        ResultsDocument? document;
        try
        {
            document = root.Deserialize<ResultsDocument>(Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a valid results document: {e.Message}", e);
        }
        if (document is null) throw new InvalidDataException("not a valid results document: empty");
        // v1 summaries held six fixed numbers; v2's are every catalog metric, derivable from the repeats.
        if (v1) document = document with { Transports = document.Transports.Select(t => t with { Summary = Summary.Of(t.Repeats) }).ToArray() };
        return document;
    }

    /// <summary>Reads <c>results.json</c> from a run folder or a file path.</summary>
    /// <param name="path">A run folder or a results.json file.</param>
    /// <exception cref="FileNotFoundException">No results.json there.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid results document.</exception>
    public static ResultsDocument Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "results.json") : path;
        if (!File.Exists(file)) throw new FileNotFoundException($"no results.json at {path}", file);
        return Deserialize(File.ReadAllText(file));
    }

    /// <summary>
    /// Rewrites a v1 document tree as v2 in place: the v1 summary is dropped (recomputed after reading); each
    /// repeat's <c>scenario_…</c> transport statistics move to <c>values</c> under their metric ids (or are dropped when
    /// the metric is derived from the shared sections, e.g. <c>owd_base_ms</c> from the latency); text parameters become
    /// typed JSON (<see cref="ParametersV1"/>); integrity's <c>expectedSha256</c>/<c>actualSha256</c> become
    /// <c>expectedHash</c>/<c>actualHash</c>; an anchor's <c>comparableTransport</c> name becomes the
    /// <c>comparableFeatures</c> that transport recorded in the same document.
    /// </summary>
    private static void UpgradeV1(JsonObject root)
    {
        root["schema"] = ResultsDocument.CurrentSchema;
        if (root["run"] is JsonObject run) run["parameters"] = TypedParameters(run["parameters"]);
        var byKey = MetricCatalog.All.SelectMany(m => m.V1StatisticKeys.Select(k => (Key: k, Metric: m))).ToDictionary(p => p.Key, p => p.Metric);
        var transports = root["transports"] as JsonArray ?? [];
        if (root["anchors"] is JsonArray anchors)
        {
            foreach (var a in anchors.OfType<JsonObject>())
            {
                a["parameters"] = TypedParameters(a["parameters"]);
                var name = a["comparableTransport"] is JsonValue n && n.TryGetValue<string>(out var text) ? text : null;
                a.Remove("comparableTransport");
                var features = transports.OfType<JsonObject>().FirstOrDefault(t => t["transport"] is JsonValue tn && tn.TryGetValue<string>(out var tt) && tt == name)?["features"];
                a["comparableFeatures"] = features?.DeepClone() ?? new JsonArray();
            }
        }
        foreach (var t in transports.OfType<JsonObject>())
        {
            t.Remove("summary");
            t["parameters"] = TypedParameters(t["parameters"]);
            if (t["repeats"] is not JsonArray repeats) continue;
            foreach (var repeat in repeats.OfType<JsonObject>())
            {
                if (repeat["integrity"] is JsonObject integrity)
                {
                    // v1 named the digests after SHA-256, its only method; v2 has several (Integrity.Method).
                    foreach (var (from, to) in new[] { ("expectedSha256", "expectedHash"), ("actualSha256", "actualHash") })
                        if (integrity[from] is { } digest) { integrity.Remove(from); integrity[to] = digest.DeepClone(); }
                }
                if (repeat["transportStatistics"] is not JsonObject statistics) continue;
                var values = new JsonObject();
                foreach (var (key, value) in statistics.ToArray())
                {
                    if (!byKey.TryGetValue(key, out var metric)) continue;
                    statistics.Remove(key);
                    if (metric.IsStored) values[metric.Id] = value?.DeepClone();
                }
                repeat["values"] = values;
            }
        }
    }

    /// <summary>A v1 text-valued parameters object as typed JSON; anything else (absent, already typed) as it is.</summary>
    private static JsonObject TypedParameters(JsonNode? parameters)
    {
        if (parameters is not JsonObject o) return [];
        var text = o.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        var typed = ParametersV1.ToJson(text);
        foreach (var (key, value) in o.Where(p => !text.ContainsKey(p.Key))) typed[key] = value?.DeepClone();
        return typed;
    }
}
