using HdrHistogram;
using HdrHistogram.Utilities;

namespace Transports.Measure.Histograms;

/// <summary>
/// A latency histogram of nanoseconds: Gil Tene's HdrHistogram (http://hdrhistogram.org; the HdrHistogram.NET package,
/// <see cref="LongHistogram"/>) with 3 significant decimal digits, plus the exact minimum, maximum and mean, which
/// HdrHistogram only knows to bucket resolution.
/// </summary>
/// <remarks>
/// <para>Resolution: HdrHistogram with 3 significant digits splits every power-of-two range of values into 1024 equal
/// sub-buckets, so any recorded value is known to within a relative error of less than 2^-10
/// (<see cref="RelativeError"/>, about 0.098%, under the 0.1% that 3 significant digits promise), from 1 up to
/// <see cref="HighestTrackableValue"/>; values 0 to 2047 are stored exactly.</para>
/// <para>Units: nanoseconds (<see cref="Timing.MonotonicClock.TicksToNanoseconds"/>), so that HdrHistogram's own tools
/// (HistogramLogProcessor, whose default output ratio turns nanoseconds into milliseconds) read the exported
/// histograms (<see cref="ToCompressedBase64"/>, the <c>.hlog</c> files of a run) without a unit option.</para>
/// <para>Concurrency: <see cref="Record"/> is for one writer at a time, takes no lock and allocates nothing (an index
/// computation and one array increment in <see cref="LongHistogram"/>, and a few field updates here). Give each
/// writer its own histogram and <see cref="Merge"/> them afterwards; read (percentiles, <see cref="Count"/>) once the
/// writer has finished.</para>
/// <para>Values above <see cref="HighestTrackableValue"/> (which HdrHistogram would reject with an exception) are
/// counted at <see cref="HighestTrackableValue"/> and in <see cref="SaturatedCount"/>; <see cref="Max"/> still holds
/// the exact largest value. Negative values (a clock that went backwards) are recorded as 0 and counted in
/// <see cref="NegativeCount"/>.</para>
/// </remarks>
public sealed class LatencyHistogram
{
    /// <summary>Significant decimal digits HdrHistogram keeps: 3.</summary>
    public const int SignificantDigits = 3;

    /// <summary>
    /// Largest relative error of a reported value against the recorded one: 2^-10 (HdrHistogram with 3 significant
    /// digits has 1024 sub-buckets per power of two), i.e. at most 0.1%.
    /// </summary>
    public const double RelativeError = 1.0 / 1024;

    /// <summary>Largest value recorded exactly (bucket width 1): 2047.</summary>
    public const long LargestExactValue = 2047;

    /// <summary>
    /// The largest highest trackable value, and the default: 2^41 − 1 ns, about 36.6 minutes (the run timeout defaults to
    /// 10). HdrHistogram.NET 2.5.0 computes a bucket's width with a 32-bit shift (<c>1 &lt;&lt; bucketIndex</c>), which
    /// is wrong for buckets from 2^41 up: their highest equivalent values, percentiles and compressed encoding (whose
    /// length follows the maximum) come out wrong there. Values above it are counted at it (<see cref="SaturatedCount"/>).
    /// </summary>
    public const long MaxHighestTrackableValue = (1L << 41) - 1;

    /// <summary>What <see cref="ToCompressedBase64"/> yields, as stated in results.json.</summary>
    public const string EncodingDescription = "HdrHistogram V2 compressed, base64; values in nanoseconds";

    private readonly LongHistogram _histogram;
    private long _min = long.MaxValue;
    private long _max;
    private double _sum;

    /// <summary>Creates an empty histogram able to resolve values from 1 up to <paramref name="highestTrackableValue"/>.</summary>
    /// <param name="highestTrackableValue">Largest value tracked to full precision, 2048 to
    /// <see cref="MaxHighestTrackableValue"/> (the default, about 36.6 minutes in ns). The memory used is about 8 KiB per
    /// power of two above 2048 (the default: 256 KiB).</param>
    /// <exception cref="ArgumentOutOfRangeException">Below 2048 or above <see cref="MaxHighestTrackableValue"/>.</exception>
    public LatencyHistogram(long highestTrackableValue = MaxHighestTrackableValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(highestTrackableValue, LargestExactValue + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(highestTrackableValue, MaxHighestTrackableValue);
        HighestTrackableValue = highestTrackableValue;
        _histogram = new LongHistogram(highestTrackableValue, SignificantDigits);
    }

    /// <summary>The largest value resolved to full precision; larger values are counted at it.</summary>
    public long HighestTrackableValue { get; }

    /// <summary>Number of values recorded.</summary>
    public long Count => _histogram.TotalCount;

    /// <summary>Smallest value recorded (exact); 0 when empty.</summary>
    public long Min => Count == 0 ? 0 : _min;

    /// <summary>Largest value recorded (exact, even above <see cref="HighestTrackableValue"/>); 0 when empty.</summary>
    public long Max => _max;

    /// <summary>Arithmetic mean of the recorded values (exact up to double rounding); 0 when empty.</summary>
    public double Mean => Count == 0 ? 0 : _sum / Count;

    /// <summary>Values recorded above <see cref="HighestTrackableValue"/> (counted at it).</summary>
    public long SaturatedCount { get; private set; }

    /// <summary>Negative values recorded (stored as 0).</summary>
    public long NegativeCount { get; private set; }

    /// <summary>Records one value. One writer at a time; no lock, no allocation.</summary>
    /// <param name="value">The value: a latency in nanoseconds.</param>
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
        _histogram.RecordValue(stored);
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
        if (other.Count == 0) return;
        _histogram.Add(other._histogram);
        _sum += other._sum;
        SaturatedCount += other.SaturatedCount;
        NegativeCount += other.NegativeCount;
        if (other._min < _min) _min = other._min;
        if (other._max > _max) _max = other._max;
    }

