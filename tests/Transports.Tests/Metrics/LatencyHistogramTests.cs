using FsCheck;
using FsCheck.Fluent;
using Transports.Measure.Histograms;
using Xunit;

namespace Transports.Tests.Metrics;

/// <summary>
/// The HdrHistogram wrapper (LongHistogram, 3 significant digits, nanoseconds) against exact percentiles of the same
/// samples (nearest-rank definition), and its compressed encoding.
/// </summary>
public sealed class LatencyHistogramTests
{
    private static readonly double[] Percentiles = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 99.999, 100];

    /// <summary>Nearest rank: the smallest sample with at least p% of the samples at or below it.</summary>
    private static long ExactPercentile(long[] sorted, double percentile)
    {
        if (percentile == 0) return sorted[0];
        long rank = (long)Math.Ceiling(percentile / 100.0 * sorted.Length - 1e-9);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    private static void AssertWithinError(long[] samples)
    {
        var histogram = new LatencyHistogram();
        foreach (var s in samples) histogram.Record(s);
        var sorted = samples.OrderBy(v => v).ToArray();
        foreach (var p in Percentiles)
        {
            long exact = ExactPercentile(sorted, p);
            long reported = histogram.GetValueAtPercentile(p);
            Assert.True(reported >= exact, $"p{p}: reported {reported} < exact {exact}");
            Assert.True(reported - exact <= exact * LatencyHistogram.RelativeError,
                $"p{p}: reported {reported} vs exact {exact}: relative error {(reported - exact) / (double)exact:E3} > {LatencyHistogram.RelativeError:E3}");
        }
        Assert.Equal(samples.Length, histogram.Count);
        Assert.Equal(sorted[0], histogram.Min);
        Assert.Equal(sorted[^1], histogram.Max);
        Assert.Equal(samples.Average(v => (double)v), histogram.Mean, 1e-6 * Math.Max(1, histogram.Mean));
        for (int i = 1; i < Percentiles.Length; i++)
            Assert.True(histogram.GetValueAtPercentile(Percentiles[i]) >= histogram.GetValueAtPercentile(Percentiles[i - 1]),
                $"p{Percentiles[i]} below p{Percentiles[i - 1]}");
    }

    [Fact]
    public void Three_significant_digits_bound_the_relative_error_by_a_tenth_of_a_percent()
    {
        Assert.Equal(3, LatencyHistogram.SignificantDigits);
        Assert.True(LatencyHistogram.RelativeError <= 0.001, $"{LatencyHistogram.RelativeError}");
        // Every value's bucket, as HdrHistogram reports it, is within the bound: sweep a log grid over the whole range.
        var h = new LatencyHistogram();
        for (double v = 1; v < LatencyHistogram.MaxHighestTrackableValue; v *= 1.013)
        {
            h.Reset();
            long value = (long)v;
            h.Record(value);
            h.Record(value); // two samples: p50 is the bucket's highest value, not clamped to the exact max
            h.Record(value + (long)(value * 0.5) + 1);
            long reported = h.GetValueAtPercentile(50);
            Assert.InRange(reported, value, value + value * LatencyHistogram.RelativeError);
        }
    }

    [Fact]
    public void Values_below_2048_are_exact()
    {
        var h = new LatencyHistogram();
        for (long v = 0; v < 2048; v++) h.Record(v);
        for (int rank = 1; rank <= 2048; rank++)
            Assert.Equal(rank - 1, h.GetValueAtPercentile(100.0 * rank / 2048));
    }

    [Fact]
    public void Property_percentiles_are_within_the_stated_relative_error_of_exact_sorted_samples()
    {
        // Samples spread over the whole range, 1 ns .. 2^41 ns, with clusters (latency-like) and wide tails.
        var value = Gen.OneOf(
            Gen.Choose(0, 5000).Select(v => (long)v),
            Gen.Choose(0, int.MaxValue).Select(v => (long)v),
            Gen.Choose(0, 40_999).Select(e => (long)Math.Pow(2, e / 1000.0)), // log-uniform up to the top of the range, 2^41 ≈ 36 min in ns
            Gen.Choose(20_000, 20_100).Select(v => v * 1000L));              // a tight cluster around 20 ms
        var samples = Gen.NonEmptyListOf(value).Select(l => l.ToArray());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithEndSize(3000),
            Prop.ForAll(samples.ToArbitrary(), s => { AssertWithinError(s); return true; }));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Heavy_tailed_latency_like_samples_match_exact_percentiles(int seed)
    {
        var random = new Random(seed);
        // Log-normal around 50 µs with a Pareto tail: what a loaded loopback RTT looks like, in ns.
        var samples = new long[100_000];
        for (int i = 0; i < samples.Length; i++)
        {
            double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            double v = 50_000 * Math.Exp(0.5 * normal);
            if (random.NextDouble() < 0.01) v *= 1 / Math.Pow(1 - random.NextDouble(), 1.5);
            samples[i] = (long)Math.Min(v, LatencyHistogram.MaxHighestTrackableValue);
        }
        AssertWithinError(samples);
    }

    [Fact]
    public void Merge_equals_recording_everything_into_one()
    {
        var random = new Random(7);
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        var all = new LatencyHistogram();
        for (int i = 0; i < 10_000; i++)
        {
            long v = random.NextInt64(1, 10_000_000_000);
            (i % 3 == 0 ? a : b).Record(v);
            all.Record(v);
        }
        a.Merge(b);
        Assert.Equal(all.Count, a.Count);
        Assert.Equal(all.Min, a.Min);
        Assert.Equal(all.Max, a.Max);
        Assert.Equal(all.Mean, a.Mean, 1e-3);
        foreach (var p in Percentiles) Assert.Equal(all.GetValueAtPercentile(p), a.GetValueAtPercentile(p));
        Assert.Throws<ArgumentException>(() => a.Merge(new LatencyHistogram(1_000_000)));
    }

    [Fact]
    public void Values_above_the_range_saturate_but_max_stays_exact_and_negatives_are_counted()
    {
        var h = new LatencyHistogram(highestTrackableValue: 1_000_000);
        h.Record(10);
        h.Record(5_000_000);
        h.Record(-3);
        Assert.Equal(1, h.SaturatedCount);
        Assert.Equal(1, h.NegativeCount);
        Assert.Equal(5_000_000, h.Max);
        Assert.Equal(0, h.Min);
        Assert.Equal(5_000_000, h.GetValueAtPercentile(100));
        Assert.InRange(h.GetValueAtPercentile(99), 1_000_000, 1_000_000 * (1 + LatencyHistogram.RelativeError));
    }

    [Fact]
    public void Empty_histogram_and_bad_percentiles()
    {
        var h = new LatencyHistogram();
        Assert.Equal(0, h.GetValueAtPercentile(50));
        Assert.Equal(0, h.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => h.GetValueAtPercentile(101));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.GetValueAtPercentile(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistogram(100));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistogram(LatencyHistogram.MaxHighestTrackableValue + 1));
        Assert.Empty(LatencyHistogramExport.Distribution(h));
        Assert.Equal(0, LatencyHistogram.DecodeCompressedBase64(h.ToCompressedBase64()).TotalCount);
    }

    [Fact]
    public void A_snapshot_rebuilds_the_same_histogram_with_its_exact_figures()
    {
        var random = new Random(12);
        var h = new LatencyHistogram();
        for (int i = 0; i < 20_000; i++) h.Record((long)(30_000 * Math.Exp(3 * random.NextDouble())) + 1);
        h.Record(LatencyHistogram.MaxHighestTrackableValue * 3); // saturated
        h.Record(-5);                                            // a clock that went backwards

        var copy = LatencyHistogram.FromSnapshot(System.Text.Json.JsonSerializer.Deserialize<LatencyHistogramSnapshot>(
            System.Text.Json.JsonSerializer.Serialize(h.ToSnapshot()))!);

        Assert.Equal(h.Count, copy.Count);
        Assert.Equal(h.Min, copy.Min);
        Assert.Equal(h.Max, copy.Max);
        Assert.Equal(h.Mean, copy.Mean);
        Assert.Equal(1, copy.SaturatedCount);
        Assert.Equal(1, copy.NegativeCount);
        foreach (var p in Percentiles) Assert.Equal(h.GetValueAtPercentile(p), copy.GetValueAtPercentile(p));
        Assert.Equal(h.ToCompressedBase64(), copy.ToCompressedBase64());
        var empty = LatencyHistogram.FromSnapshot(new LatencyHistogram().ToSnapshot());
        Assert.Equal(0, empty.Count);
        Assert.Equal(0, empty.Min);

        var snapshot = h.ToSnapshot();
        Assert.Throws<FormatException>(() => LatencyHistogram.FromSnapshot(snapshot with { HistogramNs = "not base64!" }));
        Assert.Throws<FormatException>(() => LatencyHistogram.FromSnapshot(snapshot with { HistogramNs = Convert.ToBase64String(new byte[40]) }));
        Assert.Throws<FormatException>(() => LatencyHistogram.FromSnapshot(snapshot with { MinNs = snapshot.MaxNs + 1 }));
        Assert.Throws<FormatException>(() => LatencyHistogram.FromSnapshot(snapshot with { SaturatedCount = h.Count + 1 }));
        Assert.Throws<FormatException>(() => LatencyHistogram.FromSnapshot(snapshot with { SumNs = double.NaN }));
    }

    [Fact]
    public void Compressed_base64_round_trips_through_HdrHistogram_with_the_same_percentiles()
    {
        var random = new Random(11);
        var h = new LatencyHistogram();
        for (int i = 0; i < 50_000; i++) h.Record((long)(20_000 * Math.Exp(4 * random.NextDouble())));
        h.Record(LatencyHistogram.MaxHighestTrackableValue * 2); // saturated: counted at the top
        var base64 = h.ToCompressedBase64();
        Assert.StartsWith("HISTF", base64); // the V2 compressed cookie, as every HdrHistogram implementation writes it
        var decoded = LatencyHistogram.DecodeCompressedBase64(base64);
        Assert.IsType<HdrHistogram.LongHistogram>(decoded);
        Assert.Equal(3, decoded.NumberOfSignificantValueDigits);
        Assert.Equal(h.Count, decoded.TotalCount);
        foreach (var p in Percentiles)
            Assert.Equal(h.GetValueAtPercentile(p), LatencyHistogram.ValueAtPercentile(decoded, p, h.Min, h.Max));
        Assert.Throws<FormatException>(() => LatencyHistogram.DecodeCompressedBase64("not base64!"));
    }

    [Fact]
    public void Export_gives_milliseconds_and_a_monotonic_nines_distribution_ending_at_max()
    {
        var h = new LatencyHistogram();
        for (int i = 1; i <= 10_000; i++) h.Record(i * 1000L); // 1 µs .. 10 ms
        var latency = h.ToLatency("rtt", coordinatedOmissionCorrected: true);
        Assert.Equal("rtt", latency.Kind);
        Assert.True(latency.CoordinatedOmissionCorrected);
        Assert.Equal(10_000, latency.Count);
        Assert.Equal(0.001, latency.MinMs, 9);
        Assert.Equal(10.0, latency.MaxMs, 9);
        Assert.InRange(latency.P50Ms, 5.0, 5.0 * (1 + LatencyHistogram.RelativeError));
        Assert.InRange(latency.P99Ms, 9.9, 9.9 * (1 + LatencyHistogram.RelativeError));
        Assert.InRange(latency.P999Ms, 9.99, 9.99 * (1 + LatencyHistogram.RelativeError));
        Assert.InRange(latency.P9999Ms, 9.999, 10.0);
        var d = latency.Distribution;
        Assert.Equal(0, d[0].Percentile);
        Assert.Equal(new Transports.Results.PercentilePoint(100, 10.0), d[^1]);
        Assert.Contains(d, p => Math.Abs(p.Percentile - 99) < 1e-9);
        Assert.Contains(d, p => Math.Abs(p.Percentile - 99.99) < 1e-9);
        for (int i = 1; i < d.Count; i++)
        {
            Assert.True(d[i].Percentile > d[i - 1].Percentile);
            Assert.True(d[i].ValueMs >= d[i - 1].ValueMs);
        }
    }
}

