using Transports.Measure.Histograms;
using Transports.Results;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.HeadOfLine;

/// <summary>
/// What the hol server role reports to the client role. Timestamps are the server's Stopwatch ticks (the client converts
/// them); one-way delays are already on the client's clock.
/// </summary>
/// <param name="Flows">Per flow: counts and delay figures (<see cref="HolAnalysis"/>), in flow order.</param>
/// <param name="BaseNs">The run's smallest one-way delay, ns.</param>
/// <param name="Delayed">Messages delayed above the threshold.</param>
/// <param name="CrossFlowDelayed">Delayed messages whose stall another flow shared.</param>
/// <param name="OneWayDelay">Every flow's one-way delays in one histogram, ns.</param>
/// <param name="OutOfWindow">Messages older than a flow tracker's window.</param>
/// <param name="FirstReceiveTicks">First message of any kind, server ticks; 0 when none.</param>
/// <param name="LastMeasuredTicks">Last measured message, server ticks; 0 when none.</param>
/// <param name="EndMarkers">End markers seen (one per stream on reliable transports).</param>
/// <param name="IdleStop">True when the receiver stopped on its own idle timeout.</param>
/// <param name="DeliveredBytes">Payload bytes of the distinct measured messages.</param>
/// <param name="Timeline">Delivered bytes over the measured interval, sampled by the receiver (server ticks as elapsed time).</param>
internal sealed record HolReport(
    IReadOnlyList<HolFlowReport> Flows,
    long BaseNs,
    long Delayed,
    long CrossFlowDelayed,
    LatencyHistogramSnapshot OneWayDelay,
    long OutOfWindow,
    long FirstReceiveTicks,
    long LastMeasuredTicks,
    int EndMarkers,
    bool IdleStop,
    long DeliveredBytes,
    IReadOnlyList<TimelinePoint> Timeline)
{
    /// <summary>Checks what a peer could get wrong.</summary>
    /// <param name="flows">Flows of the plan.</param>
    /// <param name="messageSizeBytes">Bytes per message.</param>
    /// <exception cref="IntegrityException">The report contradicts itself or the plan.</exception>
    public HolReport Validated(int flows, int messageSizeBytes)
    {
        if (Flows is null || Flows.Count != flows || Flows.Any(f => f is null) || OneWayDelay is null || Timeline is null || BaseNs < 0 || Delayed < 0
            || CrossFlowDelayed < 0 || CrossFlowDelayed > Delayed || OutOfWindow < 0 || EndMarkers < 0
            || Flows.Select((f, i) => f.Flow != i || f.Received < 0 || f.Duplicates < 0 || f.Reordered < 0 || f.Delayed < 0 || f.Delayed > f.Received).Any(bad => bad)
            || DeliveredBytes != Flows.Sum(f => f.Received) * messageSizeBytes || Delayed != Flows.Sum(f => f.Delayed))
            throw new IntegrityException("hol: the server's report contradicts itself");
        return this;
    }
}

/// <summary>One flow of a <see cref="HolReport"/>.</summary>
/// <param name="Flow">Flow id.</param>
/// <param name="Received">Distinct measured messages.</param>
/// <param name="Duplicates">Extra copies.</param>
/// <param name="Reordered">RFC 4737 reordered singletons within the flow.</param>
/// <param name="P50Ns">Median one-way delay, ns.</param>
/// <param name="P99Ns">99th percentile, ns.</param>
/// <param name="MaxNs">Largest, ns.</param>
/// <param name="Delayed">Messages delayed above the threshold.</param>
internal sealed record HolFlowReport(int Flow, long Received, long Duplicates, long Reordered, long P50Ns, long P99Ns, long MaxNs, long Delayed);
