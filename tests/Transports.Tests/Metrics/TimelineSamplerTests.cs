using Transports.Measure;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;
using Xunit;

namespace Transports.Tests.Metrics;

/// <summary>The one goodput timeline: samples a delivered-bytes counter; the last point is the interval's end.</summary>
public sealed class TimelineSamplerTests
{
    [Fact]
    public void The_last_point_is_at_the_end_of_the_interval_with_every_byte()
    {
        long bytes = 0;
        using var sampler = new TimelineSampler(() => Volatile.Read(ref bytes));
        long start = MonotonicClock.NowTicks();
        sampler.Start(start);
        Volatile.Write(ref bytes, 125_000);
        var points = sampler.Stop(start + MonotonicClock.SecondsToTicks(3600));
        var last = Assert.Single(points, p => p.ElapsedMs == 3_600_000);
        Assert.Same(last, points[^1]);
        Assert.Equal(125_000, last.BytesDelivered);
        Assert.All(points, p => Assert.True(p.GoodputBitsPerSecond >= 0));
    }

    [Fact]
    public void A_sampler_never_started_has_no_timeline()
    {
        using var sampler = new TimelineSampler(() => 1);
        Assert.Empty(sampler.Stop(MonotonicClock.NowTicks()));
    }

    [Fact]
    public void A_non_positive_interval_is_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new TimelineSampler(() => 0, intervalMs: 0));

    [Fact]
    public void A_measured_interval_counts_its_own_bytes_or_reads_a_counter()
    {
        using var own = new MeasuredInterval();
        long start = MonotonicClock.NowTicks();
        own.Start(start);
        own.AddDelivered(1000);
        own.AddDelivered(24);
        var (cost, timeline) = own.Stop(start + MonotonicClock.SecondsToTicks(3600));
        Assert.Equal(1024, own.DeliveredBytes);
        Assert.Equal(1024, timeline[^1].BytesDelivered);
        Assert.NotNull(cost);

        long progress = 4096;
        using var external = new MeasuredInterval(() => Volatile.Read(ref progress));
        Assert.Equal(4096, external.DeliveredBytes);
        Assert.Throws<InvalidOperationException>(() => external.AddDelivered(1));
    }

    [Fact]
    public void An_interval_that_never_started_is_empty_not_missing()
    {
        using var interval = new MeasuredInterval();
        var (cost, timeline) = interval.Stop(MonotonicClock.NowTicks());
        Assert.NotNull(cost);
        Assert.Empty(timeline);
    }
}