/// <summary>
/// A large, spread-out histogram survives its compressed encoding: HdrHistogram.NET 2.5.0's own decoder fails on it under
/// .NET 6+ (one partial Read of the inflated stream), which broke datagrams runs of a few seconds.
/// </summary>
public sealed class LargeHistogramEncodingTests
{
    [Theory]
    [InlineData(400_000, 3e6)]
    [InlineData(100_000, 7e10)]
    public void A_large_spread_out_histogram_round_trips_through_its_compressed_encoding(int samples, double spread)
    {
        var rng = new Random(1);
        var h = new Transports.Measure.Histograms.LatencyHistogram();
        for (int i = 0; i < samples; i++) h.Record((long)(rng.NextDouble() * spread) + 1);
        var back = Transports.Measure.Histograms.LatencyHistogram.FromSnapshot(h.ToSnapshot());
        Assert.Equal(h.Count, back.Count);
        foreach (var p in new[] { 50.0, 99, 99.9 }) Assert.Equal(h.GetValueAtPercentile(p), back.GetValueAtPercentile(p));
    }

    [Fact]
    public void A_truncated_or_inflating_payload_is_refused()
    {
        var h = new Transports.Measure.Histograms.LatencyHistogram();
        h.Record(1000);
        var bytes = Convert.FromBase64String(h.ToCompressedBase64());
        Assert.Throws<ArgumentException>(() => Transports.Measure.Histograms.LatencyHistogram.DecodeCompressedBase64(Convert.ToBase64String(bytes[..^3])));
        // a zlib payload that inflates to 32 MiB of zeros
        using var raw = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(raw, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            z.Write(new byte[32 << 20]);
        var bomb = new byte[8 + raw.Length];
        bytes.AsSpan(0, 4).CopyTo(bomb);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bomb.AsSpan(4), (int)raw.Length);
        raw.ToArray().CopyTo(bomb, 8);
        var e = Assert.Throws<ArgumentException>(() => Transports.Measure.Histograms.LatencyHistogram.DecodeCompressedBase64(Convert.ToBase64String(bomb)));
        Assert.Contains("inflates beyond", e.Message);
    }
}
