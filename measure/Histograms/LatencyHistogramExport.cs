using Transports.Results;

namespace Transports.Measure.Histograms;

/// <summary>
/// Turns a <see cref="LatencyHistogram"/> of nanoseconds (an HdrHistogram, Gil Tene's design) into the results
/// document's <see cref="Latency"/> record: percentiles in milliseconds and the histogram itself, compressed.
/// </summary>
public static class LatencyHistogramExport
{
    /// <summary>Points per factor of ten of the tail ("nine") in <see cref="Latency.Distribution"/>.</summary>
    public const int PointsPerNine = 5;

    private const double NanosecondsPerMillisecond = 1_000_000.0;

    /// <summary>
    /// The percentiles of <paramref name="histogramNs"/> (values in nanoseconds) in milliseconds: p50, p90, p99, p99.9,
    /// p99.99, min, mean, max, a percentile distribution for an HDR-style plot, and the histogram in HdrHistogram's V2
    /// compressed base64 encoding (<see cref="Latency.HistogramNs"/>, values in nanoseconds).
    /// </summary>
    /// <param name="histogramNs">A histogram whose values are nanoseconds.</param>
    /// <param name="kind">"rtt" or "one_way_delay".</param>
    /// <param name="coordinatedOmissionCorrected">True when samples were measured from the intended send time (open loop).</param>
    public static Latency ToLatency(this LatencyHistogram histogramNs, string kind, bool coordinatedOmissionCorrected)
    {
        ArgumentNullException.ThrowIfNull(histogramNs);
        return new Latency
        {
            Kind = kind,
            Count = histogramNs.Count,
            MinMs = histogramNs.Min / NanosecondsPerMillisecond,
            MeanMs = histogramNs.Mean / NanosecondsPerMillisecond,
            P50Ms = Ms(histogramNs, 50),
            P90Ms = Ms(histogramNs, 90),
            P99Ms = Ms(histogramNs, 99),
            P999Ms = Ms(histogramNs, 99.9),
            P9999Ms = Ms(histogramNs, 99.99),
            MaxMs = histogramNs.Max / NanosecondsPerMillisecond,
            Distribution = Distribution(histogramNs),
            CoordinatedOmissionCorrected = coordinatedOmissionCorrected,
            HistogramNs = histogramNs.ToCompressedBase64(),
        };
    }

    /// <summary>
    /// The percentile distribution at log-spaced "nines": percentile q = 100·(1 − 10^(−k/<see cref="PointsPerNine"/>)) for
    /// k = 0, 1, 2, … (0, 36.9, 60.2, 74.9, 84.2, 90, …, 99, …, 99.9, …) while fewer than one sample lies above q, then 100
    /// (the maximum). This is the x-axis of HdrHistogram's percentile plots; values in milliseconds.
    /// </summary>
    /// <param name="histogramNs">A histogram whose values are nanoseconds.</param>
    public static IReadOnlyList<PercentilePoint> Distribution(LatencyHistogram histogramNs)
    {
        ArgumentNullException.ThrowIfNull(histogramNs);
        var points = new List<PercentilePoint>();
        if (histogramNs.Count == 0) return points;
        for (int k = 0; ; k++)
        {
            double tail = Math.Pow(10, -(double)k / PointsPerNine); // fraction of samples above the percentile
            if (tail * histogramNs.Count < 1) break;                 // beyond the resolution of this many samples
            double percentile = Math.Round(100 * (1 - tail), 6);
            points.Add(new PercentilePoint(percentile, Ms(histogramNs, percentile)));
        }
        points.Add(new PercentilePoint(100, histogramNs.Max / NanosecondsPerMillisecond));
        return points;
    }

    private static double Ms(LatencyHistogram h, double percentile) => h.GetValueAtPercentile(percentile) / NanosecondsPerMillisecond;
}
