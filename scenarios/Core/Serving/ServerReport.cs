using System.Text.Json;
using Transports.Results;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Core.Serving;

/// <summary>
/// What the server role of one run reports back to the client role: the scenario's own findings as JSON (each scenario
/// defines and reads its record; JSON because in two-host mode it crosses the control channel), plus, when the role
/// ran in another process, that process's cost during the run.
/// </summary>
/// <param name="Data">The scenario's report (a JSON object; <see cref="JsonValueKind.Undefined"/> when it has nothing to say).</param>
/// <param name="Cost">The serving process's CPU and memory during the run; null in one process (the client's cost covers both sides).</param>
public sealed record ServerReport(JsonElement Data, Cost? Cost = null)
{
    /// <summary>Options of the report's JSON: camelCase, as results.json.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>A report of <paramref name="value"/>, serialized.</summary>
    /// <typeparam name="T">The scenario's report record.</typeparam>
    /// <param name="value">The findings.</param>
    public static ServerReport Of<T>(T value) => new(JsonSerializer.SerializeToElement(value, JsonOptions));

    /// <summary>A report without findings (e.g. an echo server).</summary>
    public static ServerReport Empty { get; } = new(default(JsonElement));

    /// <summary>Reads the findings as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The scenario's report record.</typeparam>
    /// <exception cref="IntegrityException">The report is missing or malformed (a peer that does not speak this scenario).</exception>
    public T Read<T>()
    {
        try
        {
            return Data.ValueKind == JsonValueKind.Object && Data.Deserialize<T>(JsonOptions) is { } value
                ? value
                : throw new IntegrityException($"the server's report is missing (expected {typeof(T).Name})");
        }
        catch (JsonException e)
        {
            throw new IntegrityException($"the server's report is malformed: {e.Message}");
        }
    }
}
