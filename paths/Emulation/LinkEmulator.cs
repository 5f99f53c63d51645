using Transports.Paths.Emulation.Tun;

namespace Transports.Paths.Emulation;

/// <summary>
/// A userspace emulated link between two TUN devices, at layer 3 like mahimahi's shells: every IP packet A sends is read
/// from A's device, passed through the <see cref="LinkSpec.Up"/> model and written to B's device at its departure time,
/// and the other way round through <see cref="LinkSpec.Down"/>. Packets are never split, merged or rewritten, so TCP, QUIC
/// and UDP see a real path (no proxy splits their connections). One thread per direction.
/// </summary>
public sealed class LinkEmulator : IDisposable
{
    private readonly DirectionPump _up;
    private readonly DirectionPump _down;

    /// <summary>Starts forwarding between <paramref name="a"/> (the client's side) and <paramref name="b"/> (the server's).</summary>
    /// <param name="spec">The link.</param>
    /// <param name="a">The client namespace's device (its packets go up).</param>
    /// <param name="b">The server namespace's device (its packets come down).</param>
    /// <param name="seed">Seed of the random choices (loss, jitter, reordering); fixed seeds make a run repeatable.</param>
    public LinkEmulator(LinkSpec spec, TunDevice a, TunDevice b, int seed)
    {
        Spec = spec;
        _up = new DirectionPump("up", a, b, new LinkDirection(spec.Up, seed));
        _down = new DirectionPump("down", b, a, new LinkDirection(spec.Down, seed + 1));
        _up.Start();
        _down.Start();
    }

    /// <summary>The link it emulates.</summary>
    public LinkSpec Spec { get; }

    /// <summary>What each direction did so far.</summary>
    public (LinkReport Up, LinkReport Down) Report() => (LinkReport.Of(_up), LinkReport.Of(_down));

    /// <summary>Stops both directions (packets in flight are dropped).</summary>
    public void Dispose()
    {
        _up.Stop();
        _down.Stop();
    }
}

/// <summary>One direction's record: the model's verdicts and the emulator's own error.</summary>
/// <param name="Offered">Packets read from the ingress device.</param>
/// <param name="Delivered">Packets the model delivered.</param>
/// <param name="RandomLoss">Lost at random.</param>
/// <param name="BurstLoss">Lost in Gilbert–Elliott bursts.</param>
/// <param name="QueueDrops">Dropped by the full queue.</param>
/// <param name="Reordered">Held back for reordering.</param>
/// <param name="EgressRefused">Delivered by the model but refused by the receiving kernel (its backlog was full).</param>
/// <param name="LatePackets">Left more than 0.5 ms after their departure time: the emulator's own delay error.</param>
/// <param name="MaxLatenessMs">The worst lateness, ms.</param>
/// <param name="Realtime">Whether the direction's thread ran under SCHED_FIFO (needs CAP_SYS_NICE).</param>
/// <param name="Failure">Why the direction stopped early, or null.</param>
public sealed record LinkReport(long Offered, long Delivered, long RandomLoss, long BurstLoss, long QueueDrops, long Reordered,
    long EgressRefused, long LatePackets, double MaxLatenessMs, bool Realtime, string? Failure)
{
    internal static LinkReport Of(DirectionPump p) => new(p.Counters.Offered, p.Counters.Delivered, p.Counters.RandomLoss, p.Counters.BurstLoss,
        p.Counters.QueueDrops, p.Counters.Reordered, p.EgressRefused, p.LatePackets, p.MaxLatenessNs / 1e6, p.Realtime, p.Failure?.Message);
}
