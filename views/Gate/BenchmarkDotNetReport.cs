using System.Text.Json;
using System.Text.Json.Nodes;
using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Views.Gate;

/// <summary>
/// Reads a BenchmarkDotNet full JSON report (<c>--exporters json</c>: <c>*-report-full.json</c> or
/// <c>*-report-full-compressed.json</c>) as a results document the gate compares like a run: one result per benchmark
/// case (<c>Type.Method</c>, labelled by its parameters), one repeat per measured iteration carrying its time per
/// operation in ns (<c>Statistics.OriginalValues</c>) and the case's bytes allocated per operation
/// (<c>Memory.BytesAllocatedPerOperation</c>), under <see cref="MetricCatalog.BenchmarkTimePerOperation"/> and
/// <see cref="MetricCatalog.BenchmarkAllocatedPerOperation"/>. The environment is BenchmarkDotNet's host info (processor,
/// OS, runtime, logical cores), so the gate's environment check applies. A case without measurements (BenchmarkDotNet's NA)
/// is a failed result.
/// </summary>
public static class BenchmarkDotNetReport
{
    /// <summary>True when <paramref name="path"/> is a JSON file whose top level has BenchmarkDotNet's "Benchmarks" and "HostEnvironmentInfo".</summary>
    /// <param name="path">A file.</param>
    public static bool Is(string path)
    {
        if (!File.Exists(path)) return false;
        try
        {
            using var stream = File.OpenRead(path);
            using var json = JsonDocument.Parse(stream);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("Benchmarks", out _) && json.RootElement.TryGetProperty("HostEnvironmentInfo", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads the report at <paramref name="path"/>.</summary>
    /// <param name="path">A BenchmarkDotNet full JSON report.</param>
    /// <exception cref="FormatException">Not valid JSON, or not a BenchmarkDotNet full report (the message names what is missing).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ResultsDocument Load(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not JSON ({e.Message})");
        }
        return Read(root, path, File.GetLastWriteTimeUtc(path));
    }

    /// <summary>Reads a parsed report (pure: for tests).</summary>
    /// <param name="root">The report's top-level object.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <param name="writtenUtc">When it was written (the run's start time).</param>
    /// <exception cref="FormatException">Not a BenchmarkDotNet full report.</exception>
    public static ResultsDocument Read(JsonNode? root, string source, DateTime writtenUtc)
    {
        if (root is not JsonObject report || report["Benchmarks"] is not JsonArray benchmarks)
            throw new FormatException($"{source}: not a BenchmarkDotNet full JSON report (no \"Benchmarks\" array; export with --exporters json)");
        var host = report["HostEnvironmentInfo"] as JsonObject
            ?? throw new FormatException($"{source}: not a BenchmarkDotNet full JSON report (no \"HostEnvironmentInfo\")");
        var results = new List<TransportResult>();
        foreach (var node in benchmarks)
        {
            if (node is not JsonObject b) throw new FormatException($"{source}: a benchmark entry is not an object");
            // a case is its type and method, labelled by its parameters; FullName (all three) when the type is not given
            string name = Text(b, "Type") is { Length: > 0 } type && Text(b, "Method") is { Length: > 0 } method ? $"{type}.{method}"
                : Text(b, "FullName") is { Length: > 0 } full ? full
                : throw new FormatException($"{source}: not a BenchmarkDotNet full JSON report (a benchmark without \"Type\" and \"Method\" or \"FullName\")");
            string label = Text(b, "Parameters") is { Length: > 0 } p ? p : "-";
            var times = (b["Statistics"] as JsonObject)?["OriginalValues"] as JsonArray;
            double? allocated = Number((b["Memory"] as JsonObject)?["BytesAllocatedPerOperation"]);
            var repeats = new List<Measurement>();
            foreach (var t in times ?? [])
            {
                if (Number(t) is not double ns) throw new FormatException($"{source}: {name} ({label}): a time that is not a number");
                var values = new Dictionary<string, double> { [MetricCatalog.BenchmarkTimePerOperation.Id] = ns };
                if (allocated is double bytesPerOp) values[MetricCatalog.BenchmarkAllocatedPerOperation.Id] = bytesPerOp;
                repeats.Add(new Measurement { Values = values });
            }
            results.Add(new TransportResult
            {
                Transport = name, Label = label, Repeats = repeats,
                Status = repeats.Count > 0 ? TransportStatus.Ok : TransportStatus.Failed,
                Error = repeats.Count > 0 ? null : "BenchmarkDotNet reported no measurements (NA)",
            });
        }
        return new ResultsDocument
        {
            Run = new RunInfo
            {
                Id = Text(report, "Title") ?? Path.GetFileNameWithoutExtension(source), Scenario = ScenarioKinds.BenchmarkDotNetScenario,
                StartedUtc = new DateTimeOffset(DateTime.SpecifyKind(writtenUtc, DateTimeKind.Utc)), Complete = true,
            },
            Environment = new EnvironmentInfo
            {
                CpuModel = Text(host, "ProcessorName") ?? "",
                Os = Text(host, "OsVersion") ?? "",
                DotnetVersion = Text(host, "RuntimeVersion") ?? "",
                LogicalCores = Number(host["LogicalCoreCount"]) is double cores ? (int)cores : 0,
                MachineName = "",
            },
            Transports = results,
        };
    }

    private static double? Number(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
        ? double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : null;

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
