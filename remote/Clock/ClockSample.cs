namespace Transports.Remote.Clock;

/// <summary>
/// One clock probe's four timestamps, in nanoseconds (RFC 5905 §8): <paramref name="T1"/> client send and
/// <paramref name="T4"/> client receive on the client's clock, <paramref name="T2"/> agent receive and
/// <paramref name="T3"/> agent send on the agent's clock.
/// </summary>
/// <param name="T1">Client send, client clock, ns.</param>
/// <param name="T2">Agent receive, agent clock, ns.</param>
/// <param name="T3">Agent send, agent clock, ns.</param>
/// <param name="T4">Client receive, client clock, ns.</param>
public readonly record struct ClockSample(long T1, long T2, long T3, long T4)
{
    /// <summary>Offset θ = ((T2 − T1) + (T3 − T4)) / 2: agent clock minus client clock, ns (RFC 5905 §8).</summary>
    public double OffsetNs => ((double)(T2 - T1) + (T3 - T4)) / 2;

    /// <summary>Round-trip delay δ = (T4 − T1) − (T3 − T2), ns: the network part of the probe's round trip (RFC 5905 §8).</summary>
    public long DelayNs => (T4 - T1) - (T3 - T2);
}
