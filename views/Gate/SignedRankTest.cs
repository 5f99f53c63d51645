namespace Transports.Views.Gate;

/// <summary>
/// The one-sided Wilcoxon signed-rank test for paired differences (F. Wilcoxon, "Individual comparisons by ranking
/// methods", Biometrics Bulletin 1(6), 1945, pp. 80–83; Hollander, Wolfe and Chicken, "Nonparametric Statistical
/// Methods", 3rd ed., Wiley 2014, §3.1): H0 "the differences are symmetric about 0" against H1 "they lie above 0".
/// Exact: the p-value is the share of the 2ⁿ sign assignments whose sum of positive ranks reaches the observed one,
/// counted over doubled midranks, so ties among |d| stay exact (the conditional permutation test of §3.1, comment 8).
/// Zero differences are dropped (Wilcoxon's convention). Hand-written because Perfolizer 0.6.1 and Pragmastat 3.2.4,
/// the project's statistics libraries, have no paired rank test.
/// </summary>
public static class SignedRankTest
{
    /// <summary>P-value of H1 "the differences <paramref name="d"/> lie above 0"; 1 when every difference is 0.</summary>
    /// <param name="d">Paired differences (NaN refused); at most 1000.</param>
    /// <exception cref="ArgumentException">A NaN difference, or more than 1000.</exception>
    public static double PGreater(IReadOnlyList<double> d)
    {
        if (d.Any(double.IsNaN)) throw new ArgumentException("a difference is NaN", nameof(d));
        if (d.Count > 1000) throw new ArgumentException("at most 1000 differences", nameof(d));
        var nonZero = d.Where(v => v != 0).ToArray();
        int n = nonZero.Length;
        if (n == 0) return 1;
        // Doubled midranks of |d|: integers even with ties.
        var order = Enumerable.Range(0, n).OrderBy(i => Math.Abs(nonZero[i])).ToArray();
        var rank2 = new int[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && Math.Abs(nonZero[order[j + 1]]) == Math.Abs(nonZero[order[i]])) j++;
            for (int k = i; k <= j; k++) rank2[order[k]] = i + j + 2; // (i+1 + j+1) = twice the midrank
            i = j + 1;
        }
        int observed = 0;
        for (int i = 0; i < n; i++) if (nonZero[i] > 0) observed += rank2[i];
        int total = rank2.Sum();
        // counts[s]: sign assignments whose positive doubled ranks sum to s, as probabilities (each sign ½).
        var counts = new double[total + 1];
        counts[0] = 1;
        int reach = 0;
        foreach (var r in rank2)
        {
            reach += r;
            for (int s = reach; s >= r; s--) counts[s] = (counts[s] + counts[s - r]) * 0.5;
            for (int s = Math.Min(r, reach + 1) - 1; s >= 0; s--) counts[s] *= 0.5; // below r only the '-' sign reaches s
        }
        double p = 0;
        for (int s = observed; s <= total; s++) p += counts[s];
        return Math.Min(1, p);
    }

    /// <summary>The smallest one-sided p-value with <paramref name="n"/> non-zero differences: 2⁻ⁿ, when all lie on one side.</summary>
    /// <param name="n">Number of pairs (≥ 0).</param>
    public static double SmallestPValue(int n) => Math.Pow(2, -n);
}
