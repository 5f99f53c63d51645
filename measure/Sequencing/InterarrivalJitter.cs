namespace Transports.Measure.Sequencing;

/// <summary>
/// The interarrival jitter estimator of RFC 3550 §6.4.1 (RTP): for packets i-1 and i taken in order of arrival (not
/// necessarily in sequence), D(i-1,i) = (R_i − R_{i-1}) − (S_i − S_{i-1}) = transit_i − transit_{i-1}, where S is the
/// sender's timestamp carried in the packet and R the arrival time; and J_i = J_{i-1} + (|D(i-1,i)| − J_{i-1})/16.
/// The reference computation is RFC 3550 Appendix A.8 (floating-point form). Units are whatever the caller uses for
/// S and R (the harness: nanoseconds on the one host clock); the first packet only seeds the transit.
/// </summary>
/// <remarks>One writer; no allocation; a few arithmetic operations per packet.</remarks>
public struct InterarrivalJitter
{
    private long _previousTransit;
    private bool _hasPrevious;

    /// <summary>The current estimate J, in the unit of the timestamps (0 before the second packet).</summary>
    public double Jitter { readonly get; private set; }

    /// <summary>Packets fed so far.</summary>
    public long Count { readonly get; private set; }

    /// <summary>Feeds one packet in arrival order.</summary>
    /// <param name="sendTimestamp">S_i: the sender's timestamp carried in the packet.</param>
    /// <param name="arrivalTimestamp">R_i: when it arrived, on a clock of the same unit (and, for a meaningful
    /// absolute transit, the same host clock; jitter itself only needs the same rate).</param>
    public void Add(long sendTimestamp, long arrivalTimestamp)
    {
        long transit = arrivalTimestamp - sendTimestamp;
        Count++;
        if (!_hasPrevious)
        {
            _previousTransit = transit;
            _hasPrevious = true;
            return;
        }
        long d = transit - _previousTransit;
        _previousTransit = transit;
        if (d < 0) d = -d;
        Jitter += (d - Jitter) / 16.0;
    }
}
