using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Views.Charts;

/// <summary>
/// A catalog metric as a chart reads it: the axis title, the per-repeat values and the spread over repeats, all in
/// the metric's display unit (<see cref="MetricDefinition.DisplayUnit"/>).
/// </summary>
/// <param name="Metric">The catalog metric.</param>
internal sealed record ChartMetric(MetricDefinition Metric)
{
    /// <summary>Axis title with unit, e.g. "Goodput (Gbit/s)" (<see cref="MetricDefinition.Title"/>).</summary>
    public string Title => Metric.Title;

    /// <summary>The display unit for hover texts, e.g. "Gbit/s"; empty for plain counts.</summary>
    public string Unit => Metric.DisplayUnit;

    /// <summary>The finite per-repeat values of <paramref name="result"/>, in display units, in run order.</summary>
    public IReadOnlyList<double> RepeatValues(TransportResult result)
        => result.Repeats.Select(Metric.ValueIn)
            .Where(v => v is { } x && double.IsFinite(x))
            .Select(v => v!.Value * Metric.DisplayScale)
            .ToArray();

    /// <summary>The spread over repeats in display units: the summary's when present, else computed from the repeats; null when no data.</summary>
    public SpreadStats? Stats(TransportResult result)
    {
        var spread = result.Summary?.Get(Metric) is { } s && double.IsFinite(s.Median) ? s : Metric.Summarize(result.Repeats);
        return spread is null ? null : SpreadStats.FromSpread(spread, Metric.DisplayScale);
    }

    /// <summary>A value with its unit for hover texts, e.g. "1.916 Gbit/s".</summary>
    public string WithUnit(double value) => Unit.Length == 0 ? ChartStyle.Num(value) : $"{ChartStyle.Num(value)} {Unit}";
}
