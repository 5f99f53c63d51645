namespace Transports.Budget;

/// <summary>
/// Compares benchmark results with the budget: a benchmark passes when its median time per operation is at most the
/// ceiling and it allocates at most the allowed bytes per operation. The median, not the mean, because on a shared
/// machine a few slow iterations (another process's burst) move the mean but not the typical cost; the ceilings carry
/// 2–3× headroom over medians measured on the noisy reference machine, so a pass or a fail is a change in the code,
/// not in the neighbours. Pure: no benchmarks run here.
/// </summary>
public static class BudgetCheck
{
    /// <summary>Compares <paramref name="measurements"/> with <paramref name="budget"/>.</summary>
    /// <param name="budget">The ceilings (names unique, as <see cref="BudgetFile"/> guarantees).</param>
    /// <param name="measurements">What ran.</param>
    /// <returns>One row per budgeted benchmark that ran; an error for each budget without a result and each result
    /// without a budget (a new benchmark needs a ceiling; a renamed one must not leave its ceiling unchecked).</returns>
    public static BudgetReport Compare(IReadOnlyList<BudgetEntry> budget, IReadOnlyList<BenchmarkMeasurement> measurements)
    {
        var byName = new Dictionary<string, BenchmarkMeasurement>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var m in measurements)
            if (!byName.TryAdd(m.Benchmark, m)) errors.Add($"{m.Benchmark}: measured twice");
        var budgeted = new HashSet<string>(budget.Select(e => e.Benchmark), StringComparer.Ordinal);
        var rows = new List<BudgetRow>();
        foreach (var entry in budget)
        {
            if (byName.TryGetValue(entry.Benchmark, out var m)) rows.Add(new BudgetRow(entry, m, VerdictOf(entry, m)));
            else errors.Add($"{entry.Benchmark}: in the budget but no such benchmark ran (renamed or removed? fix budget.json)");
        }
        foreach (var m in measurements)
            if (!budgeted.Contains(m.Benchmark)) errors.Add($"{m.Benchmark}: ran but has no budget (add it to budget.json)");
        return new BudgetReport(rows, errors);
    }

    /// <summary>The verdict for one benchmark.</summary>
    /// <param name="entry">Its budget.</param>
    /// <param name="m">Its result.</param>
    public static BudgetVerdict VerdictOf(BudgetEntry entry, BenchmarkMeasurement m)
    {
        if (!double.IsFinite(m.MedianNs) || m.MedianNs < 0) return BudgetVerdict.NoResult;
        bool overTime = BudgetUnits.FromNanoseconds(m.MedianNs, entry.Unit) > entry.Ceiling;
        bool overAllocation = m.AllocatedBytesPerOperation is not { } bytes || bytes > entry.AllocatedBytes;
        return (overTime, overAllocation) switch
        {
            (true, true) => BudgetVerdict.OverBoth,
            (true, false) => BudgetVerdict.OverTime,
            (false, true) => BudgetVerdict.OverAllocation,
            _ => BudgetVerdict.Ok,
        };
    }
}
