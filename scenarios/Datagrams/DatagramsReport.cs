using Transports.Measure.Histograms;
using Transports.Results;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Datagrams;

/// <summary>
/// What the datagrams server role (the receiver) reports to the client role: everything the measurement needs that only
/// the receiver knows. Timestamps are the server's Stopwatch ticks (the client converts them with
/// <see cref="Core.Serving.ServerSession.ToClientTicks"/>); one-way delays are already on the client's clock.
/// </summary>
/// <param name="Received">Distinct measured messages received (RFC 4737 tracker).</param>
/// <param name="Duplicates">Extra copies of measured messages.</param>
/// <param name="Reordered">Reordered singletons (RFC 4737 §3.3).</param>
/// <param name="MaxReorderExtent">Largest reordering extent, messages.</param>
/// <param name="TotalReorderExtent">Sum of the reordering extents (for the mean), messages.</param>
/// <param name="OutOfWindow">Messages older than the tracker's window (counted in neither received nor duplicates).</param>
/// <param name="OneWayDelay">The one-way delay histogram, ns.</param>
/// <param name="JitterMs">RFC 3550 interarrival jitter, ms; null before two measured messages.</param>
/// <param name="FirstReceiveTicks">First message of any kind received (warm-up included), server ticks; 0 when none.</param>
/// <param name="LastMeasuredTicks">Last measured message received, server ticks; 0 when none.</param>
/// <param name="EndMarkerSeen">An end marker arrived.</param>
/// <param name="IdleStop">The receiver stopped on its own idle rule (unreliable transports).</param>
/// <param name="DeliveredBytes">Payload bytes of the distinct measured messages.</param>
/// <param name="Timeline">Delivered bytes over the measured interval, sampled by the receiver (elapsed times need no clock conversion).</param>
internal sealed record DatagramsReport(
    long Received,
    long Duplicates,
    long Reordered,
    long MaxReorderExtent,
    long TotalReorderExtent,
    long OutOfWindow,
    LatencyHistogramSnapshot OneWayDelay,
    double? JitterMs,
    long FirstReceiveTicks,
    long LastMeasuredTicks,
    bool EndMarkerSeen,
    bool IdleStop,
    long DeliveredBytes,
    IReadOnlyList<TimelinePoint> Timeline)
{
    /// <summary>The report of a receiver that got nothing (its session ended before it accepted the connection).</summary>
    public static DatagramsReport Nothing { get; } = new(0, 0, 0, 0, 0, 0, new LatencyHistogram().ToSnapshot(), null, 0, 0, false, false, 0, []);

    /// <summary>Checks what a peer could get wrong: negative counts, delivered bytes that do not match the count.</summary>
    /// <param name="messageSizeBytes">Bytes per message.</param>
    /// <exception cref="IntegrityException">The report contradicts itself.</exception>
    public DatagramsReport Validated(int messageSizeBytes)
    {
        if (Received < 0 || Duplicates < 0 || Reordered < 0 || Reordered > Received || MaxReorderExtent < 0 || TotalReorderExtent < 0
            || OutOfWindow < 0 || DeliveredBytes != Received * messageSizeBytes || OneWayDelay is null || Timeline is null
            || JitterMs is < 0 or double.NaN or double.PositiveInfinity)
            throw new IntegrityException("datagrams: the server's report contradicts itself");
        return this;
    }
}
