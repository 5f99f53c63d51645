namespace Transports.Views.Gate;

/// <summary>
/// One metric of one transport result compared with its baseline (<see cref="RepeatComparer"/>). Values are in the
/// metric's stored unit; p-values are one-sided Mann–Whitney p-values against the baseline shifted by the margin.
/// </summary>
public sealed record MetricComparison
{
    /// <summary>The verdict.</summary>
    public required GateVerdict Verdict { get; init; }

    /// <summary>Median of the baseline repeats.</summary>
    public required double BaselineMedian { get; init; }

    /// <summary>Median of the current repeats.</summary>
    public required double CurrentMedian { get; init; }

    /// <summary>Baseline repeats compared.</summary>
    public required int BaselineCount { get; init; }

    /// <summary>Current repeats compared.</summary>
    public required int CurrentCount { get; init; }

    /// <summary>Current median over baseline median; null when the baseline median is 0.</summary>
    public double? Ratio => BaselineMedian == 0 ? null : CurrentMedian / BaselineMedian;

    /// <summary>The minimum practical effect in the metric's unit (<see cref="MinimumEffect.Margin"/>).</summary>
    public required double Margin { get; init; }

    /// <summary>The margin as a fraction of the baseline median; null when the baseline median is 0.</summary>
    public double? MarginRelative => BaselineMedian == 0 ? null : Margin / Math.Abs(BaselineMedian);

    /// <summary>P-value of "worse than the baseline by more than the margin" (regression); null when not tested.</summary>
    public double? PRegression { get; init; }

    /// <summary>P-value of "not worse than the baseline by the margin" (non-inferiority: pass); null when not tested.</summary>
    public double? PNotWorse { get; init; }

    /// <summary>P-value of "better than the baseline by more than the margin" (improvement); null when not tested.</summary>
    public double? PImprovement { get; init; }

    /// <summary>For an inconclusive verdict: repeats per side that would decide at the observed effect; null when unknown or not needed.</summary>
    public int? RepeatsNeeded { get; init; }

    /// <summary>One sentence on why, e.g. "too few repeats: 3 vs 3 cannot reach α = 0.05".</summary>
    public required string Reason { get; init; }
}
