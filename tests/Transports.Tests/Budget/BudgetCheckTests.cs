using Transports.Budget;
using Xunit;

namespace Transports.Tests.Budget;

/// <summary>
/// The harness cost budget's comparison (benchmarks/Budget), with made-up measurements: no benchmark runs here, so
/// nothing depends on the machine's speed. Medians are in ns per operation, as BenchmarkDotNet reports them.
/// </summary>
public sealed class BudgetCheckTests
{
    private static readonly BudgetEntry PerMessage = new("Messages.Stamp", BudgetUnit.NanosecondsPerMessage, Ceiling: 100, AllocatedBytes: 0, Reference: 25_000, "a 25 µs RTT");
    private static readonly BudgetEntry PerMiB = new("Bytes.Hash", BudgetUnit.MicrosecondsPerMebibyte, Ceiling: 200, AllocatedBytes: 0, Reference: 559, "1 MiB at 15 Gbit/s");

    [Fact]
    public void Under_budget_in_time_and_allocations_passes()
    {
        var report = BudgetCheck.Compare([PerMessage, PerMiB],
            [new("Messages.Stamp", MedianNs: 99.9, ErrorNs: 50, AllocatedBytesPerOperation: 0), new("Bytes.Hash", MedianNs: 150_000, ErrorNs: 1_000, AllocatedBytesPerOperation: 0)]);
        Assert.True(report.Passed);
        Assert.Empty(report.Errors);
        Assert.Equal([BudgetVerdict.Ok, BudgetVerdict.Ok], report.Rows.Select(r => r.Verdict));
        Assert.Equal(150.0, report.Rows[1].Median, 9);           // 150 000 ns per MiB is 150 µs/MiB
        Assert.Equal(99.9 / 25_000, report.Rows[0].MeasuredShare, 12);
    }

    [Fact]
    public void Exactly_at_the_ceiling_passes()
        => Assert.Equal(BudgetVerdict.Ok, BudgetCheck.VerdictOf(PerMiB, new("Bytes.Hash", 200_000, 0, 0)));

    [Fact]
    public void A_median_over_the_ceiling_fails_even_when_the_error_bar_reaches_below()
    {
        var report = BudgetCheck.Compare([PerMessage, PerMiB],
            [new("Messages.Stamp", 50, 5, 0), new("Bytes.Hash", MedianNs: 200_001, ErrorNs: 150_000, AllocatedBytesPerOperation: 0)]);
        Assert.False(report.Passed);
        Assert.Empty(report.Errors);
        Assert.Equal([BudgetVerdict.Ok, BudgetVerdict.OverTime], report.Rows.Select(r => r.Verdict));
        Assert.Contains("OVER (time)", BudgetTable.Format(report));
        Assert.Contains("budget: FAILED (1 over budget, 0 errors)", BudgetTable.Format(report));
    }

    [Fact]
    public void The_unit_decides_the_conversion_a_per_message_ceiling_is_not_read_as_microseconds()
        => Assert.Equal(BudgetVerdict.OverTime, BudgetCheck.VerdictOf(PerMessage, new("Messages.Stamp", MedianNs: 101, 0, 0)));

    [Theory]
    [InlineData(1L)]
    [InlineData(24L)]
    public void Any_allocation_over_a_zero_budget_fails(long bytes)
    {
        var report = BudgetCheck.Compare([PerMessage], [new("Messages.Stamp", 10, 1, bytes)]);
        Assert.False(report.Passed);
        Assert.Equal(BudgetVerdict.OverAllocation, Assert.Single(report.Rows).Verdict);
        Assert.Contains($"{bytes} B (≤ 0 B)", BudgetTable.Format(report));
    }

    [Fact]
    public void Allocations_within_a_nonzero_budget_pass_and_over_it_fail()
    {
        var entry = PerMessage with { AllocatedBytes = 32 };
        Assert.Equal(BudgetVerdict.Ok, BudgetCheck.VerdictOf(entry, new("Messages.Stamp", 10, 1, 32)));
        Assert.Equal(BudgetVerdict.OverAllocation, BudgetCheck.VerdictOf(entry, new("Messages.Stamp", 10, 1, 33)));
    }

    [Fact]
    public void Allocations_not_measured_fail_rather_than_pass_unchecked()
        => Assert.Equal(BudgetVerdict.OverAllocation, BudgetCheck.VerdictOf(PerMessage, new("Messages.Stamp", 10, 1, null)));

    [Fact]
    public void Over_in_time_and_allocations_says_both()
        => Assert.Equal(BudgetVerdict.OverBoth, BudgetCheck.VerdictOf(PerMessage, new("Messages.Stamp", 1_000, 1, 8)));

    [Fact]
    public void A_benchmark_without_a_result_fails()
    {
        var report = BudgetCheck.Compare([PerMessage], [new("Messages.Stamp", double.NaN, double.NaN, null)]);
        Assert.False(report.Passed);
        Assert.Equal(BudgetVerdict.NoResult, Assert.Single(report.Rows).Verdict);
        Assert.Contains("NO RESULT", BudgetTable.Format(report));
    }

    [Fact]
    public void A_measured_benchmark_the_budget_does_not_know_is_an_error()
    {
        var report = BudgetCheck.Compare([PerMessage], [new("Messages.Stamp", 10, 1, 0), new("Messages.Unbudgeted", 1, 1, 0)]);
        Assert.False(report.Passed);
        Assert.Equal(BudgetVerdict.Ok, Assert.Single(report.Rows).Verdict);
        Assert.Equal("Messages.Unbudgeted: ran but has no budget (add it to budget.json)", Assert.Single(report.Errors));
        Assert.Contains("error: Messages.Unbudgeted", BudgetTable.Format(report));
    }

    [Fact]
    public void A_budget_for_a_benchmark_that_did_not_run_is_an_error()
    {
        var report = BudgetCheck.Compare([PerMessage, PerMiB], [new("Messages.Stamp", 10, 1, 0)]);
        Assert.False(report.Passed);
        Assert.Single(report.Rows);
        Assert.StartsWith("Bytes.Hash: in the budget but no such benchmark ran", Assert.Single(report.Errors));
    }

    [Fact]
    public void Names_match_exactly_not_ignoring_case()
    {
        var report = BudgetCheck.Compare([PerMessage], [new("messages.stamp", 10, 1, 0)]);
        Assert.False(report.Passed);
        Assert.Equal(2, report.Errors.Count);
    }

    [Fact]
    public void The_table_shows_measured_budget_share_and_verdict()
    {
        var table = BudgetTable.Format(BudgetCheck.Compare([PerMiB], [new("Bytes.Hash", MedianNs: 55_900, ErrorNs: 2_000, AllocatedBytesPerOperation: 0)]));
        Assert.Contains("55.9 ± 2.00 us/MiB", table);
        Assert.Contains("≤ 200 us/MiB", table);
        Assert.Contains("10 % (36 %) of 1 MiB at 15 Gbit/s", table);
        Assert.Contains("budget: all 1 within budget", table);
    }
}
