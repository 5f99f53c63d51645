using System.Numerics;

namespace Transports.Measure.Histograms;

/// <summary>
/// A log-linear latency histogram in the style of HdrHistogram (Gil Tene, http://hdrhistogram.org): every power-of-two
/// range of values is split into 1024 equal sub-buckets, so any recorded value is known to within a relative error of
/// less than 2^-10 (about 0.098%, i.e. 3 significant decimal digits), from 1 up to <see cref="HighestTrackableValue"/>.
/// </summary>
/// <remarks>
/// <para>Why our own: the HdrHistogram NuGet package is not restorable in this project's package mirror. This class is
/// deliberately small and isolated (record, merge, percentile queries, count/min/max/mean; export in
/// <see cref="LatencyHistogramExport"/>) so it can be swapped back for HdrHistogram.LongHistogram with
/// 3 significant digits, which has the same bucket layout and error bound.</para>
/// <para>Units: the histogram stores plain integers. The harness records nanoseconds (see
/// <see cref="Timing.MonotonicClock"/>); values from 0 to 2047 are stored exactly, larger ones in buckets whose width is
/// at most 1/1024 of their lowest value.</para>
/// <para>Concurrency: <see cref="Record"/> is for one writer at a time and takes no lock and allocates nothing (a few
/// arithmetic operations and one array increment). Give each writer its own histogram and <see cref="Merge"/> them
/// afterwards; read (percentiles, <see cref="Count"/>) once the writer has finished.</para>
/// <para>Values above <see cref="HighestTrackableValue"/> are counted in the top bucket and reported in
/// <see cref="SaturatedCount"/>; <see cref="Max"/> still holds the exact largest value. Negative values (a clock that
/// went backwards) are recorded as 0 and counted in <see cref="NegativeCount"/>.</para>
/// </remarks>
public sealed class LatencyHistogram
{
    /// <summary>log2 of the number of sub-buckets in the first (exact) range: 2048 values recorded exactly.</summary>
    private const int SubBucketBits = 11;

    /// <summary>Number of sub-buckets each further power-of-two range is split into.</summary>
    private const int SubBucketHalfCount = 1 << (SubBucketBits - 1);

    /// <summary>Largest relative error of a reported value against the recorded one: 2^-10.</summary>
    public const double RelativeError = 1.0 / SubBucketHalfCount;

    /// <summary>Default highest trackable value: one hour in nanoseconds.</summary>
    public const long OneHourNanoseconds = 3_600_000_000_000L;

    private readonly long[] _counts;
    private long _totalCount;
    private long _min = long.MaxValue;
    private long _max;
    private double _sum;

    /// <summary>Creates an empty histogram able to resolve values from 1 up to <paramref name="highestTrackableValue"/>.</summary>
    /// <param name="highestTrackableValue">Largest value tracked to full precision (default one hour in ns); at least 2048.
    /// The memory used is about 8 KiB per power of two above 2048 (one hour in ns: 264 KiB).</param>
    /// <exception cref="ArgumentOutOfRangeException">Below 2048.</exception>
    public LatencyHistogram(long highestTrackableValue = OneHourNanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(highestTrackableValue, 2 * SubBucketHalfCount);
        HighestTrackableValue = highestTrackableValue;
        _counts = new long[IndexOf(highestTrackableValue) + 1];
    }

    /// <summary>The largest value resolved to full precision; larger values land in the top bucket.</summary>
    public long HighestTrackableValue { get; }

    /// <summary>Number of values recorded.</summary>
    public long Count => _totalCount;

    /// <summary>Smallest value recorded (exact); 0 when empty.</summary>
    public long Min => _totalCount == 0 ? 0 : _min;

    /// <summary>Largest value recorded (exact, even above <see cref="HighestTrackableValue"/>); 0 when empty.</summary>
    public long Max => _max;

    /// <summary>Arithmetic mean of the recorded values (exact up to double rounding); 0 when empty.</summary>
    public double Mean => _totalCount == 0 ? 0 : _sum / _totalCount;

    /// <summary>Values recorded above <see cref="HighestTrackableValue"/> (counted in the top bucket).</summary>
    public long SaturatedCount { get; private set; }

    /// <summary>Negative values recorded (stored as 0).</summary>
    public long NegativeCount { get; private set; }

