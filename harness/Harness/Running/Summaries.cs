using Transports.Results.Statistics;
using Transports.Results;

namespace Transports.Harness.Running;

/// <summary>Summarizes the repeats of one transport: median and spread of each headline number.</summary>
public static class Summaries
{
    /// <summary>The summary of <paramref name="repeats"/>, or null when there are none.</summary>
    /// <param name="repeats">Measured repeats.</param>
    public static Summary? Of(IReadOnlyList<Measurement> repeats)
    {
        if (repeats.Count == 0) return null;
        return new Summary
        {
            Repeats = repeats.Count,
            GoodputBitsPerSecond = Spread(repeats, m => m.Throughput?.GoodputBitsPerSecond),
            MessagesPerSecond = Spread(repeats, m => m.Throughput?.MessagesPerSecond),
            LatencyP50Ms = Spread(repeats, m => m.Latency?.P50Ms),
            LatencyP99Ms = Spread(repeats, m => m.Latency?.P99Ms),
            CpuSecondsPerGiB = Spread(repeats, m => m.Cost?.CpuSecondsPerGiB),
            LossPercent = Spread(repeats, m => m.Delivery?.LossPercent),
        };
    }

    private static Spread? Spread(IReadOnlyList<Measurement> repeats, Func<Measurement, double?> select)
        => SpreadCalculator.Of(repeats.Select(select).Where(v => v.HasValue).Select(v => v!.Value));
}
