using System.Runtime.CompilerServices;
using Transports.Measure.Timing;

namespace Transports.Scenarios.Core;

/// <summary>
/// The one pacing mechanism of the scenarios: waits until a send's intended time (the message scenarios'
/// <c>SendSchedule</c>, bigfile's <c>ByteRateSchedule</c> compute those). Far from it, the wait is a 1 ms <see cref="PeriodicTimer"/> tick (no thread
/// held, no allocation); within <see cref="SpinThresholdMs"/> it yields the thread in a loop, because OS timers are too
/// coarse (≈1 ms) for sub-millisecond intervals. Lateness is not hidden: latency is measured from the intended time.
/// </summary>
public sealed class SendPacer : IDisposable
{
    /// <summary>Below this many milliseconds before the due time the pacer yields instead of sleeping.</summary>
    public const double SpinThresholdMs = 1.5;

    private static readonly long SpinThresholdTicks = MonotonicClock.SecondsToTicks(SpinThresholdMs / 1000);
    // Made on the first wait that needs it: a PeriodicTimer ticks every 1 ms from its creation whether anyone waits or
    // not, and on a shared CPU each tick (timer thread, then a pool thread) preempted an unpaced closed loop: ~1 000
    // interruptions a second, the 1 % tail of a pinned pingpong (p99 41 us against 17 us for sockperf).
    private PeriodicTimer? _timer;

    /// <summary>Returns once <see cref="MonotonicClock.NowTicks"/> reaches <paramref name="dueTicks"/>.</summary>
    /// <param name="dueTicks">Intended send time, Stopwatch ticks.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WaitUntilAsync(long dueTicks, CancellationToken cancellationToken)
    {
        while (true)
        {
            long remaining = dueTicks - MonotonicClock.NowTicks();
            if (remaining <= 0) return;
            if (remaining > SpinThresholdTicks)
                await (_timer ??= new PeriodicTimer(TimeSpan.FromMilliseconds(1))).WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
            else
            {
                cancellationToken.ThrowIfCancellationRequested();
                Thread.Yield();
            }
        }
    }

    /// <summary>Stops the timer.</summary>
    public void Dispose() => _timer?.Dispose();
}
