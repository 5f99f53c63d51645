using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Transports.Benchmarks.HarnessCost;
using Transports.Budget;

namespace Transports.Benchmarks.Budget;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Transports.Benchmarks -- budget [--budget FILE]</c>: runs the harness cost
/// benchmarks (<see cref="HarnessMessageCostBenchmarks"/>, <see cref="HarnessByteCostBenchmarks"/>, and the
/// <see cref="MeasurementCostBenchmarks"/> the budget names) with the short in-process job, compares each median and
/// its allocations with budget.json (<see cref="BudgetCheck"/>) and prints one table.
/// Exit 0: all within budget; 1: something over budget, without a result, or without a budget; 2: the budget file is
/// missing or invalid, or the command line is wrong (one line on stderr, nothing run).
/// </summary>
public static class BudgetCommand
{
    /// <summary>The budget beside the program (copied from benchmarks/Transports.Benchmarks/budget.json at build).</summary>
    public static string DefaultBudgetPath => Path.Combine(AppContext.BaseDirectory, "budget.json");

    /// <summary>Classes whose every benchmark must have a budget.</summary>
    private static readonly Type[] Budgeted = [typeof(HarnessMessageCostBenchmarks), typeof(HarnessByteCostBenchmarks)];

    /// <summary>Classes whose benchmarks run only when the budget names them.</summary>
    private static readonly Type[] BudgetedWhenNamed = [typeof(MeasurementCostBenchmarks)];

    /// <summary>Runs the command.</summary>
    /// <param name="args">The arguments after <c>budget</c>.</param>
    /// <returns>The exit code (see the class).</returns>
    public static int Run(string[] args)
    {
        string path = DefaultBudgetPath;
        if (args is ["--budget", var p]) path = p;
        else if (args.Length > 0)
        {
            Console.Error.WriteLine("usage: budget [--budget FILE]");
            return 2;
        }
        IReadOnlyList<BudgetEntry> budget;
        try
        {
            budget = BudgetFile.Load(path);
        }
        catch (BudgetFileException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        var config = ShortInProcessConfig.Create();
        var names = budget.Select(e => e.Benchmark).ToHashSet(StringComparer.Ordinal);
        var runs = Budgeted.Select(t => BenchmarkConverter.TypeToBenchmarks(t, config))
            .Concat(BudgetedWhenNamed.Select(t =>
            {
                var all = BenchmarkConverter.TypeToBenchmarks(t, config);
                return new BenchmarkRunInfo([.. all.BenchmarksCases.Where(c => names.Contains(NameOf(c)))], all.Type, all.Config);
            }))
            .Where(r => r.BenchmarksCases.Length > 0)
            .ToArray();
        // A budget entry no benchmark answers to is a typo or a rename: say so before minutes of benchmarking.
        var known = runs.SelectMany(r => r.BenchmarksCases).Select(NameOf).ToHashSet(StringComparer.Ordinal);
        var unknown = names.Where(n => !known.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"error: budget file {path}: no such benchmark: {string.Join(", ", unknown)}");
            return 2;
        }

        string loadBefore = LoadAverage();
        var summaries = BenchmarkRunner.Run(runs);
        var measurements = summaries.SelectMany(s => s.Reports.Select(MeasurementOf)).ToList();
        var report = BudgetCheck.Compare(budget, measurements);
        Console.WriteLine();
        Console.WriteLine($"Harness cost budget ({path}; median of the short in-process job; error = 99.9 % CI half-width of the mean;");
        Console.WriteLine($"load average before {loadBefore}, after {LoadAverage()} on {Environment.ProcessorCount} cores: rerun a failure seen under heavy load before believing it):");
        Console.Write(BudgetTable.Format(report));
        return report.Passed ? 0 : 1;
    }

    /// <summary>The name budget.json uses for a benchmark: <c>Class.Method</c>.</summary>
    /// <param name="benchmark">The benchmark case.</param>
    public static string NameOf(BenchmarkCase benchmark) => $"{benchmark.Descriptor.Type.Name}.{benchmark.Descriptor.WorkloadMethod.Name}";

    /// <summary>The 1-minute load average (Linux /proc/loadavg), or "?" elsewhere: the context a noisy result needs.</summary>
    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "?"; }
    }

    private static BenchmarkMeasurement MeasurementOf(BenchmarkReport report)
    {
        var stats = report.ResultStatistics;
        bool ok = report.Success && stats is not null;
        return new BenchmarkMeasurement(
            NameOf(report.BenchmarkCase),
            ok ? stats!.Median : double.NaN,
            ok ? stats!.ConfidenceInterval.Margin : double.NaN,
            ok ? report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) : null);
    }
}
