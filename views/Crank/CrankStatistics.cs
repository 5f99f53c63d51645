using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Views.Crank;

/// <summary>
/// A run as crank's job statistics block (dotnet/crank, docs/measurements.md, "Console"): the line
/// <c>#StartJobStatistics</c>, one JSON object with <c>Metadata</c> and <c>Measurements</c>, the line
/// <c>#EndJobStatistics</c>, which crank's agent reads from a job's console output. One metadata entry and one
/// measurement per transport × variant × catalog metric the run has, named <c>transports/LABEL/METRIC_ID</c>, valued in
/// the catalog's display unit (its headline: median over repeats, or max), described from the catalog. A pure function
/// of results.json.
/// </summary>
/// <remarks>
/// Crank reduces the same measurement over several jobs (several load machines) with <c>reduce</c>: rates and throughput
/// (higher is better) are summed, latencies, costs and losses (lower is better) keep the worst (max); within a job each
/// name has one value, so <c>aggregate</c> is <c>Max</c> (the value itself).
/// </remarks>
public static class CrankStatistics
{
    /// <summary>The first line of the block.</summary>
    public const string Start = "#StartJobStatistics";

    /// <summary>The last line of the block.</summary>
    public const string End = "#EndJobStatistics";

    /// <summary>Renders the block for <paramref name="document"/>, lines separated by '\n'.</summary>
    /// <param name="document">A run.</param>
    /// <returns>Three lines: start marker, JSON, end marker.</returns>
    public static string Render(ResultsDocument document)
    {
        var metadata = new JsonArray();
        var measurements = new JsonArray();
        var timestamp = (document.Run.FinishedUtc ?? document.Run.StartedUtc).ToUniversalTime().ToString("o", CultureInfo.InvariantCulture);
        foreach (var transport in document.Transports)
        {
            if (transport.Summary is not { } summary) continue;
            foreach (var metric in MetricCatalog.All)
            {
                if (summary.Get(metric) is not { } spread) continue;
                var name = $"transports/{Slug(transport.Label)}/{metric.Id}";
                metadata.Add(new JsonObject
                {
                    ["source"] = "transports",
                    ["name"] = name,
                    ["aggregate"] = "Max",
                    ["reduce"] = metric.Better == BetterDirection.Higher ? "Sum" : "Max",
                    ["format"] = CrankFormat(metric.Format),
                    ["longDescription"] = $"{transport.Label}: {metric.Description}",
                    ["shortDescription"] = $"{transport.Label} {metric.Title}",
                });
                measurements.Add(new JsonObject
                {
                    ["name"] = name,
                    ["timestamp"] = timestamp,
                    ["value"] = metric.Headline(spread) * metric.DisplayScale,
                });
            }
        }
        var body = new JsonObject { ["Metadata"] = metadata, ["Measurements"] = measurements };
        return $"{Start}\n{body.ToJsonString(new JsonSerializerOptions { WriteIndented = false })}\n{End}";
    }

    /// <summary>A label as one path segment: lowercase, spaces and slashes as '-'.</summary>
    private static string Slug(string label) => label.ToLowerInvariant().Replace(' ', '-').Replace('/', '-');

    /// <summary>The catalog's .NET custom format ("0.0") as crank expects it (a .NET format string too; "n2" when none).</summary>
    private static string CrankFormat(string format) => format.Length == 0 ? "n2" : format;
}
