using Transports.Results;

namespace Transports.Views.Specs;

/// <summary>
/// One number charted per transport: how to read it from a repeat and from the summary, and how to show it.
/// </summary>
/// <param name="Title">Axis title with unit, e.g. "Goodput (Gbit/s)".</param>
/// <param name="PerRepeat">The value in one repeat, base unit; null when the repeat lacks it.</param>
/// <param name="FromSummary">The results writer's spread over repeats, base unit; null when absent.</param>
/// <param name="Scale">Base unit to display unit factor (bit/s to Gbit/s is 1e-9).</param>
/// <param name="Format">d3-format string for tooltips.</param>
internal sealed record ChartMetric(
    string Title,
    Func<Measurement, double?> PerRepeat,
    Func<Summary, Spread?>? FromSummary,
    double Scale,
    string Format)
{
    /// <summary>Goodput, Gbit/s (SI: 10^9 bit/s), from <see cref="Throughput.GoodputBitsPerSecond"/>.</summary>
    public static readonly ChartMetric Goodput = new(
        "Goodput (Gbit/s)", m => m.Throughput?.GoodputBitsPerSecond, s => s.GoodputBitsPerSecond, 1e-9, ".4~r");

    /// <summary>CPU seconds (user+sys) per GiB delivered, from <see cref="Cost.CpuSecondsPerGiB"/>.</summary>
    public static readonly ChartMetric CpuPerGiB = new(
        "CPU time (s/GiB, user+sys)", m => m.Cost?.CpuSecondsPerGiB, s => s.CpuSecondsPerGiB, 1, ".4~r");

    /// <summary>Loss rate, percent of sent, from <see cref="Delivery.LossPercent"/>.</summary>
    public static readonly ChartMetric LossPercent = new(
        "Loss (% of messages sent)", m => m.Delivery?.LossPercent, s => s.LossPercent, 1, ".4~r");

    /// <summary>RFC 3550 interarrival jitter, ms, from <see cref="Delivery.JitterMs"/>.</summary>
    public static readonly ChartMetric JitterMs = new(
        "Interarrival jitter (ms, RFC 3550)", m => m.Delivery?.JitterMs, null, 1, ".4~r");

    /// <summary>99th percentile latency, ms, from <see cref="Latency.P99Ms"/>.</summary>
    public static readonly ChartMetric LatencyP99Ms = new(
        "p99 latency (ms)", m => m.Latency?.P99Ms, s => s.LatencyP99Ms, 1, ".4~r");

    /// <summary>50th percentile latency, ms, from <see cref="Latency.P50Ms"/>.</summary>
    public static readonly ChartMetric LatencyP50Ms = new(
        "p50 latency (ms)", m => m.Latency?.P50Ms, s => s.LatencyP50Ms, 1, ".4~r");

    /// <summary>Delivered messages per second, from <see cref="Throughput.MessagesPerSecond"/>.</summary>
    public static readonly ChartMetric MessagesPerSecond = new(
        "Messages delivered per second (1/s)", m => m.Throughput?.MessagesPerSecond, s => s.MessagesPerSecond, 1, ",.0f");

    /// <summary>The finite per-repeat values of <paramref name="result"/>, in display units, in run order.</summary>
    public IReadOnlyList<double> RepeatValues(TransportResult result)
        => result.Repeats.Select(PerRepeat)
            .Where(v => v is { } x && double.IsFinite(x))
            .Select(v => v!.Value * Scale)
            .ToArray();

    /// <summary>The spread over repeats in display units: the summary's when present, else computed; null when no data.</summary>
    public SpreadStats? Stats(TransportResult result)
    {
        if (result.Summary is { } summary && FromSummary?.Invoke(summary) is { } spread && double.IsFinite(spread.Median))
            return SpreadStats.FromSpread(spread, Scale);
        return SpreadStats.FromValues(RepeatValues(result));
    }
}
