using System.Runtime.CompilerServices;
using Transports.Measure.Histograms;
using Transports.Measure.Sequencing;
using Transports.Measure.Timing;
using Transports.Results;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Messages;

/// <summary>
/// The receiving side's bookkeeping of a message scenario, wherever it receives (pingpong: the client's receive loop;
/// datagrams: the server role): each measured message counted once in the sequence tracker (loss, duplicates, RFC 4737
/// reordering), the latency histogram, the RFC 3550 jitter estimate, the delivered bytes and the progress. One writer
/// (the receive loop); <see cref="DeliveredBytes"/> may be read from any thread.
/// </summary>
internal sealed class MessageTally(int messageSizeBytes, TransferProgress progress)
{
    private InterarrivalJitter _jitter;
    private long _deliveredBytes;

    /// <summary>Distinct measured messages, duplicates, RFC 4737 reordering.</summary>
    public SequenceTracker Tracker { get; } = new();

    /// <summary>The latency of each measured message (RTT or one-way delay), ns.</summary>
    public LatencyHistogram LatencyNs { get; } = new();

    /// <summary>Payload bytes of the distinct measured messages received so far; thread-safe read.</summary>
    public long DeliveredBytes => Volatile.Read(ref _deliveredBytes);

    /// <summary>RFC 3550 interarrival jitter in ms; null before two messages were counted.</summary>
    public double? JitterMs => _jitter.Count > 1 ? _jitter.Jitter * 1000.0 / MonotonicClock.TicksPerSecond : null;

    /// <summary>
    /// Counts a measured message: true when it is the first copy, which is then recorded in the latency histogram
    /// (<paramref name="nowTicks"/> − <paramref name="sentTicks"/>), the jitter estimate, the delivered bytes and the progress.
    /// </summary>
    /// <param name="sequence">Its sequence number (≥ 0).</param>
    /// <param name="sentTicks">Its timestamp: intended (paced) or actual send time, Stopwatch ticks.</param>
    /// <param name="nowTicks">When it arrived, on the clock of <paramref name="sentTicks"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Count(long sequence, long sentTicks, long nowTicks)
    {
        var arrival = Tracker.Add(sequence);
        if (arrival is not (Arrival.InOrder or Arrival.Reordered)) return false;
        LatencyNs.Record(MonotonicClock.TicksToNanoseconds(nowTicks - sentTicks));
        _jitter.Add(sentTicks, nowTicks);
        Volatile.Write(ref _deliveredBytes, _deliveredBytes + messageSizeBytes);
        progress.Add(1);
        return true;
    }

    /// <summary>The delivery record once <paramref name="sent"/> measured messages were sent.</summary>
    /// <param name="sent">Measured messages sent.</param>
    public Delivery ToDelivery(long sent) => Tracker.ToDelivery(sent, JitterMs);
}
