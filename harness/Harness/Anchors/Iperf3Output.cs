using System.Text.Json;

namespace Transports.Harness.Anchors;

/// <summary>Reads the client report of <c>iperf3 -J</c> (iperf 3.x JSON output).</summary>
internal static class Iperf3Output
{
    /// <summary>
    /// The goodput the receiver saw, bits per second (<c>end.sum_received.bits_per_second</c>: payload received over the
    /// test, as iperf3 reports it), and the version string (<c>start.version</c>).
    /// </summary>
    /// <param name="json">iperf3's JSON document.</param>
    /// <exception cref="AnchorException">The document reports an error, or has no receiver summary.</exception>
    public static (double BitsPerSecond, string Version) Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new AnchorException($"iperf3 printed no JSON report ({e.Message})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
                throw new AnchorException($"iperf3: {error.GetString()}");
            string version = root.TryGetProperty("start", out var start) && start.TryGetProperty("version", out var v) ? v.GetString() ?? "" : "";
            if (root.TryGetProperty("end", out var end) && end.TryGetProperty("sum_received", out var received)
                && received.TryGetProperty("bits_per_second", out var bps) && bps.TryGetDouble(out var value) && value > 0)
                return (value, version);
            throw new AnchorException("iperf3's report has no end.sum_received.bits_per_second");
        }
    }

    /// <summary>
    /// Each stream's goodput as its receiver saw it, bits per second, in iperf3's stream order
    /// (<c>end.streams[i].receiver.bits_per_second</c>; with <c>-P N</c> there are N). iperf3 runs every stream for the
    /// whole test, so the streams share one interval and their rates are the input of a fairness index as they are.
    /// </summary>
    /// <param name="json">iperf3's JSON document.</param>
    /// <returns>Per-stream goodput; empty when the report lists no streams.</returns>
    /// <exception cref="AnchorException">Not JSON, or a stream without a receiver rate.</exception>
    public static IReadOnlyList<double> ParseStreams(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("end", out var end) || !end.TryGetProperty("streams", out var streams) || streams.ValueKind != JsonValueKind.Array)
                return [];
            var rates = new List<double>();
            foreach (var stream in streams.EnumerateArray())
            {
                if (stream.TryGetProperty("receiver", out var receiver) && receiver.TryGetProperty("bits_per_second", out var bps) && bps.TryGetDouble(out var value) && value >= 0)
                    rates.Add(value);
                else
                    throw new AnchorException($"iperf3's stream {rates.Count} has no receiver.bits_per_second");
            }
            return rates;
        }
        catch (JsonException e)
        {
            throw new AnchorException($"iperf3 printed no JSON report ({e.Message})");
        }
    }
}
