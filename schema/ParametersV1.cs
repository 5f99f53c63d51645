using System.Globalization;
using System.Text.Json.Nodes;

namespace Transports.Results;

/// <summary>Results schema v1 wrote parameters as text (string to string); this turns them into typed JSON.</summary>
public static class ParametersV1
{
    /// <summary>
    /// A JSON object with the same keys, in the same order: a value that parses as a number (invariant culture,
    /// e.g. "1073741824", "0.5"; not "007" or "+1") becomes a JSON number, "true" and "false" become booleans, anything else stays a
    /// string. Integers that fit a 64-bit integer stay integers (no loss for byte sizes).
    /// </summary>
    /// <param name="parameters">v1 parameters, e.g. <c>{"size_bytes": "1073741824", "sink": "file"}</c>.</param>
    /// <returns>A new object, e.g. <c>{"size_bytes": 1073741824, "sink": "file"}</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public static JsonObject ToJson(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var json = new JsonObject();
        foreach (var (key, text) in parameters) json[key] = Value(text);
        return json;
    }

    private static JsonNode? Value(string text)
    {
        if (text == "true") return JsonValue.Create(true);
        if (text == "false") return JsonValue.Create(false);
        // "007" or "+1" are names or codes, not numbers written by the harness: they stay text.
        if (text.Length == 0 || text[0] == '+' || text.TrimStart('-') is ['0', >= '0' and <= '9', ..]) return JsonValue.Create(text);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer)
            && integer.ToString(CultureInfo.InvariantCulture) == text)
            return JsonValue.Create(integer);
        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double number)
            && double.IsFinite(number))
            return JsonValue.Create(number);
        return JsonValue.Create(text);
    }
}
