using System.Globalization;
using Transports.Results.Metrics;

namespace Transports.Views;

/// <summary>
/// The one number formatter of every view (console, Markdown, HTML, CSV, anchors): invariant culture, "–" for a
/// missing value, a metric's value in its display unit and format (<see cref="MetricDefinition"/>).
/// </summary>
public static class NumberFormat
{
    /// <summary>Shown where a number does not apply or is missing.</summary>
    public const string None = "–";

    /// <summary>About three significant digits; thousands separated from 1000 up; <see cref="None"/> for NaN or infinity.</summary>
    /// <param name="value">The number.</param>
    public static string Significant(double value) => Math.Abs(value) switch
    {
        double.NaN or double.PositiveInfinity => None,
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("F2", CultureInfo.InvariantCulture),
        0 => "0",
        _ => value.ToString("G3", CultureInfo.InvariantCulture),
    };

    /// <summary>Formats <paramref name="value"/> with a .NET numeric format, or <see cref="Significant"/> when <paramref name="format"/> is empty; <see cref="None"/> when null or NaN.</summary>
    /// <param name="value">The number.</param>
    /// <param name="format">.NET numeric format, e.g. "0.00"; empty for about three significant digits.</param>
    public static string Format(double? value, string format = "")
        => value is not double v || double.IsNaN(v) ? None
            : format.Length == 0 ? Significant(v) : v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A value of <paramref name="metric"/> given in its stored unit, shown in its display unit and format.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="value">The value in <see cref="MetricDefinition.Unit"/>, or null.</param>
    public static string Metric(MetricDefinition metric, double? value) => Format(value * metric.DisplayScale, metric.Format);

    /// <summary>
    /// "median (min–max)" of a metric over repeats in its display unit, or the median alone when the repeats agree
    /// or there is one; <see cref="None"/> when absent. The dash is wrapped in U+2060 WORD JOINERs, so a narrow
    /// cell wraps before the bracket, never inside the range.
    /// </summary>
    /// <param name="metric">The metric.</param>
    /// <param name="spread">Its spread over repeats (stored unit), or null.</param>
    public static string Range(MetricDefinition metric, Results.Spread? spread)
    {
        if (spread is null) return None;
        string headline = Metric(metric, metric.Headline(spread));
        return spread.Count > 1 && spread.Min != spread.Max
            ? $"{headline} ({Metric(metric, spread.Min)}\u2060–\u2060{Metric(metric, spread.Max)})"
            : headline;
    }

    /// <summary>A raw CSV-friendly number (invariant, round-trippable), or empty when null or NaN.</summary>
    /// <param name="value">The number.</param>
    public static string Raw(double? value) => value is double v && !double.IsNaN(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>Bytes in binary units, e.g. "24 GiB", "512 MiB".</summary>
    /// <param name="bytes">Byte count.</param>
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1) { value /= 1024; unit++; }
        return $"{Significant(value)} {units[unit]}";
    }
}
