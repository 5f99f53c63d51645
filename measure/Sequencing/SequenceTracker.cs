using Transports.Results;

namespace Transports.Measure.Sequencing;

/// <summary>
/// Tracks the sequence numbers of received messages: distinct receptions, duplicates, and reordering per
/// RFC 4737 (Packet Reordering Metrics). Loss is <c>sent − distinct received</c>, computed by <see cref="ToDelivery(long, double?)"/>
/// once the sender's count is known.
/// </summary>
/// <remarks>
/// <para>Definitions (RFC 4737): sequence numbers start at 0 and increase by 1 per message sent. NextExp is one above
/// the highest sequence number received so far (§3.3). A packet with s &lt; NextExp is a "reordered singleton" (§3.3);
/// others are in order and raise NextExp to s + 1. Duplicates are noted and only the first copy is analysed (§3,
/// "duplicate packets"). Reordered ratio = reordered / received (§4.1). Reordering extent (§4.2.1): for a reordered
/// packet at arrival position j, e = j − i, where i is the earliest arrival position with s[i] &gt; s[j]; arrival
/// positions count distinct (non-duplicate) packets.</para>
/// <para>Bounded memory, allocation-free in steady state: duplicates are detected with a sliding bitmap over the last
/// <see cref="WindowSize"/> sequence numbers below NextExp; a message older than that cannot be told from a duplicate
/// and is counted in <see cref="OutOfWindow"/> (neither received nor duplicate). The extent uses the fact that the
/// earliest i with s[i] &gt; s[j] is always an in-order arrival (a new highest sequence number); the last
/// <see cref="WindowSize"/> of those are kept in a ring and binary-searched. If the earliest is older than the ring,
/// the extent is a lower bound and <see cref="ExtentTruncated"/> is counted.</para>
/// <para>One writer (the receive loop).</para>
/// </remarks>
public sealed class SequenceTracker
{
    private readonly ulong[] _seen;      // bit (s mod WindowSize) set when s was received; covers [NextExp - WindowSize, NextExp)
    private readonly long[] _highSeq;    // ring of in-order arrivals: their sequence numbers (strictly increasing)
    private readonly long[] _highPos;    // ... and their arrival positions
    private long _highCount;             // in-order arrivals recorded so far (ring holds the last WindowSize)

