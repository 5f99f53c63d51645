using Transports.Results.Metrics;
using Transports.Views.Gate;
using Xunit;

namespace Transports.Tests.Gate;

/// <summary>
/// The gate's statistics on synthetic repeats with known answers: equal samples pass, a 20 % shift is a regression (or
/// an improvement the other way) whatever the shape (narrow, heavy-tailed, bimodal), too few or too noisy repeats are
/// inconclusive with the repeats that would decide, and the rank test's exact p-values match the tables.
/// </summary>
public sealed class RepeatComparerTests
{
    private static readonly MinimumEffect FivePercent = new(0.05, 0);
    private static readonly MinimumEffect TenPercent = new(0.10, 0);

    /// <summary>n values around <paramref name="center"/> with relative noise ±<paramref name="noise"/>, seeded.</summary>
    private static double[] Around(double center, double noise, int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => center * (1 + noise * (2 * random.NextDouble() - 1))).ToArray();
    }

    /// <summary>Heavy-tailed: mostly ±2 % around the center, every fourth value a Pareto-like outlier 1.5-10× the center.</summary>
    private static double[] HeavyTailed(double center, int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i => i % 4 == 3
            ? center * (1.5 + 8.5 * Math.Pow(random.NextDouble(), 3))
            : center * (1 + 0.02 * (2 * random.NextDouble() - 1))).ToArray();
    }

    /// <summary>Bimodal: alternating repeats near the center and near 1.5× the center (e.g. two CPU placements).</summary>
    private static double[] Bimodal(double center, int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(i => center * (i % 2 == 0 ? 1 : 1.5) * (1 + 0.01 * (2 * random.NextDouble() - 1))).ToArray();
    }

    private static double[] Times(double[] values, double factor) => values.Select(v => v * factor).ToArray();

    [Fact]
    public void Rank_test_p_values_match_the_exact_tables()
    {
        // Complete separation of 5 and 5: one arrangement of C(10,5) = 252 (Mann and Whitney 1947, Table I).
        double[] low = [10, 11, 12, 13, 14], high = [20, 21, 22, 23, 24];
        Assert.Equal(1.0 / 252, RankTest.PGreater(high, low), 6);
        Assert.Equal(1.0, RankTest.PGreater(low, high), 6);
        Assert.Equal(1.0 / 252, RankTest.SmallestPValue(5, 5), 12);
        Assert.Equal(1.0 / 20, RankTest.SmallestPValue(3, 3), 12);
        Assert.Equal(1.0, RankTest.ProbabilityGreater(high, low));
        Assert.Equal(0.5, RankTest.ProbabilityGreater(low, low));
        // U = 1 of 25 pairs in the "wrong" order: P(U ≤ 1) = 2/252.
        double[] almost = [13.5, 21, 22, 23, 24];
        Assert.Equal(2.0 / 252, RankTest.PGreater(almost, low), 6);
    }

    [Fact]
    public void Repeats_to_decide_follow_noethers_formula()
    {
        // Complete separation, α = 0.05, power 0.8: N = (1.6449 + 0.8416)² / (3·0.25) = 8.24 in total, 5 per side.
        Assert.Equal(5, RepeatsToDecide.PerSide(1.0, 0.05));
        Assert.Equal(5, RepeatsToDecide.PerSide(0.0, 0.05));
        // P = 0.75: N = 6.183 / (3·0.0625) = 32.98, 17 per side.
        Assert.Equal(17, RepeatsToDecide.PerSide(0.75, 0.05));
        Assert.Null(RepeatsToDecide.PerSide(0.5, 0.05));
        Assert.Null(RepeatsToDecide.PerSide(0.501, 0.05)); // beyond the cap
    }

    [Theory]
    [InlineData(BetterDirection.Higher)]
    [InlineData(BetterDirection.Lower)]
    public void Equal_samples_pass(BetterDirection better)
    {
        var baseline = Around(1000, 0.01, 10, seed: 1);
        var current = Around(1000, 0.01, 10, seed: 2);
        var result = RepeatComparer.Compare(baseline, current, better, FivePercent);
        Assert.Equal(GateVerdict.Pass, result.Verdict);
        Assert.True(result.PNotWorse < 0.05, $"p = {result.PNotWorse}");
        Assert.True(result.PRegression > 0.5, $"p = {result.PRegression}");
        Assert.Null(result.RepeatsNeeded);
    }

    [Fact]
    public void A_20_percent_slower_latency_is_a_regression_and_20_percent_faster_an_improvement()
    {
        var baseline = Around(50, 0.02, 8, seed: 3);
        var slower = Times(Around(50, 0.02, 8, seed: 4), 1.2);
        var faster = Times(Around(50, 0.02, 8, seed: 4), 0.8);
        var regression = RepeatComparer.Compare(baseline, slower, BetterDirection.Lower, TenPercent);
        Assert.Equal(GateVerdict.Regression, regression.Verdict);
        Assert.InRange(regression.Ratio!.Value, 1.15, 1.25);
        Assert.Equal(GateVerdict.Improvement, RepeatComparer.Compare(baseline, faster, BetterDirection.Lower, TenPercent).Verdict);
    }

    [Fact]
    public void A_20_percent_lower_goodput_is_a_regression_because_higher_is_better()
    {
        var baseline = Around(9e9, 0.02, 6, seed: 5);
        var lower = Times(Around(9e9, 0.02, 6, seed: 6), 0.8);
        Assert.Equal(GateVerdict.Regression, RepeatComparer.Compare(baseline, lower, BetterDirection.Higher, FivePercent).Verdict);
        // The same numbers read as a cost (lower is better) are an improvement: the direction decides.
        Assert.Equal(GateVerdict.Improvement, RepeatComparer.Compare(baseline, lower, BetterDirection.Lower, FivePercent).Verdict);
    }

    [Fact]
    public void A_change_smaller_than_the_margin_passes_however_significant()
    {
        // 3 % slower with 0.1 % noise: significant, but below the 10 % minimum effect.
        var baseline = Around(50, 0.001, 10, seed: 7);
        var current = Times(Around(50, 0.001, 10, seed: 8), 1.03);
        Assert.Equal(GateVerdict.Pass, RepeatComparer.Compare(baseline, current, BetterDirection.Lower, TenPercent).Verdict);
    }

    [Fact]
    public void Heavy_tails_neither_hide_a_shift_nor_invent_one()
    {
        var baseline = HeavyTailed(100, 12, seed: 9);
        var same = HeavyTailed(100, 12, seed: 10);
        var shifted = Times(HeavyTailed(100, 12, seed: 10), 1.2);
        Assert.Equal(GateVerdict.Regression, RepeatComparer.Compare(baseline, shifted, BetterDirection.Lower, TenPercent).Verdict);
        Assert.NotEqual(GateVerdict.Regression, RepeatComparer.Compare(baseline, same, BetterDirection.Lower, TenPercent).Verdict);
        // A mean-based comparison would swing with the outliers; the rank test sees the bulk: same data, no regression.
        Assert.NotEqual(GateVerdict.Regression, RepeatComparer.Compare(same, baseline, BetterDirection.Lower, TenPercent).Verdict);
    }

    [Fact]
    public void Bimodal_repeats_are_compared_by_rank_not_by_mode()
    {
        var baseline = Bimodal(100, 12, seed: 11);
        var same = Bimodal(100, 12, seed: 12);
        var shifted = Times(Bimodal(100, 12, seed: 12), 1.2);
        Assert.Equal(GateVerdict.Pass, RepeatComparer.Compare(baseline, same, BetterDirection.Lower, TenPercent).Verdict);
        Assert.Equal(GateVerdict.Regression, RepeatComparer.Compare(baseline, shifted, BetterDirection.Lower, TenPercent).Verdict);
    }

    [Fact]
    public void Too_few_repeats_are_inconclusive_and_say_how_many_would_decide()
    {
        // 3 vs 3 cannot reach α = 0.05 (the smallest exact p is 1/20), even for a 50 % regression.
        var result = RepeatComparer.Compare([50, 51, 52], [75, 76, 77], BetterDirection.Lower, TenPercent);
        Assert.Equal(GateVerdict.Inconclusive, result.Verdict);
        Assert.Equal(5, result.RepeatsNeeded);
        Assert.Contains("too few repeats: 3 vs 3", result.Reason);
        Assert.Null(result.PRegression);
    }

    [Fact]
    public void Noisy_repeats_are_inconclusive_with_more_repeats_needed_than_taken()
    {
        // ±40 % noise, 5 repeats, a 10 % shift against a 5 % margin: the data cannot tell.
        var baseline = Around(1000, 0.4, 5, seed: 13);
        var current = Times(Around(1000, 0.4, 5, seed: 14), 0.9);
        var result = RepeatComparer.Compare(baseline, current, BetterDirection.Higher, FivePercent);
        Assert.Equal(GateVerdict.Inconclusive, result.Verdict);
        Assert.True(result.RepeatsNeeded is null or > 5, $"{result.RepeatsNeeded}");
        Assert.Contains("too noisy to tell", result.Reason);
    }

    [Fact]
    public void An_absolute_floor_keeps_near_zero_metrics_from_failing_on_noise()
    {
        var loss = new MinimumEffect(0.10, 0.1); // loss_percent's default: 10 % or 0.1 percentage points
        double[] none = [0, 0, 0, 0, 0];
        Assert.Equal(GateVerdict.Pass, RepeatComparer.Compare(none, none, BetterDirection.Lower, loss).Verdict);
        Assert.Equal(GateVerdict.Pass, RepeatComparer.Compare(none, [0.01, 0, 0.02, 0, 0.01], BetterDirection.Lower, loss).Verdict);
        Assert.Equal(GateVerdict.Regression, RepeatComparer.Compare(none, [1.0, 1.2, 0.9, 1.1, 1.0], BetterDirection.Lower, loss).Verdict);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RepeatComparer.Compare([], [1.0], BetterDirection.Lower, TenPercent));
        Assert.Throws<ArgumentException>(() => RepeatComparer.Compare([1.0], [1.0], BetterDirection.None, TenPercent));
        Assert.Throws<ArgumentException>(() => RepeatComparer.Compare([1.0], [1.0], BetterDirection.Lower, TenPercent, alpha: 0));
    }

    [Fact]
    public void The_overall_verdict_is_the_worst_and_maps_to_the_exit_codes()
    {
        Assert.Equal(GateVerdict.Regression, GateVerdicts.Worst([GateVerdict.Pass, GateVerdict.Regression, GateVerdict.Inconclusive]));
        Assert.Equal(GateVerdict.Inconclusive, GateVerdicts.Worst([GateVerdict.Improvement, GateVerdict.Inconclusive]));
        Assert.Equal(GateVerdict.Pass, GateVerdicts.Worst([GateVerdict.Improvement, GateVerdict.Pass]));
        Assert.Equal(GateVerdict.Inconclusive, GateVerdicts.Worst([]));
        Assert.Equal(0, GateVerdicts.ExitCode(GateVerdict.Improvement));
        Assert.Equal(0, GateVerdicts.ExitCode(GateVerdict.Pass));
        Assert.Equal(1, GateVerdicts.ExitCode(GateVerdict.Regression));
        Assert.Equal(3, GateVerdicts.ExitCode(GateVerdict.Inconclusive));
    }
}
