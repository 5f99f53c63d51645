using Xunit;
using Transports.Measure.Placement;

namespace Transports.Tests.Placement;

public class CpuListTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("1,0", "0-1")]
    [InlineData(" 0 , 2-3 ", "0,2-3")]
    [InlineData("0-0,0", "0")]
    [InlineData("0,1,2,3,5", "0-3,5")]
    public void Parses_and_prints_the_canonical_form(string text, string canonical)
        => Assert.Equal(canonical, CpuList.Parse(text, 8).ToString());

    [Theory]
    [InlineData("", "not a CPU list")]
    [InlineData("a", "not a CPU list")]
    [InlineData("0,,1", "not a CPU list")]
    [InlineData("-1", "not a CPU list")]
    [InlineData("3-1", "reversed")]
    [InlineData("8", "CPU 8 does not exist here (CPUs 0-7)")]
    [InlineData("0-9", "CPU 9 does not exist")]
    public void Rejects_bad_lists_with_one_line(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => CpuList.Parse(text, 8));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Equal_sets_are_equal_whatever_their_spelling()
    {
        Assert.Equal(CpuList.Parse("0-1", 2), CpuList.Parse("1,0", 2));
        Assert.NotEqual(CpuList.Parse("0", 2), CpuList.Parse("0-1", 2));
    }

    [Fact]
    public void The_current_process_reports_the_cpus_the_kernel_allows_it()
    {
        var current = ProcessPlacement.Current();
        Assert.NotNull(current.CpuAffinity);
        Assert.InRange(current.CpuAffinity!.Cpus.Count, 1, ProcessPlacement.MachineCpuCount());
        Assert.Equal(Environment.ProcessorCount, current.CpuAffinity.Cpus.Count); // the runtime counts the same mask
    }
}
