using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Transports.Scenarios.Core;

/// <summary>
/// Typed settings and variants as the typed JSON results.json records (<c>run.parameters</c>, a result's
/// <c>parameters</c>): snake_case property names, enums as lowercase strings, numbers as numbers.
/// </summary>
public static class ParameterJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The public properties of <paramref name="value"/> (its runtime type) as a JSON object.</summary>
    /// <param name="value">A settings or variant record.</param>
    public static JsonObject ToObject(object value)
        => JsonSerializer.SerializeToNode(value, value.GetType(), Options) as JsonObject ?? [];
}
