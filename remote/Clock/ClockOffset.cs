namespace Transports.Remote.Clock;

/// <summary>
/// The agent's clock offset from the client's, estimated from several probes with NTP's minimum-delay filter: the
/// probe with the smallest round-trip delay δ is the least disturbed by queuing, and whatever the split of δ between
/// the two directions, the true offset lies within θ ± δ/2 of that probe's θ (RFC 5905 §8; D. Mills, "Computer Network
/// Time Synchronization", clock filter). One-way delay is reported only with this uncertainty; RTT needs none.
/// </summary>
/// <param name="OffsetNs">Agent clock minus client clock, ns.</param>
/// <param name="UncertaintyNs">Half the best probe's delay, ns: the true offset is within ± this (clocks assumed not to
/// drift apart during the probes).</param>
/// <param name="Samples">Probes used.</param>
/// <param name="BestDelayNs">The smallest probe delay δ, ns.</param>
public sealed record ClockOffset(double OffsetNs, double UncertaintyNs, int Samples, long BestDelayNs)
{
    /// <summary>Estimates the offset from probes.</summary>
    /// <param name="samples">At least one probe; probes with a negative delay (clock steps, corrupt timestamps) are ignored.</param>
    /// <exception cref="ArgumentException">No usable probe.</exception>
    public static ClockOffset Estimate(IEnumerable<ClockSample> samples)
    {
        ClockSample? best = null;
        int used = 0;
        foreach (var s in samples)
        {
            if (s.DelayNs < 0 || s.T4 < s.T1 || s.T3 < s.T2) continue;
            used++;
            if (best is null || s.DelayNs < best.Value.DelayNs) best = s;
        }
        if (best is not { } b) throw new ArgumentException("no usable clock probe (each needs T4 >= T1, T3 >= T2 and a delay >= 0)", nameof(samples));
        return new ClockOffset(b.OffsetNs, b.DelayNs / 2.0, used, b.DelayNs);
    }

    /// <summary>A one-way delay measured across the two clocks (receive time on one, send time on the other), corrected
    /// by this offset.</summary>
    /// <param name="sendNs">Send time on the client's clock, ns.</param>
    /// <param name="receiveNs">Receive time on the agent's clock, ns.</param>
    /// <returns>The delay, ns, and its uncertainty (± <see cref="UncertaintyNs"/>).</returns>
    public (double DelayNs, double UncertaintyNs) ClientToAgent(long sendNs, long receiveNs) => (receiveNs - OffsetNs - sendNs, UncertaintyNs);
}
