using Transports.Results.Metrics;
using Transports.Views.Gate;
using Xunit;

namespace Transports.Tests.Gate;

/// <summary>
/// The interleaved gate's statistics on synthetic samples with known answers: the exact Wilcoxon signed-rank p-values
/// (hand-counted and brute-forced over every sign assignment), Holm's adjusted p-values, the paired comparison with its
/// per-pair margin (drift that hits both sides never fails it), and Holm across a gate's comparisons.
/// </summary>
public sealed class PairedStatisticsTests
{
    [Fact]
    public void Signed_rank_p_values_match_hand_counts()
    {
        Assert.Equal(1.0 / 32, SignedRankTest.PGreater([1, 2, 3, 4, 5]), 12);   // all 5 above 0: 1 of 2⁵ sign assignments
        Assert.Equal(1.0, SignedRankTest.PGreater([-1, -2, -3, -4, -5]), 12);
        // W⁺ = 1+2+3+4 = 10 of 15; P(W⁺ ≥ 10) = P(W⁺ ≤ 5) = 10 of the 32 subsets of {1..5}.
        Assert.Equal(10.0 / 32, SignedRankTest.PGreater([1, 2, 3, 4, -5]), 12);
        Assert.Equal(1.0 / 8, SignedRankTest.PGreater([1, 1, 1]), 12);          // ties: midranks 2, 2, 2
        Assert.Equal(1.0 / 4, SignedRankTest.PGreater([0, 1, 2]), 12);          // the zero is dropped
        Assert.Equal(1.0, SignedRankTest.PGreater([0, 0]), 12);
        Assert.Equal(1.0 / 1024, SignedRankTest.SmallestPValue(10), 12);
        Assert.Throws<ArgumentException>(() => SignedRankTest.PGreater([double.NaN]));
    }

    [Fact]
    public void Signed_rank_p_values_equal_a_brute_force_over_every_sign_assignment_with_ties()
    {
        var random = new Random(16);
        for (int trial = 0; trial < 40; trial++)
        {
            int n = random.Next(1, 12);
            // Values on a coarse grid so ties among |d| are common.
            var d = Enumerable.Range(0, n).Select(_ => (double)random.Next(-4, 6)).ToArray();
            Assert.Equal(BruteForce(d), SignedRankTest.PGreater(d), 10);
        }
    }

    [Fact]
    public void Holm_adjusts_step_down_and_keeps_order()
    {
        // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max so far 0.06.
        Assert.Equal([0.03, 0.06, 0.06, 0.02], HolmCorrection.Adjust([0.01, 0.04, 0.03, 0.005]).Select(p => Math.Round(p, 12)).ToArray());
        Assert.Equal([1.0, 1.0], HolmCorrection.Adjust([0.6, 0.7]));
        Assert.Throws<ArgumentException>(() => HolmCorrection.Adjust([1.5]));
    }

    [Fact]
    public void Nine_metrics_at_p_003_are_no_regression_after_holm_and_one_at_p_0001_is()
    {
        var nine = Enumerable.Range(0, 9).Select(i => Row($"m{i}", pRegression: 0.03)).ToList();
        Assert.All(nine, r => Assert.Equal(GateVerdict.Regression, r.Verdict)); // each alone is
        var corrected = HolmCorrection.Apply(nine, 0.05);
        Assert.All(corrected, r => Assert.Equal(GateVerdict.Inconclusive, r.Verdict));
        Assert.All(corrected, r => Assert.Contains("not after Holm's correction over 9 comparisons", r.Reason));
        Assert.All(corrected, r => Assert.Equal(0.27, r.Comparison!.PRegressionAdjusted!.Value, 12));

        var one = new List<GateRow> { Row("hit", pRegression: 0.001) };
        one.AddRange(Enumerable.Range(0, 8).Select(i => Row($"m{i}", pRegression: 0.5)));
        var decided = HolmCorrection.Apply(one, 0.05);
        Assert.Equal(GateVerdict.Regression, decided[0].Verdict);                 // 0.001 · 9 = 0.009 < 0.05
        Assert.Contains("Holm-adjusted over 9: 0.009", decided[0].Reason);
        Assert.All(decided.Skip(1), r => Assert.NotEqual(GateVerdict.Regression, r.Verdict));
        Assert.Equal(GateVerdict.Regression, new GateReport { Scenario = "pingpong", BaselineRunId = "a", CurrentRunId = "b", Alpha = 0.05, Rows = decided }.Verdict);
        Assert.Equal(1, new GateReport { Scenario = "pingpong", BaselineRunId = "a", CurrentRunId = "b", Alpha = 0.05, Rows = decided }.ExitCode);
        Assert.Equal(3, new GateReport { Scenario = "pingpong", BaselineRunId = "a", CurrentRunId = "b", Alpha = 0.05, Rows = corrected }.ExitCode);
    }

