using Transports.Scenarios.BigFile;
using Xunit;

namespace Transports.Tests.Fairness;

/// <summary>The interval in which every parallel flow was moving bytes, on made-up samples.</summary>
public sealed class CommonIntervalTests
{
    [Fact]
    public void Reads_each_flows_bytes_between_the_last_start_and_the_first_end()
    {
        // Flow 0: 100 B per tick from tick 10 to 110 (10 000 B). Flow 1: 50 B per tick from tick 20 to 220 (10 000 B).
        var samples = Enumerable.Range(0, 23).Select(k => (long)k * 10)
            .Select(t => new FlowSample(t, [Math.Clamp(t - 10, 0, 100) * 100, Math.Clamp(t - 20, 0, 200) * 50])).ToList();
        var common = CommonInterval.Of([(10, 110), (20, 220)], samples);
        Assert.NotNull(common);
        var (start, end, bytes) = common.Value;
        Assert.Equal((20L, 110L), (start, end));
        Assert.Equal(9000, bytes[0], 9);  // ticks 20 to 110 at 100 B per tick
        Assert.Equal(4500, bytes[1], 9);  // the early finisher's rest (ticks 110 to 220) is left out
    }

    [Fact]
    public void Interpolates_between_samples()
    {
        var samples = new List<FlowSample> { new(0, [0]), new(100, [1000]) };
        Assert.Equal(250, CommonInterval.BytesAt(samples, 0, 25), 9);
        Assert.Equal(1000, CommonInterval.BytesAt(samples, 0, 500), 9);
    }

    [Fact]
    public void Flows_that_never_overlapped_or_never_started_have_none()
    {
        var samples = new List<FlowSample> { new(0, [0, 0]), new(100, [10, 10]) };
        Assert.Null(CommonInterval.Of([(1, 40), (50, 90)], samples));
        Assert.Null(CommonInterval.Of([(0, 0), (50, 90)], samples));
    }
}
