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

    /// <summary>Holm-adjusted <see cref="PRegression"/> over the gate's family of tests (<see cref="HolmCorrection"/>); null before the correction.</summary>
    public double? PRegressionAdjusted { get; init; }

    /// <summary>Holm-adjusted <see cref="PImprovement"/> over the gate's family of tests; null before the correction.</summary>
    public double? PImprovementAdjusted { get; init; }

    /// <summary>How many comparisons the Holm correction covered (the gate's gated metrics × transports that were tested); 1 before it.</summary>
    public int Family { get; init; } = 1;

    /// <summary>What one sample is: "repeats per side" (Mann–Whitney of repeats) or "pairs of runs" (signed-rank of interleaved runs).</summary>
    public string SampleWord { get; init; } = "repeats per side";

    /// <summary>The change of the medians against the margin, as shown in <see cref="Reason"/>, e.g. "median +3.1 %, margin ±5 %".</summary>
    public string Change { get; init; } = "";

    /// <summary>
    /// Lower end of a ≥95 % interval of the relative change (current / baseline − 1, natural direction), for the gate's
    /// chart: of the median per-pair change for interleaved runs, else from the two medians' intervals; null when the
    /// baseline is 0.
    /// </summary>
    public double? ChangeLow { get; init; }

    /// <summary>The relative change the interval is around: the median per-pair change for interleaved runs, else <see cref="Ratio"/> − 1; null when the baseline is 0.</summary>
    public double? ChangeEstimate { get; init; }

    /// <summary>Upper end of the interval of <see cref="ChangeLow"/>.</summary>
    public double? ChangeHigh { get; init; }

    /// <summary>For an inconclusive verdict: repeats per side that would decide at the observed effect; null when unknown or not needed.</summary>
    public int? RepeatsNeeded { get; init; }

    /// <summary>One sentence on why, e.g. "too few repeats: 3 vs 3 cannot reach α = 0.05".</summary>
    public required string Reason { get; init; }
}
