using System.Text.Json.Nodes;

namespace Transports.Tests.Report;

/// <summary>Reads the parts of a Vega-Lite spec the tests check: layers, their data rows and encodings.</summary>
internal static class SpecQuery
{
    public static IEnumerable<JsonObject> Layers(JsonObject spec)
        => spec["layer"] is JsonArray layers ? layers.Select(l => l!.AsObject()) : [spec];

    public static JsonObject LayerWithMark(JsonObject spec, string mark)
        => Layers(spec).Single(l => MarkType(l) == mark);

    public static string MarkType(JsonObject layer)
        => layer["mark"] is JsonObject m ? (string)m["type"]! : (string)layer["mark"]!;

    public static IReadOnlyList<JsonObject> Rows(JsonObject layerOrSpec)
        => layerOrSpec["data"]!["values"]!.AsArray().Select(r => r!.AsObject()).ToArray();

    public static JsonObject Channel(JsonObject layerOrSpec, string channel) => layerOrSpec["encoding"]![channel]!.AsObject();

    public static string Title(JsonObject spec) => (string)spec["title"]!["text"]!;

    public static IReadOnlyList<string> Subtitle(JsonObject spec) => spec["title"]!["subtitle"]!.AsArray().Select(s => (string)s!).ToArray();

    public static string Str(JsonNode? node) => (string)node!;

    public static double Num(JsonNode? node) => (double)node!;
}
