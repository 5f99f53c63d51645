using Transports.Paths.Emulation;
using Xunit;

namespace Transports.Tests.Paths.Emulation;

/// <summary>
/// The link model against the arithmetic it stands for: delay adds exactly, a bottleneck spaces packets by their
/// serialization time, a drop-tail queue holds what it says, random loss lands inside its binomial 99% interval and is
/// independent from packet to packet,
/// Gilbert–Elliott bursts have the stationary loss and mean length of the chain, jitter keeps order unless reordering is
/// asked, and reordering happens at the rate asked.
/// </summary>
public sealed class LinkDirectionTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void Delay_adds_exactly_the_configured_time()
    {
        var link = new LinkDirection(new LinkDirectionSpec(DelayNs: 20 * Ms), seed: 1);
        for (long t = 0; t < 1000 * Ms; t += Ms / 3)
        {
            Assert.Equal(PacketFate.Delivered, link.Offer(1500, t, out var departure));
            Assert.Equal(t + 20 * Ms, departure);
        }
    }

    [Fact]
    public void A_bottleneck_spaces_back_to_back_packets_by_their_serialization_time_and_delivers_the_rate()
    {
        // 1500 B at 12 Mbit/s = 1 ms each.
        var link = new LinkDirection(new LinkDirectionSpec(RateBitsPerSecond: 12e6, DelayNs: 5 * Ms), seed: 1);
        long last = 0;
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(PacketFate.Delivered, link.Offer(1500, 0, out var departure));
            Assert.Equal((i + 1) * Ms + 5 * Ms, departure);
            last = departure;
        }
        double seconds = (last - 5 * Ms) / 1e9;
        Assert.Equal(12e6, 100 * 1500 * 8 / seconds, precision: 3);
    }

    [Fact]
    public void A_drop_tail_queue_holds_its_limit_and_drops_the_rest()
    {
        var link = new LinkDirection(new LinkDirectionSpec(RateBitsPerSecond: 12e6, QueuePackets: 10), seed: 1);
        var fates = Enumerable.Range(0, 25).Select(i => link.Offer(1500, 0, out long _)).ToList();
        Assert.Equal(10, fates.Count(f => f == PacketFate.Delivered));
        Assert.All(fates.Skip(10), f => Assert.Equal(PacketFate.QueueDrop, f));
        // 2.5 ms later two packets have left the bottleneck: room for two more, not three
        Assert.Equal(PacketFate.Delivered, link.Offer(1500, 2_500_000, out long _));
        Assert.Equal(PacketFate.Delivered, link.Offer(1500, 2_500_000, out long _));
        Assert.Equal(PacketFate.QueueDrop, link.Offer(1500, 2_500_000, out long _));
        Assert.Equal(12, link.Counters.Delivered);
        Assert.Equal(16, link.Counters.QueueDrops);

        var bytes = new LinkDirection(new LinkDirectionSpec(RateBitsPerSecond: 12e6, QueueBytes: 4000), seed: 1);
        Assert.Equal(PacketFate.Delivered, bytes.Offer(1500, 0, out _));
        Assert.Equal(PacketFate.Delivered, bytes.Offer(1500, 0, out _));
        Assert.Equal(PacketFate.QueueDrop, bytes.Offer(1500, 0, out _)); // 4500 > 4000
        Assert.Equal(PacketFate.Delivered, bytes.Offer(1000, 0, out _)); // 4000 fits
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.01)]
    [InlineData(0.05)]
    public void Random_loss_lands_inside_its_binomial_99_percent_interval(double p)
    {
        const int n = 200_000;
        var link = new LinkDirection(new LinkDirectionSpec(LossProbability: p), seed: 7);
        for (int i = 0; i < n; i++) link.Offer(100, i, out _);
        double sigma = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(link.Counters.RandomLoss, n * p - 2.576 * sigma, n * p + 2.576 * sigma);
    }

    [Fact]
    public void Random_loss_is_independent_of_the_previous_packets_fate()
    {
        // Bernoulli loss, the Mathis and RFC 9438 anchors' assumption: a packet after a lost one is lost with the same
        // p (not in bursts), so runs of losses are rare as p², and the loss-free gaps average (1 − p)/p packets.
        const double p = 0.05;
        const int n = 400_000;
        var link = new LinkDirection(new LinkDirectionSpec(LossProbability: p), seed: 11);
        long afterLoss = 0, lostAfterLoss = 0, gaps = 0, gapPackets = 0, run = 0;
        bool previousLost = false, seenLoss = false;
        for (int i = 0; i < n; i++)
        {
            bool lost = link.Offer(100, i, out _) == PacketFate.RandomLoss;
            if (previousLost)
            {
                afterLoss++;
                if (lost) lostAfterLoss++;
            }
            if (lost && seenLoss) { gaps++; gapPackets += run; }
            seenLoss |= lost;
            run = lost ? 0 : run + 1;
            previousLost = lost;
        }
        double sigma = Math.Sqrt(afterLoss * p * (1 - p));
        Assert.InRange(lostAfterLoss, afterLoss * p - 2.576 * sigma, afterLoss * p + 2.576 * sigma); // ~1000 of ~20 000
        Assert.InRange((double)gapPackets / gaps, (1 - p) / p * 0.95, (1 - p) / p * 1.05); // 19 packets
    }

    [Fact]
    public void Gilbert_Elliott_bursts_have_the_stationary_loss_and_mean_length_of_the_chain()
    {
        var ge = new GilbertElliottSpec(P: 0.01, R: 0.25);
        const int n = 400_000;
        var link = new LinkDirection(new LinkDirectionSpec(BurstLoss: ge), seed: 3);
        int bursts = 0;
        bool previousLost = false;
        for (int i = 0; i < n; i++)
        {
            bool lost = link.Offer(100, i, out _) == PacketFate.BurstLoss;
            if (lost && !previousLost) bursts++;
            previousLost = lost;
        }
        double loss = (double)link.Counters.BurstLoss / n;
        Assert.InRange(loss, ge.MeanLossProbability * 0.9, ge.MeanLossProbability * 1.1); // 0.01/0.26 = 3.85%
        double meanBurst = (double)link.Counters.BurstLoss / bursts;
        Assert.InRange(meanBurst, 1 / ge.R * 0.9, 1 / ge.R * 1.1); // 4 packets
    }

    [Theory]
    [InlineData(JitterDistribution.Uniform)]
    [InlineData(JitterDistribution.Normal)]
    public void Jitter_varies_the_delay_within_its_bounds_and_keeps_packets_in_order(JitterDistribution distribution)
    {
        var link = new LinkDirection(new LinkDirectionSpec(DelayNs: 20 * Ms, JitterNs: 2 * Ms, Jitter: distribution), seed: 5);
        long previous = 0;
        var delays = new List<long>();
        for (long t = 0; t < 10_000 * Ms; t += 2 * Ms)
        {
            link.Offer(1500, t, out var departure);
            Assert.True(departure >= previous, "a packet left before the one ahead of it");
            previous = departure;
            delays.Add(departure - t);
        }
        long bound = distribution == JitterDistribution.Uniform ? 2 * Ms : 6 * Ms;
        Assert.All(delays, d => Assert.InRange(d, 20 * Ms - bound, 20 * Ms + bound + 2 * Ms /* the order rule may hold one back */));
        Assert.InRange(delays.Average(), 19.5 * Ms, 20.7 * Ms);
        Assert.True(delays.Distinct().Count() > 100, "no jitter happened");
    }

    [Fact]
    public void Reordering_holds_back_the_asked_share_of_packets_and_later_ones_overtake_them()
    {
        var link = new LinkDirection(new LinkDirectionSpec(DelayNs: 10 * Ms, ReorderProbability: 0.02, ReorderDelayNs: Ms), seed: 9);
        var departures = new List<long>();
        for (long t = 0; t < 20_000; t++)
        {
            link.Offer(100, t * 100_000, out var d); // one packet per 0.1 ms: ten overtake each held one
            departures.Add(d);
        }
        int overtaken = Enumerable.Range(0, departures.Count - 1).Count(i => departures[i] > departures[i + 1]);
        Assert.InRange(link.Counters.Reordered, 20_000 * 0.02 * 0.8, 20_000 * 0.02 * 1.2);
        Assert.InRange(overtaken, link.Counters.Reordered * 0.9, link.Counters.Reordered);
    }
}
