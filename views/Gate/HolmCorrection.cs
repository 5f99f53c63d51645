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

    /// <summary>
    /// Holm's correction over every tested comparison of one gate (gated metrics × results): the regression p-values
    /// form one family, the improvement p-values another, and each row's verdict is decided again from the adjusted
    /// values (<see cref="GateDecision"/>). Rows without p-values (too few samples, whole results) are kept as they are.
    /// </summary>
    /// <param name="rows">The gate's rows, each comparison decided at the uncorrected level.</param>
    /// <param name="alpha">The family's significance level.</param>
    public static List<GateRow> Apply(IReadOnlyList<GateRow> rows, double alpha)
    {
        var corrected = rows.ToList();
        var tested = rows.Select((r, i) => (Row: r, Index: i)).Where(x => x.Row.Comparison?.PRegression is not null).ToArray();
        if (tested.Length == 0) return corrected;
        var regression = Adjust(tested.Select(x => x.Row.Comparison!.PRegression!.Value).ToArray());
        var improvement = Adjust(tested.Select(x => x.Row.Comparison!.PImprovement!.Value).ToArray());
        for (int k = 0; k < tested.Length; k++)
        {
            var (row, index) = tested[k];
            var decided = GateDecision.Decide(row.Comparison! with
            {
                PRegressionAdjusted = regression[k], PImprovementAdjusted = improvement[k], Family = tested.Length,
            }, alpha);
            corrected[index] = row with { Verdict = decided.Verdict, Reason = decided.Reason, Comparison = decided };
        }
        return corrected;
    }
}
