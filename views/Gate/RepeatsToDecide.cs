using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace Transports.Views.Gate;

/// <summary>
/// How many repeats per side a Mann–Whitney comparison needs to decide, from the effect observed so far: Noether's
/// sample size for the Wilcoxon–Mann–Whitney test (G. E. Noether, "Sample size determination for some common
/// nonparametric tests", J. Amer. Statist. Assoc. 82(398), 1987, pp. 645–647):
/// N = (z₁₋α + z₁₋β)² / (12·c·(1−c)·(p − ½)²) in total, with c = ½ for equal sides, p = P(X &gt; Y) estimated by
/// <see cref="RankTest.ProbabilityGreater"/> and power 1−β = 0.8; never fewer than the exact test needs to reach α
/// at all (<see cref="RankTest.SmallestPValue"/>).
/// </summary>
public static class RepeatsToDecide
{
    /// <summary>The power the estimate aims for.</summary>
    public const double Power = 0.8;

    /// <summary>Estimates above this are reported as "more than" it: the observed effect is too close to the margin to decide.</summary>
    public const int Cap = 1000;

    /// <summary>
    /// Repeats per side for a one-sided test at level <paramref name="alpha"/> to detect a difference whose
    /// <c>P(X &gt; Y)</c> is <paramref name="probabilityGreater"/>; null when it is ½ or beyond <see cref="Cap"/>.
    /// </summary>
    /// <param name="probabilityGreater">Estimated P(X &gt; Y) + ½·P(X = Y), in [0, 1].</param>
    /// <param name="alpha">One-sided significance level, in (0, 1).</param>
    public static int? PerSide(double probabilityGreater, double alpha)
    {
        double distance = Math.Abs(probabilityGreater - 0.5);
        if (distance < 1e-9) return null;
        double z = NormalDistribution.Standard.Quantile(1 - alpha) + NormalDistribution.Standard.Quantile(Power);
        double total = z * z / (12 * 0.25 * distance * distance);
        int perSide = (int)Math.Ceiling(total / 2);
        int floor = 1;
        while (RankTest.SmallestPValue(floor, floor) >= alpha) floor++;
        perSide = Math.Max(perSide, floor);
        return perSide > Cap ? null : perSide;
    }
}
