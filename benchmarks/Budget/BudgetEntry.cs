namespace Transports.Budget;

/// <summary>
/// The ceiling of one benchmark: at most <see cref="Ceiling"/> (in <see cref="Unit"/>) and
/// <see cref="AllocatedBytes"/> allocated per operation. <see cref="Reference"/> (same unit) is what the cost is a share
/// of — e.g. a loopback round trip for a per-message cost, the time per MiB at iperf3's rate for a per-MiB cost —
/// described in <see cref="ReferenceWhat"/>, so a reader sees why the number matters.
/// </summary>
/// <param name="Benchmark">The benchmark, <c>Class.Method</c> as BenchmarkDotNet names it (without namespace).</param>
/// <param name="Unit">What one operation is and the unit of <paramref name="Ceiling"/> and <paramref name="Reference"/>.</param>
/// <param name="Ceiling">Most time per operation allowed (&gt; 0).</param>
/// <param name="AllocatedBytes">Most bytes allocated per operation allowed (≥ 0; 0 on the hot path).</param>
/// <param name="Reference">What the cost is a share of, in <paramref name="Unit"/> (&gt; 0).</param>
/// <param name="ReferenceWhat">What <paramref name="Reference"/> is, in words.</param>
public sealed record BudgetEntry(string Benchmark, BudgetUnit Unit, double Ceiling, long AllocatedBytes, double Reference, string ReferenceWhat)
{
    /// <summary>The ceiling as a share of the reference (0.01 = 1 %).</summary>
    public double CeilingShare => Ceiling / Reference;
}
