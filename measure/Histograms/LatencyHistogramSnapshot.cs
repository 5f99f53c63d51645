namespace Transports.Measure.Histograms;

/// <summary>
/// A <see cref="LatencyHistogram"/> as data, to carry it to another process (e.g. a two-host agent's report, as JSON):
/// the HdrHistogram in its V2 compressed encoding (<see cref="LatencyHistogram.ToCompressedBase64"/>, the encoding of
/// results.json) plus the exact figures the encoding does not hold. <see cref="LatencyHistogram.FromSnapshot"/> rebuilds it.
/// </summary>
/// <param name="HistogramNs">The histogram, <see cref="LatencyHistogram.EncodingDescription"/>.</param>
/// <param name="MinNs">Exact smallest value, ns (0 when empty).</param>
/// <param name="MaxNs">Exact largest value, ns (0 when empty).</param>
/// <param name="SumNs">Exact sum of the values, ns (for the mean).</param>
/// <param name="SaturatedCount">Values recorded above the highest trackable value.</param>
/// <param name="NegativeCount">Negative values recorded (stored as 0).</param>
public sealed record LatencyHistogramSnapshot(string HistogramNs, long MinNs, long MaxNs, double SumNs, long SaturatedCount, long NegativeCount);
