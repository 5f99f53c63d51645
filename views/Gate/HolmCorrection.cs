namespace Transports.Views.Gate;

/// <summary>
/// Holm's step-down correction for multiple tests (S. Holm, "A simple sequentially rejective multiple test procedure",
/// Scandinavian Journal of Statistics 6(2), 1979, pp. 65–70): with m p-values sorted p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted
/// p₍ᵢ₎ is max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎); rejecting where it is below α keeps the chance of any false
/// rejection in the family at most α, whatever the dependence between the tests. Uniformly more powerful than Bonferroni.
/// </summary>
public static class HolmCorrection
{
    /// <summary>Holm-adjusted p-values, in the order of <paramref name="p"/>.</summary>
    /// <param name="p">Raw p-values in [0, 1] (NaN refused).</param>
    /// <exception cref="ArgumentException">A p-value outside [0, 1] or NaN.</exception>
    public static double[] Adjust(IReadOnlyList<double> p)
    {
        if (p.Any(v => !(v >= 0 && v <= 1))) throw new ArgumentException("p-values must be in [0, 1]", nameof(p));
        int m = p.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ToArray();
        var adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++)
        {
            int i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
