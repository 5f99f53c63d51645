namespace Transports.Results.Statistics;

/// <summary>
/// Jain's fairness index of an allocation x₁ … xₙ: (Σx)² / (n · Σx²) (R. Jain, D. Chiu, W. Hawe, "A Quantitative Measure
/// of Fairness and Discrimination for Resource Allocation in Shared Computer Systems", DEC-TR-301, 1984, §3). It is 1
/// when every x is equal and 1/n when one takes everything; k equal shares and n−k zeros give k/n. Scale-free: the unit
/// of x (bit/s, requests/s) does not matter.
/// </summary>
public static class JainFairness
{
    /// <summary>The index of <paramref name="allocations"/>, in [1/n, 1].</summary>
    /// <param name="allocations">Each party's share, e.g. per-flow goodput in bit/s or per-connection RPS; finite, ≥ 0.</param>
    /// <returns>(Σx)² / (n · Σx²); 1 when every share is 0 (all equal, DEC-TR-301's definition of fair).</returns>
    /// <exception cref="ArgumentException">No allocations, or one negative, NaN or infinite.</exception>
    public static double Of(IReadOnlyList<double> allocations)
    {
        ArgumentNullException.ThrowIfNull(allocations);
        if (allocations.Count == 0) throw new ArgumentException("Jain's fairness index needs at least one allocation", nameof(allocations));
        double sum = 0, sumOfSquares = 0;
        foreach (var x in allocations)
        {
            if (!double.IsFinite(x) || x < 0) throw new ArgumentException($"an allocation must be finite and >= 0, got {x}", nameof(allocations));
            sum += x;
            sumOfSquares += x * x;
        }
        if (sumOfSquares == 0) return 1;
        // Rounding may put an equal allocation a hair above 1: the index is bounded by 1 (Cauchy-Schwarz).
        return Math.Min(1, sum * sum / (allocations.Count * sumOfSquares));
    }
}
