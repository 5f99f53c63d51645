using Transports.Measure.Sequencing;
using Xunit;

namespace Transports.Tests.Metrics;

/// <summary>RFC 3550 §6.4.1 interarrival jitter: J += (|D| − J)/16 over packets in arrival order.</summary>
public sealed class InterarrivalJitterTests
{
    [Fact]
    public void Constant_transit_time_has_no_jitter()
    {
        var j = new InterarrivalJitter();
        for (long i = 0; i < 100; i++) j.Add(i * 20, i * 20 + 5);
        Assert.Equal(0, j.Jitter);
        Assert.Equal(100, j.Count);
    }

    [Fact]
    public void Hand_computed_sequence()
    {
        // Transit times 10, 26, 26, 10: D = 16, 0, −16.
        // J1 = 0 + (16 − 0)/16 = 1; J2 = 1 + (0 − 1)/16 = 0.9375; J3 = 0.9375 + (16 − 0.9375)/16 = 1.87890625.
        var j = new InterarrivalJitter();
        j.Add(0, 10);
        Assert.Equal(0, j.Jitter);
        j.Add(100, 126);
        Assert.Equal(1.0, j.Jitter, 12);
        j.Add(200, 226);
        Assert.Equal(0.9375, j.Jitter, 12);
        j.Add(300, 310);
        Assert.Equal(1.87890625, j.Jitter, 12);
    }

    [Fact]
    public void Uses_arrival_order_not_sequence_order()
    {
        // Packet sent at 100 arrives after the one sent at 200 (reordered). RFC 3550: "the previous packet i-1 in order
        // of arrival (not necessarily in sequence)": transits in arrival order are 5 (S=0), 7 (S=200), 120 (S=100).
        var j = new InterarrivalJitter();
        j.Add(0, 5);
        j.Add(200, 207);
        j.Add(100, 220);
        double expected = 0;
        expected += (2 - expected) / 16;
        expected += (113 - expected) / 16;
        Assert.Equal(expected, j.Jitter, 12);
    }

    [Fact]
    public void Matches_the_fixed_point_reference_of_RFC_3550_appendix_A8()
    {
        // Appendix A.8 keeps jitter scaled by 16 in an integer: jitter += d - ((jitter + 8) >> 4); reported as jitter >> 4.
        // The floating-point estimator must agree within the integer rounding (< 1 unit).
        var random = new Random(3550);
        var j = new InterarrivalJitter();
        long scaled = 0, previousTransit = 0;
        for (int i = 0; i < 10_000; i++)
        {
            long send = i * 160L;                        // 20 ms of 8 kHz audio per packet, as in RTP
            long arrival = send + 1000 + random.Next(0, 400);
            j.Add(send, arrival);
            long transit = arrival - send;
            if (i > 0)
            {
                long d = Math.Abs(transit - previousTransit);
                scaled += d - ((scaled + 8) >> 4);
            }
            previousTransit = transit;
        }
        Assert.InRange(j.Jitter, (scaled >> 4) - 1, (scaled >> 4) + 1);
        // Uniform transit noise on [0, 400): E|D| = 400/3 ≈ 133; the estimator hovers around it.
        Assert.InRange(j.Jitter, 90, 180);
    }
}
