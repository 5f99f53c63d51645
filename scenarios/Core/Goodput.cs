using Transports.Results;

namespace Transports.Scenarios.Core;

/// <summary>
/// The goodput arithmetic of every scenario, in one place: network rates in SI bits (1 Gbit = 10^9 bit), file rates in
/// MiB (2^20 bytes), both over the transfer interval (first send to last delivery).
/// </summary>
public static class Goodput
{
    /// <summary>Builds the <see cref="Throughput"/> record.</summary>
    /// <param name="bytesSent">Payload bytes sent.</param>
    /// <param name="bytesDelivered">Distinct payload bytes delivered.</param>
    /// <param name="transferSeconds">The transfer interval, seconds (0: nothing measured; rates are then 0).</param>
    /// <param name="ttfbMs">Time to first byte from the start of the connect, ms (0: nothing arrived).</param>
    /// <param name="totalMs">Connect start to the end of the run, ms.</param>
    /// <param name="messagesSent">Messages or datagrams sent, for message-based runs.</param>
    /// <param name="messagesDelivered">Distinct messages or datagrams delivered, for message-based runs.</param>
    /// <param name="targetBitsPerSecond">The paced target rate of payload, bit/s, when paced.</param>
    public static Throughput ToThroughput(long bytesSent, long bytesDelivered, double transferSeconds, double ttfbMs, double totalMs,
        long? messagesSent = null, long? messagesDelivered = null, double? targetBitsPerSecond = null) => new()
    {
        BytesSent = bytesSent,
        BytesDelivered = bytesDelivered,
        GoodputBitsPerSecond = transferSeconds > 0 ? bytesDelivered * 8 / transferSeconds : 0,
        GoodputMiBPerSecond = transferSeconds > 0 ? bytesDelivered / (double)(1 << 20) / transferSeconds : 0,
        TimeToFirstByteMs = ttfbMs,
        TransferDurationMs = transferSeconds * 1000,
        TotalDurationMs = totalMs,
        MessagesSent = messagesSent,
        MessagesDelivered = messagesDelivered,
        MessagesPerSecond = messagesDelivered is long m ? (transferSeconds > 0 ? m / transferSeconds : 0) : null,
        TargetRateBitsPerSecond = targetBitsPerSecond,
    };
}