    /// <summary>Records one value. One writer at a time; no lock, no allocation.</summary>
    /// <param name="value">The value (e.g. a latency in nanoseconds).</param>
    public void Record(long value)
    {
        if (value < 0)
        {
            NegativeCount++;
            value = 0;
        }
        long stored = value;
        if (value > HighestTrackableValue)
        {
            SaturatedCount++;
            stored = HighestTrackableValue;
        }
        _counts[IndexOf(stored)]++;
        _totalCount++;
        _sum += value;
        if (value < _min) _min = value;
        if (value > _max) _max = value;
    }

    /// <summary>Adds every value of <paramref name="other"/> into this histogram.</summary>
    /// <param name="other">A histogram with the same <see cref="HighestTrackableValue"/>.</param>
    /// <exception cref="ArgumentException">The ranges differ.</exception>
    public void Merge(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.HighestTrackableValue != HighestTrackableValue)
            throw new ArgumentException($"cannot merge histograms of different ranges ({other.HighestTrackableValue} vs {HighestTrackableValue})", nameof(other));
        if (other._totalCount == 0) return;
        for (int i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        _totalCount += other._totalCount;
        _sum += other._sum;
        SaturatedCount += other.SaturatedCount;
        NegativeCount += other.NegativeCount;
        if (other._min < _min) _min = other._min;
        if (other._max > _max) _max = other._max;
    }

    /// <summary>Forgets every value.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        _totalCount = 0;
        _sum = 0;
        _min = long.MaxValue;
        _max = 0;
        SaturatedCount = 0;
        NegativeCount = 0;
    }

    /// <summary>
    /// The value at <paramref name="percentile"/> by the nearest-rank definition: the smallest recorded value such that
    /// at least <paramref name="percentile"/>% of the values are at or below it, reported as the highest value of its
    /// bucket (so never below the true sample, and above it by less than <see cref="RelativeError"/> of it), clamped
    /// to [<see cref="Min"/>, <see cref="Max"/>].
    /// </summary>
    /// <param name="percentile">0..100; 0 gives <see cref="Min"/>, 100 gives <see cref="Max"/>.</param>
    /// <returns>The value, or 0 when the histogram is empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0..100.</exception>
    public long GetValueAtPercentile(double percentile)
    {
        if (percentile is < 0 or > 100 || double.IsNaN(percentile))
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "percentile must be within 0..100");
        if (_totalCount == 0) return 0;
        if (percentile == 0) return _min;
        if (percentile == 100) return _max;
        // Nearest rank: ceil(p/100 * n), at least 1. The small epsilon keeps 99.9% of 1000 at rank 999, not 1000.
        long rank = (long)Math.Ceiling(percentile / 100.0 * _totalCount - 1e-9);
        rank = Math.Clamp(rank, 1, _totalCount);
        long cumulative = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            cumulative += _counts[i];
            if (cumulative >= rank) return Math.Clamp(HighestEquivalentValue(i), _min, _max);
        }
        return _max;
    }

    /// <summary>The number of recorded values at or below <paramref name="value"/>, at bucket resolution.</summary>
    /// <param name="value">The threshold.</param>
    public long CountAtOrBelow(long value)
    {
        if (value < 0) return 0;
        int last = IndexOf(Math.Min(value, HighestTrackableValue));
        long cumulative = 0;
        for (int i = 0; i <= last; i++) cumulative += _counts[i];
        return cumulative;
    }

    /// <summary>The bucket index of <paramref name="value"/> (0 ≤ value ≤ highest trackable).</summary>
    private static int IndexOf(long value)
    {
        if (value < 2 * SubBucketHalfCount) return (int)value; // exact range
        int msb = 63 - BitOperations.LeadingZeroCount((ulong)value); // ≥ SubBucketBits
        int shift = msb - (SubBucketBits - 1);                       // value >> shift lies in [1024, 2047]
        return shift * SubBucketHalfCount + (int)(value >> shift);
    }

    /// <summary>The largest value that falls into bucket <paramref name="index"/>.</summary>
    private static long HighestEquivalentValue(int index)
    {
        if (index < 2 * SubBucketHalfCount) return index;
        int shift = index / SubBucketHalfCount - 1;
        long sub = index - shift * SubBucketHalfCount; // in [1024, 2047]
        return ((sub + 1) << shift) - 1;
    }
}
