using System.Diagnostics;

namespace Transports.Measure.Timing;

/// <summary>
/// The one clock every latency in the harness is measured with: <see cref="Stopwatch.GetTimestamp"/>, a monotonic
/// high-resolution counter (CLOCK_MONOTONIC via clock_gettime on Linux, QueryPerformanceCounter on Windows). It never
/// jumps with wall-clock adjustments (NTP, DST) and is shared by all processes of one host, so a timestamp written into a
/// message by the sender can be subtracted from the receiver's clock reading on loopback to get a one-way delay. It is
/// NOT comparable across hosts.
/// </summary>
public static class MonotonicClock
{
    /// <summary>Stopwatch ticks per second (1 000 000 000 on Linux: one tick is one nanosecond).</summary>
    public static readonly long TicksPerSecond = Stopwatch.Frequency;

    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;
    private static readonly bool TicksAreNanoseconds = Stopwatch.Frequency == 1_000_000_000;

    /// <summary>The current timestamp, in Stopwatch ticks. Allocation-free; about 20-30 ns on Linux (see benchmarks/).</summary>
    public static long NowTicks() => Stopwatch.GetTimestamp();

    /// <summary>Converts a tick count (or a difference of timestamps) to nanoseconds.</summary>
    /// <param name="ticks">Stopwatch ticks.</param>
    public static long TicksToNanoseconds(long ticks) => TicksAreNanoseconds ? ticks : (long)(ticks * NanosecondsPerTick);

    /// <summary>Converts nanoseconds to Stopwatch ticks.</summary>
    /// <param name="nanoseconds">A duration in nanoseconds.</param>
    public static long NanosecondsToTicks(long nanoseconds) => TicksAreNanoseconds ? nanoseconds : (long)(nanoseconds / NanosecondsPerTick);

    /// <summary>Converts a tick count to milliseconds.</summary>
    /// <param name="ticks">Stopwatch ticks.</param>
    public static double TicksToMilliseconds(long ticks) => ticks * 1000.0 / TicksPerSecond;

    /// <summary>Converts seconds to Stopwatch ticks.</summary>
    /// <param name="seconds">A duration in seconds.</param>
    public static long SecondsToTicks(double seconds) => (long)(seconds * TicksPerSecond);
}