    /// <summary>Creates a tracker.</summary>
    /// <param name="windowSize">Sequence numbers remembered for duplicate detection and in-order arrivals remembered for
    /// the reordering extent; rounded up to a multiple of 64. Memory: about 17 bytes per entry (default 65536: 1.1 MiB).</param>
    /// <exception cref="ArgumentOutOfRangeException">Less than 64.</exception>
    public SequenceTracker(int windowSize = 65536)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 64);
        WindowSize = (windowSize + 63) / 64 * 64;
        _seen = new ulong[WindowSize / 64];
        _highSeq = new long[WindowSize];
        _highPos = new long[WindowSize];
    }

    /// <summary>Size of the sliding window, in sequence numbers.</summary>
    public int WindowSize { get; }

    /// <summary>One above the highest sequence number received (RFC 4737 NextExp); 0 before the first.</summary>
    public long NextExpected { get; private set; }

    /// <summary>Distinct sequence numbers received.</summary>
    public long Received { get; private set; }

    /// <summary>Extra copies of sequence numbers already received.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Reordered singletons (RFC 4737 §3.3): distinct packets that arrived with s &lt; NextExp.</summary>
    public long Reordered { get; private set; }

    /// <summary>Largest reordering extent seen (RFC 4737 §4.2), in packets; 0 when nothing was reordered.</summary>
    public long MaxReorderExtent { get; private set; }

    /// <summary>Sum of the extents of all reordered packets (for the mean extent).</summary>
    public long TotalReorderExtent { get; private set; }

    /// <summary>Packets older than the window: cannot be told from duplicates, so counted in neither.</summary>
    public long OutOfWindow { get; private set; }

    /// <summary>Reordered packets whose extent reached past the ring (the recorded extent is a lower bound).</summary>
    public long ExtentTruncated { get; private set; }

    /// <summary>
    /// Sequence numbers fed that no sender can produce (ignored): negative ones, and <see cref="long.MaxValue"/>, whose
    /// NextExp would overflow.
    /// </summary>
    public long Invalid { get; private set; }

    /// <summary>Feeds one received sequence number, in arrival order.</summary>
    /// <param name="sequence">The message's sequence number (0, 1, 2, … in send order).</param>
    /// <returns>What the message was.</returns>
    public Arrival Add(long sequence)
    {
        if (sequence < 0 || sequence == long.MaxValue) // long.MaxValue: NextExp = s + 1 would wrap to long.MinValue
        {
            Invalid++;
            return Arrival.Invalid;
        }
        if (sequence >= NextExpected)
        {
            Advance(sequence + 1);
            SetSeen(sequence);
            long position = Received++;
            long slot = _highCount++ % WindowSize;
            _highSeq[slot] = sequence;
            _highPos[slot] = position;
            return Arrival.InOrder;
        }
        if (sequence < NextExpected - WindowSize)
        {
            OutOfWindow++;
            return Arrival.OutOfWindow;
        }
        if (IsSeen(sequence))
        {
            Duplicates++;
            return Arrival.Duplicate;
        }
        SetSeen(sequence);
        long j = Received++;
        Reordered++;
        long extent = j - EarliestPositionAbove(sequence);
        TotalReorderExtent += extent;
        if (extent > MaxReorderExtent) MaxReorderExtent = extent;
        return Arrival.Reordered;
    }

    /// <summary>
    /// The <see cref="Delivery"/> record: <paramref name="sent"/> messages were sent, the rest is from this tracker.
    /// </summary>
    /// <param name="sent">Messages the sender sent (sequence numbers 0 .. sent−1).</param>
    /// <param name="jitterMs">RFC 3550 interarrival jitter in ms, when measured.</param>
    public Delivery ToDelivery(long sent, double? jitterMs = null)
        => ToDelivery(sent, Received, Duplicates, Reordered, MaxReorderExtent, jitterMs);

    /// <summary>
    /// The <see cref="Delivery"/> record from a tracker's counts (e.g. a tracker in another process that reported them).
    /// </summary>
    /// <param name="sent">Messages the sender sent (sequence numbers 0 .. sent−1).</param>
    /// <param name="received">Distinct sequence numbers received (<see cref="Received"/>).</param>
    /// <param name="duplicates">Extra copies (<see cref="Duplicates"/>).</param>
    /// <param name="reordered">Reordered singletons (<see cref="Reordered"/>).</param>
    /// <param name="maxReorderExtent">Largest reordering extent (<see cref="MaxReorderExtent"/>).</param>
    /// <param name="jitterMs">RFC 3550 interarrival jitter in ms, when measured.</param>
    public static Delivery ToDelivery(long sent, long received, long duplicates, long reordered, long maxReorderExtent, double? jitterMs = null)
    {
        long lost = Math.Max(0, sent - received);
        return new Delivery
        {
            Sent = sent,
            Received = received,
            Lost = lost,
            LossPercent = sent == 0 ? 0 : 100.0 * lost / sent,
            Duplicates = duplicates,
            Reordered = reordered,
            ReorderedPercent = received == 0 ? 0 : 100.0 * reordered / received,
            MaxReorderExtent = maxReorderExtent,
            JitterMs = jitterMs,
        };
    }

    /// <summary>Moves NextExp up to <paramref name="next"/>, clearing the bits of sequence numbers leaving the window.</summary>
    private void Advance(long next)
    {
        long from = NextExpected; // slots [from, next) are reused for new sequence numbers: clear them
        if (next - from >= WindowSize)
        {
            Array.Clear(_seen);
        }
        else
        {
            for (long s = from; s < next; s++)
            {
                long bit = s % WindowSize;
                _seen[bit >> 6] &= ~(1UL << (int)(bit & 63));
            }
        }
        NextExpected = next;
    }

    private bool IsSeen(long sequence)
    {
        long bit = sequence % WindowSize;
        return (_seen[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
    }

    private void SetSeen(long sequence)
    {
        long bit = sequence % WindowSize;
        _seen[bit >> 6] |= 1UL << (int)(bit & 63);
    }

    /// <summary>Arrival position of the earliest in-order arrival with a sequence number above <paramref name="sequence"/>.</summary>
    private long EarliestPositionAbove(long sequence)
    {
        long retained = Math.Min(_highCount, WindowSize);
        long first = _highCount - retained; // logical index of the oldest retained in-order arrival
        long lo = first, hi = _highCount - 1; // the newest one is above (sequence < NextExp), so an answer exists
        if (_highSeq[first % WindowSize] > sequence && first > 0) ExtentTruncated++;
        while (lo < hi)
        {
            long mid = lo + (hi - lo) / 2;
            if (_highSeq[mid % WindowSize] > sequence) hi = mid;
            else lo = mid + 1;
        }
        return _highPos[lo % WindowSize];
    }
}

/// <summary>What <see cref="SequenceTracker.Add"/> made of a received sequence number.</summary>
public enum Arrival
{
    /// <summary>At or above NextExp: in order (possibly after a gap, i.e. losses or reordering before it).</summary>
    InOrder,
    /// <summary>Below NextExp, first copy: a reordered singleton (RFC 4737 §3.3).</summary>
    Reordered,
    /// <summary>A copy of a sequence number already received.</summary>
    Duplicate,
    /// <summary>Older than the tracking window: not counted.</summary>
    OutOfWindow,
    /// <summary>A negative sequence number, or <see cref="long.MaxValue"/>: ignored.</summary>
    Invalid,
}
