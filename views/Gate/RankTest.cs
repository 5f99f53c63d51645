using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace Transports.Views.Gate;

/// <summary>
/// The one-sided Mann–Whitney U test (Mann and Whitney, "On a test of whether one of two random variables is
/// stochastically larger than the other", Ann. Math. Statist. 18(1), 1947; Hollander, Wolfe and Chicken,
/// "Nonparametric Statistical Methods", 3rd ed., 2014, §4.1), computed by Perfolizer 0.6.1: the exact null
/// distribution (Löffler's recurrence) for small samples, an Edgeworth approximation beyond. Distribution-free: it
/// assumes only independent repeats, so heavy tails and several modes do not break it.
/// </summary>
public static class RankTest
{
    /// <summary>
    /// P-value of H1 "<paramref name="x"/> is stochastically larger than <paramref name="y"/>" against H0 "same
    /// distribution".
    /// </summary>
    /// <param name="x">First sample (non-empty).</param>
    /// <param name="y">Second sample (non-empty).</param>
    /// <exception cref="ArgumentException">An empty sample.</exception>
    public static double PGreater(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count == 0 || y.Count == 0) throw new ArgumentException("both samples need at least one value");
        return MannWhitneyTest.Instance.Perform(new Sample(x.ToArray()), new Sample(y.ToArray()), AlternativeHypothesis.Greater, Threshold.Zero).PValue;
    }

    /// <summary>
    /// The estimate of P(X &gt; Y) + ½·P(X = Y) from the samples: U / (n·m), ties counted half (the Mann–Whitney
    /// statistic scaled to [0, 1]; 0.5 when neither is larger).
    /// </summary>
    /// <param name="x">First sample (non-empty).</param>
    /// <param name="y">Second sample (non-empty).</param>
    public static double ProbabilityGreater(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double u = 0;
        foreach (var a in x)
            foreach (var b in y)
                u += a > b ? 1 : a == b ? 0.5 : 0;
        return u / ((double)x.Count * y.Count);
    }

    /// <summary>
    /// The smallest one-sided p-value the exact test can give with <paramref name="n"/> and <paramref name="m"/>
    /// values: 1 / C(n+m, n), when the samples do not overlap at all. Below the significance level no result can be
    /// significant, whatever the data.
    /// </summary>
    /// <param name="n">Size of one sample (≥ 1).</param>
    /// <param name="m">Size of the other (≥ 1).</param>
    public static double SmallestPValue(int n, int m)
    {
        // C(n+m, n) in log space: finite for any realistic repeat count.
        double logC = 0;
        for (int i = 1; i <= n; i++) logC += Math.Log(m + i) - Math.Log(i);
        return Math.Exp(-logC);
    }
}
