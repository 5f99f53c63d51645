using System.Diagnostics;
using Transports.Abstractions;
using Xunit;

namespace Transports.Tests.Support;

/// <summary>
/// Bytes allocated per message over 64-byte round trips between two connected <see cref="ITransportConnection"/>s,
/// measured with the process-wide <see cref="GC.GetTotalAllocatedBytes(bool)"/> counter after a warm-up.
/// </summary>
public static class RoundTripAllocations
{
    /// <summary>An average below the smallest heap object (24 B on x64) means no message allocates an object.</summary>
    public const double NoObjectPerMessageBytes = 24;

    /// <summary>Skips the calling test in a Debug build, where async state machines are classes and allocate.</summary>
    public static void SkipUnlessOptimized()
    {
        var debuggable = typeof(RoundTripAllocations).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false)
            .OfType<DebuggableAttribute>().FirstOrDefault();
        Skip.If(debuggable?.IsJITOptimizerDisabled == true, "allocation checks need an optimized build; ./test.sh builds Release");
    }

    /// <summary>
    /// Runs <paramref name="warmUp"/> round trips, then three windows of <paramref name="measured"/> round trips, and
    /// returns each window's bytes per message (4 messages per round trip: 2 sends, 2 receives). The counter is
    /// process-wide, so leftovers of earlier tests (a host shutting down, a timer) can land in one window; a
    /// per-message allocation lands in every window, so callers judge the smallest.
    /// </summary>
    public static async Task<double[]> MeasureAsync(ITransportConnection client, ITransportConnection server, int maxMessageBytes,
        CancellationToken ct, int warmUp = 2000, int measured = 2000)
    {
        var message = Payloads.Random(64, 3);
        var clientBuffer = new byte[Math.Max(maxMessageBytes, 64)];
        var serverBuffer = new byte[clientBuffer.Length];

        async Task RoundTrips(int count)
        {
            for (int i = 0; i < count; i++)
            {
                await client.SendAsync(message, ct);
                int got = 0;
                while (got < message.Length) got += (await server.ReceiveAsync(serverBuffer, ct)).Count;
                await server.SendAsync(message, ct);
                got = 0;
                while (got < message.Length) got += (await client.ReceiveAsync(clientBuffer, ct)).Count;
            }
        }

        await RoundTrips(warmUp); // JIT tiers, pools filled
        var windows = new double[3];
        for (int window = 0; window < windows.Length; window++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await RoundTrips(measured);
            windows[window] = (GC.GetTotalAllocatedBytes(precise: true) - before) / (4.0 * measured);
        }
        return windows;
    }
}
