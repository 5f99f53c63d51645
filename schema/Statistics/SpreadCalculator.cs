using Transports.Results;

namespace Transports.Results.Statistics;

/// <summary>
/// Median, extremes and a distribution-free confidence interval for the median from order statistics: the
/// interval [x(j), x(k)] with j, k chosen from the Binomial(n, 1/2) distribution so it covers the median with
/// probability at least 95% (Le Boudec, "Performance Evaluation of Computer and Communication Systems", 2010,
/// §2.2.1, Theorem 2.1). Needs n ≥ 6; below that the interval is the whole range [min, max].
/// </summary>
public static class SpreadCalculator
{
    /// <summary>Summarizes <paramref name="values"/>; null when empty.</summary>
    /// <param name="values">Samples (any order, NaN ignored).</param>
    public static Spread? Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        int n = sorted.Length;
        if (n == 0) return null;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        var (low, high) = MedianConfidenceIndices(n);
        return new Spread(median, sorted[0], sorted[^1], sorted[low], sorted[high], n);
    }

    /// <summary>Zero-based order-statistic indices (j, k) of the ≥95% confidence interval of the median.</summary>
    /// <param name="n">Sample count.</param>
    public static (int Low, int High) MedianConfidenceIndices(int n)
    {
        if (n < 6) return (0, n - 1);
        // Largest j with P(B <= j-1) <= 0.025 for B ~ Binomial(n, 1/2); the interval is [x(j), x(n+1-j)] (1-based).
        double cumulative = 0;
        int j = 0;
        for (int i = 0; i <= n; i++)
        {
            cumulative += BinomialHalf(n, i);
            if (cumulative > 0.025) break;
            j = i + 1;
        }
        j = Math.Max(j, 1);
        return (j - 1, n - j);
    }

    private static double BinomialHalf(int n, int k)
    {
        // C(n, k) / 2^n computed in log space to stay finite for large n.
        double logC = LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);
        return Math.Exp(logC - n * Math.Log(2));
    }

    private static double LogFactorial(int n)
    {
        double sum = 0;
        for (int i = 2; i <= n; i++) sum += Math.Log(i);
        return sum;
    }
}
