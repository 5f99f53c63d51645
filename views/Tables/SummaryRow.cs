using Transports.Results.Statistics;
using Transports.Results;

namespace Transports.Views.Tables;

/// <summary>
/// One transport's headline numbers, flattened for tables: each value is the median over the measured repeats.
/// A pure projection of a <see cref="TransportResult"/>; every tabular view (console, CSV, Markdown) uses it.
/// </summary>
public sealed record SummaryRow
{
    /// <summary>Transport name.</summary>
    public required string Transport { get; init; }
    /// <summary>Transport label (name plus variant).</summary>
    public required string Label { get; init; }
    /// <summary>Outcome, lowercase.</summary>
    public required string Status { get; init; }
    /// <summary>Error or skip reason.</summary>
    public string? Error { get; init; }
    /// <summary>Measured repeats.</summary>
    public int Repeats { get; init; }
    /// <summary>Median goodput, Gbit/s (10^9 bit/s).</summary>
    public double? GoodputGbitPerSecond { get; init; }
    /// <summary>Smallest goodput over repeats, Gbit/s.</summary>
    public double? GoodputGbitPerSecondMin { get; init; }
    /// <summary>Largest goodput over repeats, Gbit/s.</summary>
    public double? GoodputGbitPerSecondMax { get; init; }
    /// <summary>Median goodput, MiB/s.</summary>
    public double? GoodputMiBPerSecond { get; init; }
    /// <summary>Median time to first byte, ms.</summary>
    public double? TimeToFirstByteMs { get; init; }
    /// <summary>Median transfer duration (first send to last byte), ms.</summary>
    public double? TransferDurationMs { get; init; }
    /// <summary>Median total duration (connect to verified), ms.</summary>
    public double? TotalDurationMs { get; init; }
    /// <summary>Payload bytes delivered (median).</summary>
    public double? BytesDelivered { get; init; }
    /// <summary>Median loss, percent; null for reliable transports.</summary>
    public double? LossPercent { get; init; }
    /// <summary>Median duplicate count.</summary>
    public double? Duplicates { get; init; }
    /// <summary>Median reordered count.</summary>
    public double? Reordered { get; init; }
    /// <summary>Median RFC 3550 jitter, ms.</summary>
    public double? JitterMs { get; init; }
    /// <summary>Median messages per second delivered.</summary>
    public double? MessagesPerSecond { get; init; }
    /// <summary>Median p50 latency, ms.</summary>
    public double? LatencyP50Ms { get; init; }
    /// <summary>Median p99 latency, ms.</summary>
    public double? LatencyP99Ms { get; init; }
    /// <summary>Median p99.9 latency, ms.</summary>
    public double? LatencyP999Ms { get; init; }
    /// <summary>Median CPU microseconds per delivered message (message scenarios).</summary>
    public double? CpuMicrosecondsPerMessage { get; init; }
    /// <summary>Median managed bytes allocated per delivered message (message scenarios).</summary>
    public double? GcAllocatedBytesPerMessage { get; init; }
    /// <summary>Median latency maximum, ms.</summary>
    public double? LatencyMaxMs { get; init; }
    /// <summary>What the latency is: "rtt" or "one_way_delay".</summary>
    public string? LatencyKind { get; init; }
    /// <summary>Median CPU seconds per GiB.</summary>
    public double? CpuSecondsPerGiB { get; init; }
    /// <summary>Largest peak working set over repeats, bytes.</summary>
    public double? PeakWorkingSetBytes { get; init; }
    /// <summary>Median managed bytes allocated per MiB delivered.</summary>
    public double? GcAllocatedBytesPerMiB { get; init; }
    /// <summary>Integrity verdict in full: "sha256 ok", "file NOT delivered: …", "n/a".</summary>
    public string Integrity { get; init; } = "n/a";

    /// <summary>True when every repeat's bytes were verified, false when one was not, null when not applicable.</summary>
    public bool? IntegrityOk { get; init; }

    /// <summary>Projects <paramref name="result"/>.</summary>
    /// <param name="result">One transport's result.</param>
    public static SummaryRow From(TransportResult result)
    {
        var r = result.Repeats;
        double? Median(Func<Measurement, double?> f) => SpreadCalculator.Of(r.Select(f).OfType<double>())?.Median;
        var goodput = result.Summary?.GoodputBitsPerSecond;
        return new SummaryRow
        {
            Transport = result.Transport,
            Label = result.Label,
            Status = result.Status.Text(),
            Error = result.Error,
            Repeats = r.Count,
            GoodputGbitPerSecond = goodput?.Median / 1e9,
            GoodputGbitPerSecondMin = goodput?.Min / 1e9,
            GoodputGbitPerSecondMax = goodput?.Max / 1e9,
            GoodputMiBPerSecond = Median(m => m.Throughput?.GoodputMiBPerSecond),
            TimeToFirstByteMs = Median(m => m.Throughput?.TimeToFirstByteMs),
            TransferDurationMs = Median(m => m.Throughput?.TransferDurationMs),
            TotalDurationMs = Median(m => m.Throughput?.TotalDurationMs),
            BytesDelivered = Median(m => m.Throughput?.BytesDelivered),
            LossPercent = Median(m => m.Delivery?.LossPercent),
            Duplicates = Median(m => m.Delivery?.Duplicates),
            Reordered = Median(m => m.Delivery?.Reordered),
            JitterMs = Median(m => m.Delivery?.JitterMs),
            MessagesPerSecond = Median(m => m.Throughput?.MessagesPerSecond),
            LatencyP50Ms = Median(m => m.Latency?.P50Ms),
            LatencyP99Ms = Median(m => m.Latency?.P99Ms),
            LatencyP999Ms = Median(m => m.Latency?.P999Ms),
            CpuSecondsPerGiB = Median(m => m.Cost?.CpuSecondsPerGiB),
            CpuMicrosecondsPerMessage = Median(m => m.Throughput?.MessagesDelivered is > 0 && m.Cost is not null
                ? m.Cost.CpuSeconds * 1e6 / m.Throughput.MessagesDelivered.Value : null),
            GcAllocatedBytesPerMessage = Median(m => m.Throughput?.MessagesDelivered is > 0 && m.Cost is not null
                ? m.Cost.GcAllocatedBytes / (double)m.Throughput.MessagesDelivered.Value : null),
            LatencyMaxMs = Median(m => m.Latency?.MaxMs),
            LatencyKind = r.Select(m => m.Latency?.Kind).FirstOrDefault(k => k is not null),
            PeakWorkingSetBytes = r.Count == 0 ? null : r.Max(m => (double?)m.Cost?.PeakWorkingSetBytes),
            GcAllocatedBytesPerMiB = Median(m => m.Cost?.GcAllocatedBytesPerMiB),
            Integrity = IntegrityVerdict(r),
            IntegrityOk = r.Select(m => m.Integrity).OfType<Integrity>().Select(i => (bool?)i.Verified).DefaultIfEmpty(null).Aggregate((a, b) => a & b),
        };
    }

    private static string IntegrityVerdict(IReadOnlyList<Measurement> repeats)
    {
        var checks = repeats.Select(m => m.Integrity).OfType<Integrity>().ToList();
        if (checks.Count == 0) return "n/a";
        var bad = checks.FirstOrDefault(i => !i.Verified);
        if (bad is null) return $"{checks[0].Method} ok";
        return bad.Detail ?? "not verified";
    }
}
