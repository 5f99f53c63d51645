using BenchmarkDotNet.Attributes;
using Transports.Measure.Histograms;
using Transports.Measure.Sequencing;
using Transports.Measure.Timing;

namespace Transports.Benchmarks;

/// <summary>
/// What measuring one message costs the harness: a timestamp, a histogram record, a jitter update, a sequence-tracker
/// update, and all of them together (the receive loop's per-message bookkeeping). Each invocation handles
/// <see cref="Messages"/> messages; results are per message.
/// </summary>
public class MeasurementCostBenchmarks
{
    private const int Messages = 4096;
    private readonly long[] _latenciesNs = new long[Messages];
    private readonly long[] _reorderedSequence = new long[Messages];
    private readonly LatencyHistogram _histogram = new();   // steady state: keeps accumulating across invocations
    private readonly SequenceTracker _tracker = new();       // steady state: sequence numbers keep increasing
    private InterarrivalJitter _jitter;
    private long _nextSequence;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < Messages; i++)
            _latenciesNs[i] = (long)(30_000 * Math.Exp(random.NextDouble() * 3)); // 30 µs .. 600 µs, log-spread
        // Every 16th message swapped with its successor: 1/16 reordered.
        for (int i = 0; i < Messages; i++) _reorderedSequence[i] = i;
        for (int i = 0; i + 1 < Messages; i += 16) (_reorderedSequence[i], _reorderedSequence[i + 1]) = (_reorderedSequence[i + 1], _reorderedSequence[i]);
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "Stopwatch.GetTimestamp")]
    public long Timestamp()
    {
        long sum = 0;
        for (int i = 0; i < Messages; i++) sum += MonotonicClock.NowTicks();
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "LatencyHistogram.Record")]
    public void HistogramRecord()
    {
        var h = _histogram;
        var values = _latenciesNs;
        for (int i = 0; i < values.Length; i++) h.Record(values[i]);
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "InterarrivalJitter.Add")]
    public double JitterAdd()
    {
        var values = _latenciesNs;
        for (int i = 0; i < values.Length; i++) _jitter.Add(i * 1000L, i * 1000L + values[i]);
        return _jitter.Jitter;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "SequenceTracker.Add in order")]
    public long TrackerInOrder()
    {
        var t = _tracker;
        long start = _nextSequence;
        for (int i = 0; i < Messages; i++) t.Add(start + i);
        _nextSequence = start + Messages;
        return t.Received;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "SequenceTracker.Add 1/16 reordered")]
    public long TrackerReordered()
    {
        var t = _tracker;
        long start = _nextSequence;
        var seq = _reorderedSequence;
        for (int i = 0; i < seq.Length; i++) t.Add(start + seq[i]);
        _nextSequence = start + Messages;
        return t.Reordered;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "receive bookkeeping: timestamp+histogram+jitter+tracker")]
    public long PerMessageBookkeeping()
    {
        var h = _histogram;
        var t = _tracker;
        long start = _nextSequence;
        long sentTicks = MonotonicClock.NowTicks();
        for (int i = 0; i < Messages; i++)
        {
            long now = MonotonicClock.NowTicks();
            if (t.Add(start + i) == Arrival.InOrder)
            {
                h.Record(MonotonicClock.TicksToNanoseconds(now - sentTicks));
                _jitter.Add(sentTicks, now);
            }
        }
        _nextSequence = start + Messages;
        return h.Count;
    }
}
