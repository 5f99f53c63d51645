using Transports.Measure.Timing;
using Transports.Results.Metrics;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.PingPong;

/// <summary>
/// Checks every bulk byte of <c>pingpong -under-load</c>: each flow the server drained must match a flow the client sent
/// (same byte count, same XXH128; flows are matched as sets, since the server's accept order need not be the client's
/// connect order), and gives the load's goodput: all flows' bytes over the first to the last byte at the server.
/// </summary>
internal static class LoadVerdict
{
    /// <returns>The load's catalog values (<see cref="MetricCatalog.LoadGoodput"/>).</returns>
    /// <exception cref="IntegrityException">A flow is missing or arrived different from what was sent.</exception>
    public static IReadOnlyDictionary<string, double> Verify(IReadOnlyList<LoadFlowSent> sent, IReadOnlyList<LoadFlowReceived> received)
    {
        if (sent.Count != received.Count)
            throw new IntegrityException($"-under-load: the client sent {sent.Count} bulk flows, the server drained {received.Count}");
        var a = sent.Select(s => (s.Bytes, s.Hash)).Order().ToArray();
        var b = received.Select(r => (r.Bytes, r.Hash)).Order().ToArray();
        for (int i = 0; i < a.Length; i++)
            if (a[i] != b[i])
                throw new IntegrityException($"-under-load: a bulk flow arrived as {b[i].Bytes} bytes, xxh128 {b[i].Hash[..Math.Min(16, b[i].Hash.Length)]}…; sent {a[i].Bytes} bytes, xxh128 {a[i].Hash[..Math.Min(16, a[i].Hash.Length)]}…");
        var moving = received.Where(r => r.FirstByteServerTicks > 0).ToArray();
        double seconds = moving.Length == 0 ? 0
            : MonotonicClock.TicksToMilliseconds(moving.Max(r => r.LastByteServerTicks) - moving.Min(r => r.FirstByteServerTicks)) / 1000;
        return new Dictionary<string, double> { [MetricCatalog.LoadGoodput.Id] = seconds > 0 ? received.Sum(r => r.Bytes) * 8 / seconds : 0 };
    }
}