    [Fact]
    public void Pairs_worse_by_20_percent_are_a_regression_and_a_3_percent_change_is_not()
    {
        var effect = new MinimumEffect(0.05, 0);
        var baseline = Drifting(10);
        var worse = PairedComparer.Compare(baseline, baseline.Select(v => v * 0.8).ToArray(), BetterDirection.Higher, effect);
        Assert.Equal(GateVerdict.Regression, worse.Verdict);
        Assert.Equal(1.0 / 1024, worse.PRegression!.Value, 12); // every pair below its margin
        var slight = PairedComparer.Compare(baseline, baseline.Select(v => v * 0.97).ToArray(), BetterDirection.Higher, effect);
        Assert.Equal(GateVerdict.Pass, slight.Verdict); // within 5 %: not worse by the margin, shown at p = 1/1024
        var better = PairedComparer.Compare(baseline, baseline.Select(v => v * 1.2).ToArray(), BetterDirection.Higher, effect);
        Assert.Equal(GateVerdict.Improvement, better.Verdict);
        // Lower is better (RTT): 20 % more is worse.
        Assert.Equal(GateVerdict.Regression, PairedComparer.Compare(baseline, baseline.Select(v => v * 1.2).ToArray(), BetterDirection.Lower, new MinimumEffect(0.1, 0)).Verdict);
    }

    [Fact]
    public void Drift_that_hits_both_builds_of_a_pair_never_fails_the_gate_where_unpaired_repeats_would()
    {
        // The machine halves its speed halfway through; each pair sees the same machine (±1 %).
        var baseline = Enumerable.Range(0, 10).Select(i => i < 5 ? 20_000.0 : 10_000.0).ToArray();
        var current = baseline.Select((v, i) => v * (i % 2 == 0 ? 1.01 : 0.99)).ToArray();
        var paired = PairedComparer.Compare(baseline, current, BetterDirection.Higher, new MinimumEffect(0.05, 0));
        Assert.Equal(GateVerdict.Pass, paired.Verdict);
        // The same current values against a baseline that ran only before the slowdown: the unpaired test calls it.
        var before = Enumerable.Repeat(20_000.0, 10).Select((v, i) => v + i).ToArray();
        var after = Enumerable.Repeat(10_000.0, 10).Select((v, i) => v + i).ToArray();
        Assert.Equal(GateVerdict.Regression, RepeatComparer.Compare(before, after, BetterDirection.Higher, new MinimumEffect(0.05, 0)).Verdict);
    }

    [Fact]
    public void Too_few_pairs_are_inconclusive_with_the_pairs_that_could_decide()
    {
        var four = PairedComparer.Compare([1, 2, 3, 4], [0.5, 1, 1.5, 2], BetterDirection.Higher, new MinimumEffect(0.05, 0));
        Assert.Equal(GateVerdict.Inconclusive, four.Verdict);
        Assert.Contains("too few pairs: 4", four.Reason);
        Assert.Equal(5, four.RepeatsNeeded); // 2⁻⁵ = 0.031 < 0.05
        Assert.Null(four.PRegression);
        Assert.Equal(10, PairedComparer.PairsToReach(0.001)); // 2⁻⁹ = 0.00195, 2⁻¹⁰ = 0.00098
        Assert.Throws<ArgumentException>(() => PairedComparer.Compare([1, 2], [1], BetterDirection.Higher, new MinimumEffect(0.05, 0)));
    }

    private static double[] Drifting(int n) => Enumerable.Range(0, n).Select(i => 10_000.0 * (1 + 0.3 * Math.Sin(i))).ToArray();

    private static GateRow Row(string metric, double pRegression)
    {
        var c = new MetricComparison
        {
            Verdict = GateVerdict.Inconclusive, BaselineMedian = 1, CurrentMedian = 1.2, BaselineCount = 10, CurrentCount = 10, Margin = 0.05,
            Reason = "", PRegression = pRegression, PImprovement = 0.9, PNotWorse = 0.9, Change = "median +20.0 %, margin ±5 %",
        };
        var decided = GateDecision.Decide(c, 0.05);
        return new GateRow { Transport = "tcp", Label = "tcp", MetricId = metric, Verdict = decided.Verdict, Comparison = decided, Reason = decided.Reason };
    }

    private static double BruteForce(double[] d)
    {
        var nz = d.Where(v => v != 0).ToArray();
        if (nz.Length == 0) return 1;
        var abs = nz.Select(Math.Abs).ToArray();
        var ranks = abs.Select(a => abs.Count(b => b < a) + (abs.Count(b => b == a) + 1) / 2.0).ToArray();
        double observed = ranks.Where((_, i) => nz[i] > 0).Sum();
        int hits = 0, all = 1 << nz.Length;
        for (int mask = 0; mask < all; mask++)
        {
            double w = 0;
            for (int i = 0; i < nz.Length; i++) if ((mask >> i & 1) == 1) w += ranks[i];
            if (w >= observed - 1e-9) hits++;
        }
        return (double)hits / all;
    }
}
