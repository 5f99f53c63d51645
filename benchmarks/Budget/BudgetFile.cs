using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transports.Budget;

/// <summary>
/// Reads the budget (benchmarks/Transports.Benchmarks/budget.json): <c>{ "benchmarks": [ { "benchmark": "Class.Method",
/// "unit": "ns/message" | "us/MiB", "ceiling": n, "allocatedBytes": n, "reference": n, "referenceWhat": "…" }, … ] }</c>.
/// Unknown properties, missing or out-of-range values and duplicate names are errors, so a typo cannot silently
/// loosen a ceiling.
/// </summary>
public static class BudgetFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads and validates the budget file at <paramref name="path"/>.</summary>
    /// <param name="path">The budget file.</param>
    /// <exception cref="BudgetFileException">The file is missing, unreadable or invalid (one-line message).</exception>
    public static IReadOnlyList<BudgetEntry> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BudgetFileException($"budget file {path}: cannot read it ({(e is FileNotFoundException or DirectoryNotFoundException ? "not found" : e.Message)})");
        }
        return Parse(text, path);
    }

    /// <summary>Parses and validates budget JSON.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <exception cref="BudgetFileException">Invalid JSON or an invalid entry (one-line message).</exception>
    public static IReadOnlyList<BudgetEntry> Parse(string json, string source)
    {
        FileDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<FileDto>(json, Options);
        }
        catch (JsonException e)
        {
            throw new BudgetFileException($"budget file {source}: invalid JSON: {e.Message.ReplaceLineEndings(" ")}");
        }
        if (dto?.Benchmarks is not { Count: > 0 } items)
            throw new BudgetFileException($"budget file {source}: no \"benchmarks\" array with at least one entry");
        var entries = new List<BudgetEntry>(items.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < items.Count; i++)
        {
            var e = items[i];
            string where = $"budget file {source}: benchmarks[{i}]";
            if (e is null) throw new BudgetFileException($"{where} is null");
            if (string.IsNullOrWhiteSpace(e.Benchmark)) throw new BudgetFileException($"{where}: \"benchmark\" (Class.Method) is missing");
            where += $" ({e.Benchmark})";
            if (!seen.Add(e.Benchmark)) throw new BudgetFileException($"{where}: listed twice");
            if (!BudgetUnits.TryParse(e.Unit, out var unit)) throw new BudgetFileException($"{where}: \"unit\" must be \"ns/message\" or \"us/MiB\", not {Quote(e.Unit)}");
            if (e.Ceiling is not (> 0 and < double.PositiveInfinity)) throw new BudgetFileException($"{where}: \"ceiling\" must be a positive number");
            if (e.AllocatedBytes is not >= 0) throw new BudgetFileException($"{where}: \"allocatedBytes\" must be 0 or more");
            if (e.Reference is not (> 0 and < double.PositiveInfinity)) throw new BudgetFileException($"{where}: \"reference\" must be a positive number");
            if (string.IsNullOrWhiteSpace(e.ReferenceWhat)) throw new BudgetFileException($"{where}: \"referenceWhat\" (what the reference is) is missing");
            entries.Add(new BudgetEntry(e.Benchmark, unit, e.Ceiling.Value, e.AllocatedBytes.Value, e.Reference.Value, e.ReferenceWhat));
        }
        return entries;
    }

    private static string Quote(string? s) => s is null ? "nothing" : $"\"{s}\"";

    private sealed class FileDto
    {
        [JsonPropertyName("$comment")]
        public string? Comment { get; set; }

        public List<EntryDto?>? Benchmarks { get; set; }
    }

    private sealed class EntryDto
    {
        public string? Benchmark { get; set; }
        public string? Unit { get; set; }
        public double? Ceiling { get; set; }
        public long? AllocatedBytes { get; set; }
        public double? Reference { get; set; }
        public string? ReferenceWhat { get; set; }
        [JsonPropertyName("$comment")]
        public string? Comment { get; set; }
    }
}
