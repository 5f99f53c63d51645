using Transports.Results.Metrics;

namespace Transports.Views.Gate;

/// <summary>
/// The smallest change a gate treats as real for one metric: a fraction of the baseline's median, with a floor in the
/// metric's unit. The margin is the larger of the two, so a metric near zero (loss, jitter) is not gated on noise.
/// </summary>
/// <param name="Relative">Fraction of the baseline median, e.g. 0.05 for 5 %; ≥ 0.</param>
/// <param name="Absolute">Floor in the metric's stored unit; ≥ 0.</param>
public sealed record MinimumEffect(double Relative, double Absolute)
{
    /// <summary>The catalog's default for <paramref name="metric"/> (<see cref="MetricDefinition.GateMinimumEffect"/>, <see cref="MetricDefinition.GateMinimumAbsolute"/>).</summary>
    /// <param name="metric">A catalog metric.</param>
    public static MinimumEffect Of(MetricDefinition metric) => new(metric.GateMinimumEffect, metric.GateMinimumAbsolute);

    /// <summary>The margin in the metric's unit around <paramref name="baselineMedian"/>: max(Relative·|median|, Absolute).</summary>
    /// <param name="baselineMedian">The baseline's median, in the metric's unit.</param>
    public double Margin(double baselineMedian) => Math.Max(Relative * Math.Abs(baselineMedian), Absolute);
}
