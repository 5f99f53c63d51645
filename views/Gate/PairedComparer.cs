using System.Globalization;
using Perfolizer.Mathematics.Distributions.ContinuousDistributions;
using Transports.Results.Metrics;
using Transports.Results.Statistics;

namespace Transports.Views.Gate;

/// <summary>
/// Compares one metric over interleaved pairs of runs (docs/CI.md, "Interleaved A/B"): baseline run i and current run
/// i ran next to each other, so the machine's drift hits both; each run is one sample (the median of its repeats),
/// never its repeats, which share the run's machine state. With each pair's margin δᵢ = <see cref="MinimumEffect.Margin"/>
/// of its baseline value and the metric's better direction, three one-sided Wilcoxon signed-rank tests
/// (<see cref="SignedRankTest"/>) on the paired differences decide through <see cref="GateDecision"/>: regression
/// when (current − baseline) − δᵢ lies above 0, improvement when (baseline − current) − δᵢ does, pass (not worse by
/// the margin) when δᵢ − (current − baseline) does. A per-pair margin is a relative one where it matters: a drift that
/// scales both runs of a pair scales the margin with them.
/// </summary>
public static class PairedComparer
{
    /// <summary>What one sample is, as the reasons say it.</summary>
    public const string SampleWord = "pairs of runs";

    /// <summary>Compares pairs (<paramref name="baseline"/>[i], <paramref name="current"/>[i]).</summary>
    /// <param name="baseline">Per-run values of the baseline build, in pair order (a pair with NaN on either side is dropped).</param>
    /// <param name="current">Per-run values of the current build, same length.</param>
    /// <param name="better">Which way is better (<see cref="BetterDirection.None"/> is refused).</param>
    /// <param name="effect">The minimum practical effect.</param>
    /// <param name="alpha">One-sided significance level per test, in (0, 0.5].</param>
    /// <exception cref="ArgumentException">Lengths differ, no pair left, no better direction, or α out of range.</exception>
    public static MetricComparison Compare(IReadOnlyList<double> baseline, IReadOnlyList<double> current, BetterDirection better,
        MinimumEffect effect, double alpha = RepeatComparer.DefaultAlpha)
    {
        if (better == BetterDirection.None) throw new ArgumentException("a metric without a better direction cannot be gated", nameof(better));
        if (!(alpha > 0 && alpha <= 0.5)) throw new ArgumentException($"alpha must be in (0, 0.5], got {alpha}", nameof(alpha));
        if (baseline.Count != current.Count) throw new ArgumentException($"{baseline.Count} baseline runs against {current.Count} current runs: pairs need both");
        var pairs = baseline.Zip(current).Where(p => !double.IsNaN(p.First) && !double.IsNaN(p.Second)).ToArray();
        if (pairs.Length == 0) throw new ArgumentException("no pair with both values");
        var a = pairs.Select(p => p.First).ToArray();
        var b = pairs.Select(p => p.Second).ToArray();
        double baselineMedian = SpreadCalculator.Of(a)!.Median;
        double currentMedian = SpreadCalculator.Of(b)!.Median;
        double margin = effect.Margin(baselineMedian);
        string change = RepeatComparer.ChangeText(baselineMedian, currentMedian, margin);
        // The interval of the median per-pair change, by order statistics (SpreadCalculator; min–max below 6 pairs).
        var ratios = pairs.Where(p => p.First != 0).Select(p => p.Second / p.First - 1).ToArray();
        var spread = SpreadCalculator.Of(ratios);
        var result = new MetricComparison
        {
            Verdict = GateVerdict.Inconclusive, BaselineMedian = baselineMedian, CurrentMedian = currentMedian,
            BaselineCount = a.Length, CurrentCount = b.Length, Margin = margin, Reason = "", SampleWord = SampleWord, Change = change,
            ChangeLow = spread?.Ci95Low, ChangeHigh = spread?.Ci95High, ChangeEstimate = spread?.Median,
        };
        if (a.Concat(b).Distinct().Count() == 1)
            return result with { Verdict = GateVerdict.Pass, Reason = "every run on both sides has the same value" };
        double sign = better == BetterDirection.Higher ? -1 : 1;
        // Worse-by-more-than-the-margin per pair, in cost orientation (larger is worse).
        var worse = pairs.Select(p => (p.Second - p.First) * sign - effect.Margin(p.First)).ToArray();
        var improved = pairs.Select(p => (p.First - p.Second) * sign - effect.Margin(p.First)).ToArray();
        int needed = PairsToReach(alpha);
        if (a.Length < needed)
            return result with
            {
                RepeatsNeeded = needed,
                Reason = Invariant($"too few pairs: {a.Length} cannot reach α = {alpha:0.###} ({change}); at least {needed} pairs would"),
            };
        return GateDecision.Decide(result with
        {
            PRegression = SignedRankTest.PGreater(worse),
            PImprovement = SignedRankTest.PGreater(improved),
            PNotWorse = SignedRankTest.PGreater(worse.Select(v => -v).ToArray()),
            RepeatsNeeded = PairsToDecide(worse, alpha),
        }, alpha);
    }

    /// <summary>The fewest pairs whose exact signed-rank test can go below <paramref name="alpha"/> at all (2⁻ⁿ &lt; α).</summary>
    /// <param name="alpha">Significance level in (0, 1).</param>
    public static int PairsToReach(double alpha)
    {
        int n = 1;
        while (SignedRankTest.SmallestPValue(n) >= alpha) n++;
        return n;
    }

    /// <summary>
    /// Pairs the signed-rank test needs at level α and 80 % power for the effect seen so far: Noether's
    /// N = (z₁₋α + z₁₋β)² / (3·(p′ − ½)²), p′ = P(D + D′ &gt; 0) estimated by the share of positive Walsh averages
    /// (G. E. Noether, "Sample size determination for some common nonparametric tests", JASA 82(398), 1987, pp. 645–647);
    /// null when p′ is ½ or the answer exceeds <see cref="RepeatsToDecide.Cap"/>.
    /// </summary>
    private static int? PairsToDecide(double[] d, double alpha)
    {
        double positive = 0;
        int count = 0;
        for (int i = 0; i < d.Length; i++)
            for (int j = i; j < d.Length; j++, count++)
                positive += d[i] + d[j] > 0 ? 1 : d[i] + d[j] == 0 ? 0.5 : 0;
        double distance = Math.Abs(positive / count - 0.5);
        if (distance < 1e-9) return null;
        double z = NormalDistribution.Standard.Quantile(1 - alpha) + NormalDistribution.Standard.Quantile(RepeatsToDecide.Power);
        int n = Math.Max((int)Math.Ceiling(z * z / (3 * distance * distance)), PairsToReach(alpha));
        return n > RepeatsToDecide.Cap ? null : n;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
