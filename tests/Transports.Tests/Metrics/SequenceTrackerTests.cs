using FsCheck;
using FsCheck.Fluent;
using Transports.Measure.Sequencing;
using Xunit;

namespace Transports.Tests.Metrics;

/// <summary>Loss, duplicates and RFC 4737 reordering on crafted arrival sequences and against a brute-force reference.</summary>
public sealed class SequenceTrackerTests
{
    private static SequenceTracker Feed(params long[] arrivals)
    {
        var t = new SequenceTracker();
        foreach (var s in arrivals) t.Add(s);
        return t;
    }

    [Fact]
    public void In_order_stream_has_no_reordering()
    {
        var t = Feed(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Assert.Equal(10, t.Received);
        Assert.Equal(0, t.Reordered);
        Assert.Equal(0, t.Duplicates);
        Assert.Equal(10, t.NextExpected);
        var d = t.ToDelivery(10, 0.5);
        Assert.Equal(0, d.Lost);
        Assert.Equal(0, d.LossPercent);
        Assert.Equal(0.5, d.JitterMs);
    }

    [Fact]
    public void One_late_packet_is_one_reordered_singleton_with_extent_1()
    {
        // RFC 4737 §3.3: 3 arrives after 4, so s=3 < NextExp=5: reordered. §4.2: the earliest packet with s > 3 arrived at
        // position 3 (s=4), 3 arrived at position 4: extent 4 − 3 = 1.
        var t = Feed(0, 1, 2, 4, 3, 5);
        Assert.Equal(1, t.Reordered);
        Assert.Equal(1, t.MaxReorderExtent);
        Assert.Equal(6, t.Received);
        Assert.Equal(100.0 / 6, t.ToDelivery(6, null).ReorderedPercent, 9);
    }

    [Fact]
    public void One_early_packet_makes_every_packet_it_overtook_reordered()
    {
        // 5 overtakes 1..4: each of them is below NextExp = 6 when it arrives (RFC 4737 counts all four, the
        // "reordered singleton" view of one early packet); their extents are 1, 2, 3, 4 (earliest s > s[j] is 5 at position 1).
        var t = Feed(0, 5, 1, 2, 3, 4, 6);
        Assert.Equal(4, t.Reordered);
        Assert.Equal(4, t.MaxReorderExtent);
        Assert.Equal(1 + 2 + 3 + 4, t.TotalReorderExtent);
    }

    [Fact]
    public void Duplicates_are_noted_and_only_the_first_copy_counts()
    {
        var t = Feed(0, 1, 1, 2, 0, 2, 3);
        Assert.Equal(4, t.Received);
        Assert.Equal(3, t.Duplicates);
        Assert.Equal(0, t.Reordered); // RFC 4737 §3: duplicates are not reordering
    }

    [Fact]
    public void Loss_is_sent_minus_distinct_received()
    {
        var t = Feed(0, 1, 3, 3, 6);
        var d = t.ToDelivery(sent: 8);
        Assert.Equal(8, d.Sent);
        Assert.Equal(4, d.Received);
        Assert.Equal(4, d.Lost); // 2, 4, 5, 7
        Assert.Equal(50, d.LossPercent);
        Assert.Equal(1, d.Duplicates);
    }

    [Fact]
    public void Packets_older_than_the_window_are_not_counted_and_late_ones_inside_are_reordered()
    {
        var t = new SequenceTracker(windowSize: 64);
        Assert.Equal(Arrival.InOrder, t.Add(0));
        Assert.Equal(Arrival.InOrder, t.Add(200));
        Assert.Equal(Arrival.OutOfWindow, t.Add(0));   // window is [137, 201)
        Assert.Equal(Arrival.Reordered, t.Add(150));
        Assert.Equal(Arrival.Duplicate, t.Add(150));
        Assert.Equal(Arrival.Duplicate, t.Add(200));
        Assert.Equal(Arrival.Invalid, t.Add(-5));
        Assert.Equal(1, t.OutOfWindow);
        Assert.Equal(3, t.Received);
        Assert.Equal(2, t.Duplicates);
    }

    [Fact]
    public void Sliding_the_window_forgets_old_bits_correctly()
    {
        // Long in-order run with a window of 64: a sequence number reused by the ring must not look like a duplicate.
        var t = new SequenceTracker(windowSize: 64);
        for (long s = 0; s < 10_000; s += 2) t.Add(s);      // evens
        for (long s = 9_941; s < 9_999; s += 2) t.Add(s);   // recent odds (29 of them), still inside the window: reordered, not duplicate
        Assert.Equal(0, t.Duplicates);
        Assert.Equal(29, t.Reordered);
    }

    /// <summary>The RFC 4737 definitions, computed directly (quadratic): distinct, duplicates, reordered, extents.</summary>
    private static (long Received, long Duplicates, long Reordered, long MaxExtent, long TotalExtent) Reference(IReadOnlyList<long> arrivals)
    {
        var seen = new HashSet<long>();
        var distinct = new List<long>();
        long duplicates = 0;
        foreach (var s in arrivals)
        {
            if (seen.Add(s)) distinct.Add(s);
            else duplicates++;
        }
        long nextExp = 0, reordered = 0, maxExtent = 0, totalExtent = 0;
        for (int j = 0; j < distinct.Count; j++)
        {
            if (distinct[j] >= nextExp)
            {
                nextExp = distinct[j] + 1;
                continue;
            }
            reordered++;
            int i = 0;
            while (distinct[i] <= distinct[j]) i++; // earliest arrival with a larger sequence number (§4.2.1)
            long extent = j - i;
            totalExtent += extent;
            maxExtent = Math.Max(maxExtent, extent);
        }
        return (distinct.Count, duplicates, reordered, maxExtent, totalExtent);
    }

    [Fact]
    public void Property_matches_the_brute_force_definitions_on_impaired_streams()
    {
        // A stream of 0..n−1 impaired by loss, duplication and local displacement (a packet delayed by up to 20 places).
        var impaired =
            from n in Gen.Choose(1, 400)
            from seed in Gen.Choose(0, int.MaxValue)
            select Impair(n, new Random(seed));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300),
            Prop.ForAll(impaired.ToArbitrary(), arrivals =>
            {
                var t = new SequenceTracker();
                foreach (var s in arrivals) t.Add(s);
                var r = Reference(arrivals);
                Assert.Equal(r.Received, t.Received);
                Assert.Equal(r.Duplicates, t.Duplicates);
                Assert.Equal(r.Reordered, t.Reordered);
                Assert.Equal(r.MaxExtent, t.MaxReorderExtent);
                Assert.Equal(r.TotalExtent, t.TotalReorderExtent);
                Assert.Equal(0, t.OutOfWindow);
                return true;
            }));
    }

    private static long[] Impair(int n, Random random)
    {
        var list = new List<long>();
        for (long s = 0; s < n; s++)
        {
            double roll = random.NextDouble();
            if (roll < 0.05) continue;                 // lost
            list.Add(s);
            if (roll > 0.95) list.Add(s);              // duplicated
        }
        for (int k = 0; k < list.Count / 10; k++)      // displaced
        {
            int from = random.Next(list.Count);
            int to = Math.Min(list.Count - 1, from + random.Next(1, 20));
            var v = list[from];
            list.RemoveAt(from);
            list.Insert(to, v);
        }
        return list.ToArray();
    }
}
