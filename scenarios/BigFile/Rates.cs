using Transports.Metrics.Results;

namespace Transports.Scenarios.BigFile;

/// <summary>Goodput arithmetic: network rates in SI bits (1 Gbit = 10^9 bit), file rates in MiB (2^20 bytes).</summary>
internal static class Rates
{
    public static Throughput Throughput(long sent, long delivered, double transferSeconds, double ttfbMs, double totalMs,
        long? messagesSent = null, long? messagesDelivered = null, double? targetBitsPerSecond = null) => new()
    {
        BytesSent = sent,
        BytesDelivered = delivered,
        GoodputBitsPerSecond = transferSeconds > 0 ? delivered * 8 / transferSeconds : 0,
        GoodputMiBPerSecond = transferSeconds > 0 ? delivered / (double)(1 << 20) / transferSeconds : 0,
        TimeToFirstByteMs = ttfbMs,
        TransferDurationMs = transferSeconds * 1000,
        TotalDurationMs = totalMs,
        MessagesSent = messagesSent,
        MessagesDelivered = messagesDelivered,
        MessagesPerSecond = messagesDelivered is long m && transferSeconds > 0 ? m / transferSeconds : null,
        TargetRateBitsPerSecond = targetBitsPerSecond,
    };
}
