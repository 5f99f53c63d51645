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

    /// <summary>
    /// The inverse of <see cref="ToObject"/> for settings and variants: how a two-host agent receives the plan the
    /// client prepared. Members marked <c>[JsonIgnore]</c> take their defaults; computed members are ignored.
    /// </summary>
    /// <typeparam name="T">The settings or variant record.</typeparam>
    /// <param name="json">What <see cref="ToObject"/> made.</param>
    /// <exception cref="JsonException">The object does not describe a <typeparamref name="T"/>.</exception>
    public static T FromObject<T>(JsonObject json)
        => json.Deserialize<T>(ReadOptions) ?? throw new JsonException($"null is not a {typeof(T).Name}");

    /// <summary>Reading is strict: a member the record does not have, or a missing constructor parameter, is an error.</summary>
    private static readonly JsonSerializerOptions ReadOptions = new(Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
    };
}
