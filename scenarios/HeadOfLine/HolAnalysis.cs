namespace Transports.Scenarios.HeadOfLine;

/// <summary>The delivered measured messages of one flow: each one's arrival time and one-way delay, in arrival order.</summary>
/// <param name="Flow">Flow id.</param>
/// <param name="ArrivalTicks">Arrival of each message, Stopwatch ticks of the receiver (any one clock for every flow).</param>
/// <param name="DelayNs">One-way delay of each message, ns (same index as <paramref name="ArrivalTicks"/>).</param>
public sealed record FlowSamples(int Flow, IReadOnlyList<long> ArrivalTicks, IReadOnlyList<long> DelayNs);

/// <summary>The delay figures of one flow.</summary>
/// <param name="Flow">Flow id.</param>
/// <param name="Received">Messages with a delay.</param>
/// <param name="P50Ns">Median one-way delay, ns (nearest rank; 0 when none).</param>
/// <param name="P99Ns">99th percentile, ns.</param>
/// <param name="MaxNs">Largest, ns.</param>
/// <param name="Delayed">Messages whose excess delay is above the threshold.</param>
public sealed record FlowFigures(int Flow, long Received, long P50Ns, long P99Ns, long MaxNs, long Delayed);

/// <summary>What <see cref="HolAnalysis.Analyze"/> finds over every flow of a run.</summary>
/// <param name="BaseNs">The run's smallest one-way delay over every flow, ns (0 when nothing arrived).</param>
/// <param name="Delivered">Messages with a delay, every flow.</param>
/// <param name="Delayed">Messages whose excess delay (delay − base) is above the threshold.</param>
/// <param name="CrossFlowDelayed">Delayed messages with a delayed message of another flow arriving within the window.</param>
/// <param name="Flows">Each flow's figures, in the order given.</param>
public sealed record HolFigures(long BaseNs, long Delivered, long Delayed, long CrossFlowDelayed, IReadOnlyList<FlowFigures> Flows);

/// <summary>
/// The head-of-line figures, a pure function of the per-flow samples (docs/SCENARIOS-HOL.md):
/// <list type="bullet">
/// <item>base delay = the smallest one-way delay of the run, every flow (RFC 6817 §2); a message's excess delay = its
/// delay − base: what retransmission, queueing and head-of-line blocking added;</item>
/// <item>delayed = excess delay &gt; threshold (strictly);</item>
/// <item>a delayed message's stall is cross-flow when some message of another flow arrived within ±window of it and was
/// delayed too: one ordered stream releases every flow's messages together once the lost packet's retransmission
/// arrives, independent streams release only the flow that lost it;</item>
/// <item>per-flow percentiles by nearest rank (rank ⌈p/100 · n⌉) over the exact samples.</item>
/// </list>
/// </summary>
public static class HolAnalysis
{
    /// <summary>Computes the figures.</summary>
    /// <param name="flows">Each flow's samples.</param>
    /// <param name="thresholdNs">Excess delay above which a message is delayed, ns (≥ 0).</param>
    /// <param name="windowTicks">Arrival proximity for a shared stall, Stopwatch ticks of the arrival clock (≥ 0).</param>
    /// <exception cref="ArgumentException">A flow's arrays differ in length, or a bound is negative.</exception>
    public static HolFigures Analyze(IReadOnlyList<FlowSamples> flows, long thresholdNs, long windowTicks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(thresholdNs);
        ArgumentOutOfRangeException.ThrowIfNegative(windowTicks);
        long baseNs = long.MaxValue, delivered = 0;
        foreach (var f in flows)
        {
            if (f.ArrivalTicks.Count != f.DelayNs.Count)
                throw new ArgumentException($"flow {f.Flow}: {f.ArrivalTicks.Count} arrivals but {f.DelayNs.Count} delays", nameof(flows));
            delivered += f.DelayNs.Count;
            foreach (long d in f.DelayNs) baseNs = Math.Min(baseNs, d);
        }
        if (delivered == 0) return new HolFigures(0, 0, 0, 0, flows.Select(f => new FlowFigures(f.Flow, 0, 0, 0, 0, 0)).ToList());

        var delayed = new List<(long Arrival, int Flow)>();
        var figures = new List<FlowFigures>(flows.Count);
        foreach (var f in flows)
        {
            long flowDelayed = 0;
            for (int i = 0; i < f.DelayNs.Count; i++)
            {
                if (f.DelayNs[i] - baseNs <= thresholdNs) continue;
                flowDelayed++;
                delayed.Add((f.ArrivalTicks[i], f.Flow));
            }
            var sorted = f.DelayNs.ToArray();
            Array.Sort(sorted);
            figures.Add(sorted.Length == 0
                ? new FlowFigures(f.Flow, 0, 0, 0, 0, 0)
                : new FlowFigures(f.Flow, sorted.Length, NearestRank(sorted, 50), NearestRank(sorted, 99), sorted[^1], flowDelayed));
        }
        delayed.Sort();
        var shared = new bool[delayed.Count];
        MarkShared(delayed, shared, windowTicks, forward: true);
        MarkShared(delayed, shared, windowTicks, forward: false);
        long crossFlow = shared.Count(x => x);
        return new HolFigures(baseNs, delivered, delayed.Count, crossFlow, figures);
    }

    /// <summary>The nearest-rank percentile of sorted values: the value at rank ⌈p/100 · n⌉ (1-based).</summary>
    /// <param name="sorted">Values in ascending order, at least one.</param>
    /// <param name="percentile">0 &lt; p ≤ 100.</param>
    public static long NearestRank(IReadOnlyList<long> sorted, double percentile)
    {
        int rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>
    /// Marks each delayed message (sorted by arrival) whose nearest earlier (<paramref name="forward"/>) or later delayed
    /// message of another flow arrived within the window. One pass: the latest message seen and the latest one of a flow
    /// other than its flow are all it takes to know the nearest message of any other flow, so a long stall of one flow
    /// costs no more than its length.
    /// </summary>
    private static void MarkShared(List<(long Arrival, int Flow)> delayed, bool[] shared, long windowTicks, bool forward)
    {
        int lastFlow = -1, otherFlow = -1;
        long lastArrival = 0, otherArrival = 0;
        for (int k = 0; k < delayed.Count; k++)
        {
            int i = forward ? k : delayed.Count - 1 - k;
            var (arrival, flow) = delayed[i];
            long? nearest = lastFlow < 0 ? null : lastFlow != flow ? lastArrival : otherFlow >= 0 ? otherArrival : null;
            if (nearest is long n && Math.Abs(arrival - n) <= windowTicks) shared[i] = true;
            if (flow != lastFlow)
            {
                (otherFlow, otherArrival) = (lastFlow, lastArrival);
                lastFlow = flow;
            }
            lastArrival = arrival;
        }
    }
}
