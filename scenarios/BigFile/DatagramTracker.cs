using Transports.Results;
using Transports.Measure.Sequencing;
using Transports.Measure.Timing;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// Receiver-side bookkeeping of bigfile's datagrams. The delivery metrics are the harness's: loss, duplicates and
/// RFC 4737 reordering from <see cref="SequenceTracker"/>, RFC 3550 §6.4.1 jitter from <see cref="InterarrivalJitter"/>.
/// What bigfile adds is an exact bitmap over the whole file (one bit per datagram) that answers "is this datagram
/// new?" however late it comes (the tracker's duplicate window is bounded), so each payload is written at its
/// offset and counted in the delivered bytes exactly once; plus arrival times and the end marker for the receiver.
/// </summary>
internal sealed class DatagramTracker(long expected)
{
    private readonly ulong[] _seen = new ulong[(expected + 63) / 64];
    private readonly SequenceTracker _sequence = new();
    private InterarrivalJitter _jitter;
    private long _received, _deliveredBytes;
    private volatile bool _endSeen;
    private long _endCount = -1;

    public long Created { get; } = MonotonicClock.NowTicks();
    public long FirstArrival { get; private set; }
    public long LastArrival { get; private set; }
    public long DeliveredBytes => _deliveredBytes;
    /// <summary>Distinct in-range datagrams received.</summary>
    public long Received => _received;
    /// <summary>Datagrams the file is cut into.</summary>
    public long Expected => expected;
    public bool EndSeen => _endSeen;
    public bool Complete => _endCount >= 0 && _received >= _endCount;

    /// <summary>Records a data datagram; true when it is new (not a duplicate, within range).</summary>
    public bool OnData(long sequence, long sentTimestamp, long arrivalTimestamp, int payloadBytes)
    {
        if (sequence < 0 || sequence >= expected) return false;
        if (FirstArrival == 0) FirstArrival = arrivalTimestamp;
        LastArrival = arrivalTimestamp;
        _sequence.Add(sequence);
        ref ulong word = ref _seen[sequence >> 6];
        ulong bit = 1UL << (int)(sequence & 63);
        if ((word & bit) != 0) return false;
        word |= bit;
        _received++;
        _deliveredBytes += payloadBytes;
        _jitter.Add(sentTimestamp, arrivalTimestamp);
        return true;
    }

    public void OnEnd(long count)
    {
        _endCount = count;
        _endSeen = true;
    }

    /// <summary>
    /// The delivery record. Received and loss come from the exact bitmap: they differ from the tracker's only for a
    /// datagram older than its window, which the tracker counts in neither received nor duplicates.
    /// </summary>
    public Delivery ToDelivery(long sent)
    {
        long lost = Math.Max(0, sent - _received);
        return _sequence.ToDelivery(sent, _jitter.Jitter * 1000.0 / MonotonicClock.TicksPerSecond) with
        {
            Received = _received,
            Lost = lost,
            LossPercent = sent > 0 ? 100.0 * lost / sent : 0,
            ReorderedPercent = _received > 0 ? 100.0 * _sequence.Reordered / _received : 0,
        };
    }

    /// <summary>
    /// <paramref name="delivery"/> (counted by a receiver that did not know the sender's count: <c>ToDelivery(0)</c>)
    /// completed with the sender's <paramref name="sent"/>: the same record <see cref="ToDelivery"/> gives with it.
    /// </summary>
    public static Delivery WithSent(Delivery delivery, long sent)
    {
        long lost = Math.Max(0, sent - delivery.Received);
        return delivery with { Sent = sent, Lost = lost, LossPercent = sent > 0 ? 100.0 * lost / sent : 0 };
    }
}
