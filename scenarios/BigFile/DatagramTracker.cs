using System.Diagnostics;
using Transports.Metrics.Results;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// Receiver-side bookkeeping for sequence-numbered datagrams: a bitmap of arrivals (loss and duplicates),
/// reordering (a datagram whose sequence is below the highest seen + 1 is reordered, RFC 4737 §3.3), the largest
/// reordering distance, and the RFC 3550 §6.4.1 interarrival jitter estimate J += (|D| - J) / 16.
/// </summary>
internal sealed class DatagramTracker(long expected)
{
    private readonly ulong[] _seen = new ulong[(expected + 63) / 64];
    private long _received, _duplicates, _reordered, _maxReorderDistance, _highest = -1, _deliveredBytes;
    private long _lastTransit;
    private double _jitterTicks;
    private volatile bool _endSeen;
    private long _endCount = -1;

    public long Created { get; } = Stopwatch.GetTimestamp();
    public long FirstArrival { get; private set; }
    public long LastArrival { get; private set; }
    public long DeliveredBytes => _deliveredBytes;
    public bool EndSeen => _endSeen;
    public bool Complete => _endCount >= 0 && _received >= _endCount;

    /// <summary>Records a data datagram; true when it is new (not a duplicate, within range).</summary>
    public bool OnData(long sequence, long sentTimestamp, long arrivalTimestamp, int payloadBytes)
    {
        if (sequence < 0 || sequence >= expected) return false;
        if (FirstArrival == 0) FirstArrival = arrivalTimestamp;
        LastArrival = arrivalTimestamp;
        ref ulong word = ref _seen[sequence >> 6];
        ulong bit = 1UL << (int)(sequence & 63);
        if ((word & bit) != 0)
        {
            _duplicates++;
            return false;
        }
        word |= bit;
        _received++;
        _deliveredBytes += payloadBytes;
        if (sequence < _highest)
        {
            _reordered++;
            _maxReorderDistance = Math.Max(_maxReorderDistance, _highest - sequence);
        }
        else _highest = sequence;
        long transit = arrivalTimestamp - sentTimestamp;
        if (_received > 1) _jitterTicks += (Math.Abs(transit - _lastTransit) - _jitterTicks) / 16.0;
        _lastTransit = transit;
        return true;
    }

    public void OnEnd(long count)
    {
        _endCount = count;
        _endSeen = true;
    }

    public Delivery ToDelivery(long sent) => new()
    {
        Sent = sent,
        Received = _received,
        Lost = sent - _received,
        LossPercent = sent > 0 ? 100.0 * (sent - _received) / sent : 0,
        Duplicates = _duplicates,
        Reordered = _reordered,
        ReorderedPercent = _received > 0 ? 100.0 * _reordered / _received : 0,
        MaxReorderExtent = _maxReorderDistance,
        JitterMs = _jitterTicks * 1000.0 / Stopwatch.Frequency,
    };
}
