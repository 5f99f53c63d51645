using Transports.Remote.Clock;
using Xunit;

namespace Transports.Tests.Remote;

/// <summary>The NTP on-wire estimate (RFC 5905 §8) with the minimum-delay filter, against a simulated pair of clocks.</summary>
public class ClockOffsetTests
{
    [Fact]
    public void The_true_offset_is_always_within_the_reported_uncertainty_whatever_the_path_asymmetry()
    {
        var r = new Random(5905);
        for (int trial = 0; trial < 2000; trial++)
        {
            long trueOffset = r.NextInt64(-5_000_000_000, 5_000_000_000); // agent − client, ±5 s
            var samples = new List<ClockSample>();
            long t = r.NextInt64(0, 1_000_000_000_000);
            for (int i = 0; i < 1 + r.Next(16); i++)
            {
                long forward = r.NextInt64(1_000, 2_000_000), back = r.NextInt64(1_000, 2_000_000), service = r.NextInt64(0, 50_000);
                long t1 = t, t2 = t1 + forward + trueOffset, t3 = t2 + service, t4 = t3 - trueOffset + back;
                samples.Add(new ClockSample(t1, t2, t3, t4));
                t = t4 + r.NextInt64(0, 1_000_000);
            }
            var estimate = ClockOffset.Estimate(samples);
            Assert.InRange(trueOffset, estimate.OffsetNs - estimate.UncertaintyNs - 0.5, estimate.OffsetNs + estimate.UncertaintyNs + 0.5);
            Assert.Equal(samples.Min(s => s.DelayNs), estimate.BestDelayNs);
        }
    }

    [Fact]
    public void A_symmetric_probe_gives_the_exact_offset_and_the_filter_prefers_it()
    {
        var queued = new ClockSample(0, 1_000_000 + 900_000, 1_000_000 + 900_000, 1_000_000); // 900 µs queue one way
        var clean = new ClockSample(10_000, 1_000_000 + 10_000 + 50, 1_000_000 + 10_000 + 60, 10_110); // 50 µs each way
        var estimate = ClockOffset.Estimate([queued, clean]);
        Assert.Equal(1_000_000, estimate.OffsetNs);
        Assert.Equal(50, estimate.UncertaintyNs);
        Assert.Equal(2, estimate.Samples);
    }

    [Fact]
    public void Impossible_probes_are_ignored_and_none_usable_is_an_error()
    {
        var backwards = new ClockSample(100, 50, 40, 90);
        Assert.Throws<ArgumentException>(() => ClockOffset.Estimate([backwards]));
        var good = new ClockSample(0, 10, 11, 21);
        Assert.Equal(1, ClockOffset.Estimate([backwards, good]).Samples);
    }

    [Fact]
    public void A_one_way_delay_is_corrected_by_the_offset()
    {
        var offset = new ClockOffset(OffsetNs: 1_000_000, UncertaintyNs: 20, Samples: 1, BestDelayNs: 40);
        var (delay, uncertainty) = offset.ClientToAgent(sendNs: 5_000, receiveNs: 1_005_300);
        Assert.Equal(300, delay);
        Assert.Equal(20, uncertainty);
    }
}
