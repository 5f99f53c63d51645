namespace Transports.Budget;

/// <summary>
/// One benchmark's result as the budget check needs it (taken from BenchmarkDotNet's summary, or made up in tests).
/// </summary>
/// <param name="Benchmark">The benchmark, <c>Class.Method</c>.</param>
/// <param name="MedianNs">Median time per operation, ns; NaN when the benchmark failed.</param>
/// <param name="ErrorNs">Half-width of the 99.9 % confidence interval of the mean (BenchmarkDotNet's "Error"), ns.</param>
/// <param name="AllocatedBytesPerOperation">Bytes allocated per operation; null when not measured.</param>
public sealed record BenchmarkMeasurement(string Benchmark, double MedianNs, double ErrorNs, long? AllocatedBytesPerOperation);
