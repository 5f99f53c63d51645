using System.Globalization;
using Transports.Results.Metrics;
using Transports.Results.Statistics;

namespace Transports.Views.Gate;

/// <summary>
/// Compares one metric's repeats in a current run with its baseline's repeats (docs/CI.md, "Method"). With the margin
/// δ = <see cref="MinimumEffect.Margin"/> of the baseline median and the metric's better direction, three one-sided
/// Mann–Whitney tests (<see cref="RankTest"/>) at level α against the baseline shifted by δ decide, in this order:
/// regression (current worse than baseline + δ), improvement (current better than baseline − δ), pass (current
/// better than baseline + δ: the non-inferiority test of Wellek, "Testing Statistical Hypotheses of Equivalence and
/// Noninferiority", 2nd ed., 2010, §2.5, with a rank test), else inconclusive, with the repeats per side that would
/// decide (<see cref="RepeatsToDecide"/>). A change smaller than δ never fails the gate however significant, and a
/// noisy change is never called either way.
/// </summary>
public static class RepeatComparer
{
    /// <summary>The default one-sided significance level per comparison.</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>Compares <paramref name="current"/> with <paramref name="baseline"/>.</summary>
    /// <param name="baseline">Baseline repeats (non-empty; NaN ignored).</param>
    /// <param name="current">Current repeats (non-empty; NaN ignored).</param>
    /// <param name="better">Which way is better (<see cref="BetterDirection.None"/> is refused).</param>
    /// <param name="effect">The minimum practical effect.</param>
    /// <param name="alpha">One-sided significance level per test, in (0, 0.5].</param>
    /// <exception cref="ArgumentException">An empty side, no better direction, or α out of range.</exception>
    public static MetricComparison Compare(IReadOnlyList<double> baseline, IReadOnlyList<double> current, BetterDirection better,
        MinimumEffect effect, double alpha = DefaultAlpha)
    {
        if (better == BetterDirection.None) throw new ArgumentException("a metric without a better direction cannot be gated", nameof(better));
        if (!(alpha > 0 && alpha <= 0.5)) throw new ArgumentException($"alpha must be in (0, 0.5], got {alpha}", nameof(alpha));
        var b = baseline.Where(v => !double.IsNaN(v)).ToArray();
        var c = current.Where(v => !double.IsNaN(v)).ToArray();
        if (b.Length == 0 || c.Length == 0) throw new ArgumentException("both sides need at least one repeat");
        double baselineMedian = SpreadCalculator.Of(b)!.Median;
        double currentMedian = SpreadCalculator.Of(c)!.Median;
        double margin = effect.Margin(baselineMedian);
        var bSpread = SpreadCalculator.Of(b)!;
        var cSpread = SpreadCalculator.Of(c)!;
        // Conservative interval of the ratio of medians from the two medians' intervals (both positive only).
        bool positive = bSpread.Ci95Low > 0 && cSpread.Ci95Low > 0;
        var result = new MetricComparison
        {
            Verdict = GateVerdict.Inconclusive, BaselineMedian = baselineMedian, CurrentMedian = currentMedian,
            BaselineCount = b.Length, CurrentCount = c.Length, Margin = margin, Reason = "",
            ChangeLow = positive ? cSpread.Ci95Low / bSpread.Ci95High - 1 : null,
            ChangeHigh = positive ? cSpread.Ci95High / bSpread.Ci95Low - 1 : null,
            ChangeEstimate = baselineMedian == 0 ? null : currentMedian / baselineMedian - 1,
        };
        if (b.Concat(c).Distinct().Count() == 1)
            return result with { Verdict = GateVerdict.Pass, Reason = "every repeat on both sides has the same value" };
        // Each side one value (a deterministic figure such as bytes allocated per operation): no noise to test against,
        // the difference is the answer, held to the margin like any other.
        if (b.Distinct().Count() == 1 && c.Distinct().Count() == 1)
        {
            double worse = better == BetterDirection.Higher ? baselineMedian - currentMedian : currentMedian - baselineMedian;
            string fixedChange = ChangeText(baselineMedian, currentMedian, margin);
            return worse > margin ? result with { Verdict = GateVerdict.Regression, Reason = Invariant($"worse by more than the margin, every repeat alike on each side ({fixedChange})") }
                : -worse > margin ? result with { Verdict = GateVerdict.Improvement, Reason = Invariant($"better by more than the margin, every repeat alike on each side ({fixedChange})") }
                : result with { Verdict = GateVerdict.Pass, Reason = Invariant($"within the margin, every repeat alike on each side ({fixedChange})") };
        }
        // Cost orientation: smaller is better on both sides, so one set of tests serves either direction.
        double sign = better == BetterDirection.Higher ? -1 : 1;
        var bCost = b.Select(v => v * sign).ToArray();
        var cCost = c.Select(v => v * sign).ToArray();
        var worseEdge = bCost.Select(v => v + margin).ToArray();
        var betterEdge = bCost.Select(v => v - margin).ToArray();
        string change = ChangeText(baselineMedian, currentMedian, margin);
        // Where the current repeats sit against the regression edge: 1 all above it, 0 all below, ½ straddling it.
        double aboveEdge = RankTest.ProbabilityGreater(cCost, worseEdge);
        if (RankTest.SmallestPValue(b.Length, c.Length) >= alpha)
        {
            int? needed = RepeatsToDecide.PerSide(aboveEdge, alpha);
            return result with
            {
                RepeatsNeeded = needed,
                Reason = needed is { } few
                    ? Invariant($"too few repeats: {b.Length} vs {c.Length} cannot reach α = {alpha:0.###} ({change}); about {few} per side would decide")
                    : Invariant($"too few repeats: {b.Length} vs {c.Length} cannot reach α = {alpha:0.###} ({change})"),
            };
        }
        return GateDecision.Decide(result with
        {
            PRegression = RankTest.PGreater(cCost, worseEdge),
            PImprovement = RankTest.PGreater(betterEdge, cCost),
            PNotWorse = RankTest.PGreater(worseEdge, cCost),
            Change = change,
            RepeatsNeeded = RepeatsToDecide.PerSide(aboveEdge, alpha),
        }, alpha);
    }

    /// <summary>"median +3.1 %, margin ±5 %" (or absolute values when the baseline median is 0).</summary>
    internal static string ChangeText(double baselineMedian, double currentMedian, double margin)
        => baselineMedian == 0
            ? Invariant($"median {baselineMedian:G4} → {currentMedian:G4}, margin ±{margin:G3}")
            : Invariant($"median {(currentMedian / baselineMedian - 1) * 100:+0.0;-0.0;0.0} %, margin ±{margin / Math.Abs(baselineMedian) * 100:0.#} %");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
