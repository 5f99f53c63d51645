using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transports.Results;

/// <summary>Reads and writes <see cref="ResultsDocument"/> as JSON (camelCase, enums as strings, indented).</summary>
public static class ResultsJson
{
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

    /// <summary>Parses a results document and checks its schema.</summary>
    /// <param name="json">The text of a results.json.</param>
    /// <exception cref="InvalidDataException">Not JSON, not a results document, or another major schema version.</exception>
    public static ResultsDocument Deserialize(string json)
    {
        ResultsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ResultsDocument>(json, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a valid results document: {e.Message}", e);
        }
        if (document is null) throw new InvalidDataException("not a valid results document: empty");
        if (!string.Equals(document.Schema, ResultsDocument.CurrentSchema, StringComparison.Ordinal))
            throw new InvalidDataException($"results schema '{document.Schema}' is not supported (expected {ResultsDocument.CurrentSchema})");
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
}