    /// <summary>Forgets every value.</summary>
    public void Reset()
    {
        _histogram.Reset();
        _sum = 0;
        _min = long.MaxValue;
        _max = 0;
        SaturatedCount = 0;
        NegativeCount = 0;
    }

    /// <summary>
    /// The value at <paramref name="percentile"/> by the nearest-rank definition: the smallest recorded value such that
    /// at least <paramref name="percentile"/>% of the values are at or below it, reported as the highest value of its
    /// HdrHistogram bucket (so never below the true sample, and above it by less than <see cref="RelativeError"/> of
    /// it), clamped to [<see cref="Min"/>, <see cref="Max"/>].
    /// </summary>
    /// <param name="percentile">0..100; 0 gives <see cref="Min"/>, 100 gives <see cref="Max"/>.</param>
    /// <returns>The value, or 0 when the histogram is empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0..100.</exception>
    public long GetValueAtPercentile(double percentile) => ValueAtPercentile(_histogram, percentile, Min, Max);

    /// <summary>
    /// The nearest-rank percentile of any HdrHistogram (e.g. one read back from an <c>.hlog</c> file or decoded from
    /// results.json), as <see cref="GetValueAtPercentile"/> computes it: the highest equivalent value of the bucket
    /// holding rank ceil(p/100 · count), clamped to [<paramref name="min"/>, <paramref name="max"/>].
    /// </summary>
    /// <remarks>HdrHistogram's own <see cref="HistogramBase.GetValueAtPercentile"/> rounds the rank to the nearest
    /// integer instead, which can report the bucket below the nearest-rank sample; this is why the harness keeps its
    /// own definition.</remarks>
    /// <param name="histogram">The histogram.</param>
    /// <param name="percentile">0..100; 0 gives <paramref name="min"/>, 100 gives <paramref name="max"/>.</param>
    /// <param name="min">The exact smallest value, when known (else the histogram's lowest bucket value).</param>
    /// <param name="max">The exact largest value, when known (else the histogram's highest bucket value).</param>
    /// <returns>The value, or 0 when the histogram is empty.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0..100.</exception>
    public static long ValueAtPercentile(HistogramBase histogram, double percentile, long min, long max)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (percentile is < 0 or > 100 || double.IsNaN(percentile))
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "percentile must be within 0..100");
        long total = histogram.TotalCount;
        if (total == 0) return 0;
        if (percentile == 0) return min;
        if (percentile == 100) return max;
        // Nearest rank: ceil(p/100 * n), at least 1. The small epsilon keeps 99.9% of 1000 at rank 999, not 1000.
        long rank = Math.Clamp((long)Math.Ceiling(percentile / 100.0 * total - 1e-9), 1, total);
        foreach (var bucket in histogram.RecordedValues())
            if (bucket.TotalCountToThisValue >= rank)
                return Math.Clamp(histogram.HighestEquivalentValue(bucket.ValueIteratedTo), min, max);
        return max;
    }

    /// <summary>
    /// The histogram in HdrHistogram's V2 compressed encoding (a DEFLATE-compressed, ZigZag-LEB128 run-length encoding
    /// of the counts, the format of <c>.hlog</c> lines and of HdrHistogram's <c>encodeIntoCompressedByteBuffer</c> in
    /// every language), as base64: <see cref="EncodingDescription"/>. Typically a few hundred bytes to a few KiB. Exact
    /// <see cref="Min"/>, <see cref="Max"/> and <see cref="Mean"/> are not in it (HdrHistogram has them at bucket
    /// resolution only).
    /// </summary>
    public string ToCompressedBase64()
    {
        var buffer = ByteBuffer.Allocate(_histogram.GetNeededByteBufferCapacity());
        int length = _histogram.EncodeIntoCompressedByteBuffer(buffer);
        // ByteBuffer exposes its bytes one at a time only (its array copy is internal).
        var bytes = new byte[length];
        buffer.Position = 0;
        for (int i = 0; i < length; i++) bytes[i] = buffer.Get();
        return Convert.ToBase64String(bytes);
    }

    /// <summary>This histogram as data (its compressed encoding plus the exact minimum, maximum, sum and counts).</summary>
    public LatencyHistogramSnapshot ToSnapshot() => new(ToCompressedBase64(), Min, Max, _sum, SaturatedCount, NegativeCount);

    /// <summary>Rebuilds the histogram <see cref="ToSnapshot"/> described: same counts, percentiles, minimum, maximum and mean.</summary>
    /// <param name="snapshot">The snapshot, e.g. read from another process's report.</param>
    /// <exception cref="FormatException">The snapshot is not a valid one (not base64, not a compressed HdrHistogram of
    /// 3 significant digits within <see cref="MaxHighestTrackableValue"/>, or figures that contradict its counts).</exception>
    public static LatencyHistogram FromSnapshot(LatencyHistogramSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        HistogramBase decoded;
        try
        {
            decoded = DecodeCompressedBase64(snapshot.HistogramNs ?? throw new FormatException("the histogram is missing"));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException
                                  or System.IO.InvalidDataException)
        {
            throw new FormatException($"not a compressed HdrHistogram: {e.Message}", e);
        }
        if (decoded.NumberOfSignificantValueDigits != SignificantDigits
            || decoded.HighestTrackableValue is < LargestExactValue + 1 or > MaxHighestTrackableValue)
            throw new FormatException($"unexpected histogram layout ({decoded.NumberOfSignificantValueDigits} digits, highest {decoded.HighestTrackableValue})");
        long count = decoded.TotalCount;
        if (snapshot.SaturatedCount < 0 || snapshot.NegativeCount < 0 || snapshot.SaturatedCount + snapshot.NegativeCount > count
            || (count == 0 ? snapshot.MinNs != 0 || snapshot.MaxNs != 0 : snapshot.MinNs < 0 || snapshot.MinNs > snapshot.MaxNs)
            || !double.IsFinite(snapshot.SumNs))
            throw new FormatException("the histogram's exact figures contradict its counts");
        var histogram = new LatencyHistogram(decoded.HighestTrackableValue);
        histogram._histogram.Add(decoded);
        histogram._sum = snapshot.SumNs;
        histogram._min = count == 0 ? long.MaxValue : snapshot.MinNs;
        histogram._max = snapshot.MaxNs;
        histogram.SaturatedCount = snapshot.SaturatedCount;
        histogram.NegativeCount = snapshot.NegativeCount;
        return histogram;
    }

    /// <summary>The most a compressed histogram may inflate to, bytes (16 MiB).</summary>
    private const int MaxInflatedBytes = 16 << 20;

    /// <summary>Decodes what <see cref="ToCompressedBase64"/> (or an <c>.hlog</c> line's last column) holds.</summary>
    /// <remarks>
    /// The compressed form is a 4-byte cookie, the 4-byte big-endian length of the compressed payload, and the payload: the
    /// uncompressed V2 encoding, zlib-compressed (RFC 1950). HdrHistogram.NET 2.5.0's own decoder reads the inflated
    /// stream with a single <c>Read</c>, which on .NET 6 and later returns only part of a large histogram ("The buffer
    /// does not contain the indicated payload amount" for a few hundred thousand spread-out samples); so the payload is
    /// inflated here to its end and handed to the library's uncompressed decoder.
    /// </remarks>
    /// <param name="base64">HdrHistogram V2 compressed histogram, base64.</param>
    /// <returns>The HdrHistogram (values in the units that were recorded: nanoseconds here).</returns>
    /// <exception cref="FormatException">Not base64.</exception>
    /// <exception cref="ArgumentException">Not a compressed HdrHistogram.</exception>
    public static HistogramBase DecodeCompressedBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        var bytes = Convert.FromBase64String(base64);
        if (bytes.Length < 8) throw new ArgumentException("too short for a compressed HdrHistogram");
        int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        if (length < 0 || length > bytes.Length - 8) throw new ArgumentException($"the compressed payload claims {length} bytes but {bytes.Length - 8} follow");
        using var inflated = new MemoryStream();
        try
        {
            using var zlib = new System.IO.Compression.ZLibStream(new MemoryStream(bytes, 8, length), System.IO.Compression.CompressionMode.Decompress);
            // Bounded: the largest histogram this class makes inflates to well under 1 MiB; a peer's report is not trusted.
            var chunk = new byte[81920];
            for (int n; (n = zlib.Read(chunk)) > 0;)
            {
                inflated.Write(chunk, 0, n);
                if (inflated.Length > MaxInflatedBytes) throw new ArgumentException($"the compressed histogram inflates beyond {MaxInflatedBytes} bytes");
            }
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException($"the compressed payload is not zlib data: {e.Message}", e);
        }
        return HistogramEncoding.DecodeFromByteBuffer(ByteBuffer.Allocate(inflated.ToArray()), 0, null);
    }
}
