using System.Diagnostics;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// Paces sends to a target rate: each send of <c>n</c> bytes is scheduled <c>8n / rate</c> seconds after the
/// previous one. Waits longer than 2 ms sleep, shorter ones spin-yield. A sender that falls behind catches up with
/// bursts of at most 5 ms worth of data. Rate 0 means unpaced.
/// </summary>
internal sealed class Pacer(double rateBitsPerSecond)
{
    private static readonly long MaxBurstTicks = Stopwatch.Frequency / 200;
    private static readonly long SleepThresholdTicks = Stopwatch.Frequency / 500;
    private readonly double _ticksPerByte = rateBitsPerSecond > 0 ? 8 * Stopwatch.Frequency / rateBitsPerSecond : 0;
    private double _next = Stopwatch.GetTimestamp();

    public async ValueTask WaitAsync(int bytes, CancellationToken cancellationToken)
    {
        if (_ticksPerByte == 0) return;
        long now = Stopwatch.GetTimestamp();
        if (_next < now - MaxBurstTicks) _next = now - MaxBurstTicks;
        while (now < _next)
        {
            if (_next - now > SleepThresholdTicks) await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            else Thread.Yield();
            now = Stopwatch.GetTimestamp();
        }
        _next += bytes * _ticksPerByte;
    }
}
