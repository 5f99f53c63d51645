using Transports.Measure.Timing;

namespace Transports.Scenarios.Rpc;

/// <summary>
/// One phase of an rpc run (warm-up or measured): which request each stream sends next and when it counts as started.
/// Closed loop: streams take ids from one counter as their slots free up, each timed from its actual send. Open loop:
/// request n is due at start + n / rate and belongs to stream n mod streams; it is timed from that intended start
/// whether or not a slot was free then (coordinated-omission correction: Tene, "How NOT to Measure Latency", 2015;
/// wrk2; HdrHistogram's recordValueWithExpectedInterval). Both end at the count or once the duration has passed.
/// </summary>
public sealed class RpcPhase
{
    private readonly long _count;
    private readonly long _durationTicks;
    private readonly double _intervalTicks;
    private readonly int _streams;
    private readonly long _idBase;
    private long _next, _lateMax;

    /// <summary>A phase.</summary>
    /// <param name="tally">Where measured requests are counted; null for the warm-up.</param>
    /// <param name="idBase">The first request id of the phase (ids are unique over the run).</param>
    /// <param name="count">Requests of the phase; 0 = bounded by <paramref name="durationSeconds"/> only.</param>
    /// <param name="durationSeconds">Seconds after the phase start after which no request starts; 0 = bounded by the count only.</param>
    /// <param name="rate">Requests per second in open loop; 0 = closed loop.</param>
    /// <param name="streams">Streams of the run.</param>
    public RpcPhase(RpcTally? tally, long idBase, long count, double durationSeconds, double rate, int streams)
    {
        Tally = tally;
        _idBase = idBase;
        _count = count;
        _durationTicks = durationSeconds > 0 ? MonotonicClock.SecondsToTicks(durationSeconds) : long.MaxValue;
        _intervalTicks = rate > 0 ? MonotonicClock.TicksPerSecond / rate : 0;
        _streams = streams;
    }

    /// <summary>Null for the warm-up.</summary>
    public RpcTally? Tally { get; }

    /// <summary>True in open loop.</summary>
    public bool IsOpenLoop => _intervalTicks > 0;

    /// <summary>The phase's start, Stopwatch ticks; set by <see cref="Start"/>.</summary>
    public long StartTicks { get; private set; }

    /// <summary>Open loop: the largest delay of a request's send behind its intended start, ms.</summary>
    public double StartLateMaxMs => MonotonicClock.TicksToMilliseconds(Interlocked.Read(ref _lateMax));

    /// <summary>Starts the phase's clock.</summary>
    public void Start() => StartTicks = MonotonicClock.NowTicks();

    /// <summary>Closed loop: the next request's id, or false when the phase is over.</summary>
    /// <param name="id">The id.</param>
    public bool TryTakeNext(out long id)
    {
        long i = Interlocked.Increment(ref _next) - 1;
        id = _idBase + i;
        return (_count == 0 || i < _count) && MonotonicClock.NowTicks() - StartTicks < _durationTicks;
    }

    /// <summary>Open loop: the <paramref name="k"/>-th request of stream <paramref name="stream"/>, or false when it is beyond the phase.</summary>
    /// <param name="stream">The stream's index.</param>
    /// <param name="k">How many requests the stream sent in this phase before.</param>
    /// <param name="id">The request id.</param>
    /// <param name="dueTicks">Its intended start.</param>
    public bool TryScheduled(int stream, long k, out long id, out long dueTicks)
    {
        long n = stream + k * _streams;
        id = _idBase + n;
        dueTicks = StartTicks + (long)(n * _intervalTicks);
        return (_count == 0 || n < _count) && dueTicks - StartTicks < _durationTicks;
    }

    /// <summary>Open loop: notes that a request was sent <paramref name="lateTicks"/> after its intended start.</summary>
    /// <param name="lateTicks">Ticks late.</param>
    public void NoteLate(long lateTicks)
    {
        long seen;
        while (lateTicks > (seen = Interlocked.Read(ref _lateMax)) && Interlocked.CompareExchange(ref _lateMax, lateTicks, seen) != seen) { }
    }
}
