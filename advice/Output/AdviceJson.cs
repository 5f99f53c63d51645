using System.Text.Json;
using System.Text.Json.Serialization;
using Transports.Advice.Ranking;

namespace Transports.Advice.Output;

/// <summary>advice.json: the <see cref="AdviceDocument"/> in the results' JSON conventions (camelCase, indented, enums as
/// camelCase strings). Deterministic: the same document gives the same bytes.</summary>
public static class AdviceJson
{
    /// <summary>The file name in an advise folder.</summary>
    public const string FileName = "advice.json";

    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Serializes <paramref name="advice"/>.</summary>
    /// <param name="advice">The advice.</param>
    public static string Serialize(AdviceDocument advice) => JsonSerializer.Serialize(advice, Options);

    /// <summary>Parses advice.json.</summary>
    /// <param name="json">The text.</param>
    /// <exception cref="JsonException">Not an advice document of <see cref="AdviceDocument.CurrentSchema"/>.</exception>
    public static AdviceDocument Deserialize(string json)
    {
        var doc = JsonSerializer.Deserialize<AdviceDocument>(json, Options) ?? throw new JsonException("empty advice document");
        return doc.Schema == AdviceDocument.CurrentSchema ? doc : throw new JsonException($"advice schema '{doc.Schema}' is not {AdviceDocument.CurrentSchema}");
    }
}
