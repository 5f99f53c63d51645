namespace Transports.Budget;

/// <summary>How one benchmark fared against its budget.</summary>
public enum BudgetVerdict
{
    /// <summary>Median time at most the ceiling and allocations at most the allowed bytes.</summary>
    Ok,

    /// <summary>Median time above the ceiling.</summary>
    OverTime,

    /// <summary>More bytes allocated per operation than allowed (or allocations not measured).</summary>
    OverAllocation,

    /// <summary>Both the time and the allocations are over.</summary>
    OverBoth,

    /// <summary>The benchmark produced no result (it threw, or BenchmarkDotNet reported NA).</summary>
    NoResult,
}
