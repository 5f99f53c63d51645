using System.Globalization;
using System.Text.RegularExpressions;
using Transports.Results;

namespace Transports.Harness.Anchors;

/// <summary>
/// Reads the statistics of <c>sockperf ping-pong --full-rtt</c> (sockperf 3.x): round-trip percentiles, min, max,
/// average and the observation count, all in µs, printed as text lines such as
/// <c>sockperf: ---> percentile 99.000 =  926.589</c>. With <c>--full-rtt</c> the numbers are round-trip times;
/// without it sockperf prints half of them.
/// </summary>
internal static partial class SockperfOutput
{
    [GeneratedRegex(@"percentile\s+(?<p>[0-9.]+)\s*=\s*(?<v>[0-9.]+)")]
    private static partial Regex Percentile();

    [GeneratedRegex(@"<(?<k>MAX|MIN)>\s+observation\s*=\s*(?<v>[0-9.]+)")]
    private static partial Regex Extreme();

    [GeneratedRegex(@"avg-(?:rtt|lat)\s*=\s*(?<v>[0-9.]+)")]
    private static partial Regex Average();

    [GeneratedRegex(@"Total\s+(?<n>[0-9]+)\s+observations")]
    private static partial Regex Observations();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    /// <summary>The RTT distribution, in milliseconds, as a <see cref="Latency"/> of kind "rtt".</summary>
    /// <param name="text">sockperf's standard output.</param>
    /// <exception cref="AnchorException">No statistics in the output (the last line of it is quoted).</exception>
    public static Latency Parse(string text)
    {
        text = AnsiEscape().Replace(text, "");
        var points = Percentile().Matches(text)
            .Select(m => new PercentilePoint(Number(m, "p"), Number(m, "v") / 1000))
            .OrderBy(p => p.Percentile)
            .ToList();
        if (points.Count == 0)
        {
            var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
            throw new AnchorException($"sockperf printed no statistics: {last}");
        }
        double At(double percentile) => points.FirstOrDefault(p => Math.Abs(p.Percentile - percentile) < 1e-6)?.ValueMs
            ?? throw new AnchorException($"sockperf printed no percentile {percentile}");
        var extremes = Extreme().Matches(text).ToDictionary(m => m.Groups["k"].Value, m => Number(m, "v") / 1000);
        var average = Average().Match(text);
        var count = Observations().Match(text);
        return new Latency
        {
            Kind = "rtt",
            Count = count.Success ? long.Parse(count.Groups["n"].Value, CultureInfo.InvariantCulture) : 0,
            MinMs = extremes.GetValueOrDefault("MIN"),
            MeanMs = average.Success ? Number(average, "v") / 1000 : 0,
            P50Ms = At(50),
            P90Ms = At(90),
            P99Ms = At(99),
            P999Ms = At(99.9),
            P9999Ms = At(99.99),
            MaxMs = extremes.GetValueOrDefault("MAX"),
            Distribution = points,
        };
    }

    private static double Number(Match m, string group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
}
