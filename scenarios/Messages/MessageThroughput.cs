using Transports.Results;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Messages;

/// <summary>The <see cref="Throughput"/> section of a message scenario's measurement: its counts and ticks turned into <see cref="Goodput"/>'s inputs.</summary>
public static class MessageThroughput
{
    /// <summary>Builds the throughput record from counts and timestamps (Stopwatch ticks; 0 = did not happen).</summary>
    /// <param name="messageSizeBytes">Bytes per message.</param>
    /// <param name="sent">Measured messages sent.</param>
    /// <param name="delivered">Distinct measured messages delivered (datagrams) or answered (pingpong).</param>
    /// <param name="connectStartTicks">When the client started connecting.</param>
    /// <param name="firstReceiveTicks">When the first message was received (0: none).</param>
    /// <param name="measuredStartTicks">Start of the measured interval (first measured send, intended or actual).</param>
    /// <param name="measuredEndTicks">End of the measured interval (last measured message received).</param>
    /// <param name="endTicks">When the run finished.</param>
    /// <param name="rateMessagesPerSecond">Open-loop rate, 0 when unpaced.</param>
    public static Throughput Create(int messageSizeBytes, long sent, long delivered, long connectStartTicks, long firstReceiveTicks,
        long measuredStartTicks, long measuredEndTicks, long endTicks, double rateMessagesPerSecond)
    {
        double seconds = Math.Max(0, measuredEndTicks - measuredStartTicks) / (double)MonotonicClock.TicksPerSecond;
        return Goodput.ToThroughput(sent * messageSizeBytes, delivered * messageSizeBytes, seconds,
            ttfbMs: firstReceiveTicks > 0 ? MonotonicClock.TicksToMilliseconds(firstReceiveTicks - connectStartTicks) : 0,
            totalMs: MonotonicClock.TicksToMilliseconds(endTicks - connectStartTicks),
            messagesSent: sent, messagesDelivered: delivered,
            targetBitsPerSecond: rateMessagesPerSecond > 0 ? rateMessagesPerSecond * messageSizeBytes * 8 : null);
    }
}
