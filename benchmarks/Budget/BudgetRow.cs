namespace Transports.Budget;

/// <summary>One benchmark compared with its budget (see <see cref="BudgetCheck"/>).</summary>
/// <param name="Entry">The budget.</param>
/// <param name="Measurement">What was measured.</param>
/// <param name="Verdict">The outcome.</param>
public sealed record BudgetRow(BudgetEntry Entry, BenchmarkMeasurement Measurement, BudgetVerdict Verdict)
{
    /// <summary>The median in the budget's unit (ns per message or µs per MiB).</summary>
    public double Median => BudgetUnits.FromNanoseconds(Measurement.MedianNs, Entry.Unit);

    /// <summary>BenchmarkDotNet's error (99.9 % CI half-width of the mean) in the budget's unit.</summary>
    public double Error => BudgetUnits.FromNanoseconds(Measurement.ErrorNs, Entry.Unit);

    /// <summary>The median as a share of the entry's reference (0.01 = 1 %).</summary>
    public double MeasuredShare => Median / Entry.Reference;

    /// <summary>True for <see cref="BudgetVerdict.Ok"/>.</summary>
    public bool Passed => Verdict == BudgetVerdict.Ok;
}
