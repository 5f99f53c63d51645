using System.Text.Json;
using System.Text.Json.Nodes;

namespace Transports.Results;

/// <summary>A typed JSON parameter (<see cref="RunInfo.Parameters"/>, <see cref="TransportResult.Parameters"/>) as text for a view.</summary>
public static class ParameterText
{
    /// <summary>
    /// Strings without quotes, numbers and booleans as JSON writes them (invariant culture), arrays as a comma list,
    /// objects as compact JSON, null as empty.
    /// </summary>
    /// <param name="value">The parameter's value.</param>
    public static string Of(JsonNode? value) => value switch
    {
        null => "",
        JsonArray array => string.Join(",", array.Select(Of)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
