using Transports.Measure.Timing;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// Intended send times for sending bytes at a target rate: each send of <c>n</c> bytes is due <c>8n / rate</c> seconds
/// after the previous one. A sender that falls behind catches up with bursts of at most <see cref="MaxCatchUpBurstMs"/>
/// worth of data (older due times are moved up), so a stall does not turn into an unpaced flood. The waiting itself is
/// <see cref="Core.SendPacer"/>'s. One caller; no allocation.
/// </summary>
internal sealed class ByteRateSchedule(double rateBitsPerSecond)
{
    /// <summary>Largest catch-up burst after the sender fell behind, ms of data at the target rate.</summary>
    public const double MaxCatchUpBurstMs = 5;

    private static readonly long MaxBurstTicks = MonotonicClock.SecondsToTicks(MaxCatchUpBurstMs / 1000);
    private readonly double _ticksPerByte = rateBitsPerSecond > 0 ? 8 * MonotonicClock.TicksPerSecond / rateBitsPerSecond : 0;
    private double _next = MonotonicClock.NowTicks();

    /// <summary>True when a rate is set (0 = unpaced).</summary>
    public bool IsPaced => _ticksPerByte > 0;

    /// <summary>When a send of <paramref name="bytes"/> bytes is due (Stopwatch ticks), and books it.</summary>
    /// <param name="nowTicks">The current time.</param>
    /// <param name="bytes">Bytes in this send.</param>
    public long NextDue(long nowTicks, int bytes)
    {
        if (_next < nowTicks - MaxBurstTicks) _next = nowTicks - MaxBurstTicks;
        long due = (long)_next;
        _next += bytes * _ticksPerByte;
        return due;
    }
}
