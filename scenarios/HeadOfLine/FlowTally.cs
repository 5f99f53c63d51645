using Transports.Measure.Sequencing;
using Transports.Measure.Timing;

namespace Transports.Scenarios.HeadOfLine;

/// <summary>
/// The receiving side's bookkeeping of one hol flow: its sequence tracker (loss, duplicates, RFC 4737 reordering within
/// the flow) and, for each first copy of a measured message, its arrival time and one-way delay (the samples
/// <see cref="HolAnalysis"/> reads). One writer: the reader of the stream that carries the flow.
/// </summary>
internal sealed class FlowTally(int flow)
{
    private readonly List<long> _arrivals = [];
    private readonly List<long> _delaysNs = [];

    /// <summary>Flow id.</summary>
    public int Flow { get; } = flow;

    /// <summary>Distinct messages, duplicates, reordering.</summary>
    public SequenceTracker Tracker { get; } = new();

    /// <summary>Counts a measured message; true when it is the first copy (then its arrival and delay are kept).</summary>
    /// <param name="sequence">The flow's sequence number (≥ 0).</param>
    /// <param name="sentTicks">Its timestamp, client ticks.</param>
    /// <param name="nowClientTicks">Its arrival on the client's clock.</param>
    /// <param name="nowTicks">Its arrival on this host's clock.</param>
    public bool Count(long sequence, long sentTicks, long nowClientTicks, long nowTicks)
    {
        var arrival = Tracker.Add(sequence);
        if (arrival is not (Arrival.InOrder or Arrival.Reordered)) return false;
        _arrivals.Add(nowTicks);
        _delaysNs.Add(MonotonicClock.TicksToNanoseconds(nowClientTicks - sentTicks));
        return true;
    }

    /// <summary>The samples kept so far (read once the flow's reader ended).</summary>
    public FlowSamples ToSamples() => new(Flow, _arrivals, _delaysNs);
}
