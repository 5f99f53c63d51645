using Transports.Paths.Emulation;
using Transports.Results;

namespace Transports.Harness.Links;

/// <summary>The emulated link as results.json records it (<see cref="LinkInfo"/>): the spec and the emulator's counts.</summary>
internal static class LinkRecord
{
    /// <summary>The share of late packets (more than 0.5 ms after their departure time) above which the emulator did not keep up.</summary>
    public const double LateShareLimit = 0.01;

    /// <summary>The record of <paramref name="linked"/>'s link now.</summary>
    /// <param name="linked">The path and its agent.</param>
    /// <param name="cancellationToken">Cancels reading the kernel's counters.</param>
    public static async Task<LinkInfo> OfAsync(LinkedAgent linked, CancellationToken cancellationToken)
    {
        var spec = linked.Path.Emulator.Spec;
        var (up, down) = linked.Path.Emulator.Report();
        (long Up, long Down) kernel;
        try
        {
            kernel = await linked.Path.KernelDropsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or Transports.Paths.PathSetupException or FormatException or System.Text.Json.JsonException)
        {
            kernel = (-1, -1); // unknown: recorded as such, and then the emulator is not said to have kept up
        }
        var upInfo = Direction(spec.Up, up, kernel.Up);
        var downInfo = Direction(spec.Down, down, kernel.Down);
        long delivered = up.Delivered + down.Delivered, late = up.LatePackets + down.LatePackets;
        return new LinkInfo
        {
            Spec = spec.Text,
            Preset = spec.Preset,
            Up = upInfo,
            Down = downInfo,
            ConfiguredRttMs = spec.ConfiguredRttNs / 1e6,
            EmulatorKeptUp = kernel is { Up: 0, Down: 0 } && up.EgressRefused + down.EgressRefused == 0
                             && late <= delivered * LateShareLimit && up.Failure is null && down.Failure is null,
        };
    }

    /// <summary>The emulator's counts now, to be subtracted by <see cref="Traffic"/>.</summary>
    /// <param name="linked">The path and its agent.</param>
    public static (LinkReport Up, LinkReport Down) Snapshot(LinkedAgent linked) => linked.Path.Emulator.Report();

    /// <summary>What went through the link between <paramref name="before"/> and <paramref name="after"/> (one transport's runs).</summary>
    /// <param name="before">A <see cref="Snapshot"/> taken before the transport started.</param>
    /// <param name="after">One taken after it finished.</param>
    public static LinkTraffic Traffic((LinkReport Up, LinkReport Down) before, (LinkReport Up, LinkReport Down) after)
        => new() { Up = Counts(before.Up, after.Up), Down = Counts(before.Down, after.Down) };

    private static LinkTrafficCounts Counts(LinkReport before, LinkReport after) => new()
    {
        Offered = after.Offered - before.Offered,
        Delivered = after.Delivered - before.Delivered,
        Lost = after.RandomLoss + after.BurstLoss - before.RandomLoss - before.BurstLoss,
        QueueDrops = after.QueueDrops - before.QueueDrops,
        Reordered = after.Reordered - before.Reordered,
        LatePackets = after.LatePackets - before.LatePackets,
    };

    private static LinkDirectionInfo Direction(LinkDirectionSpec d, LinkReport r, long kernelDrops) => new()
    {
        RateBitsPerSecond = d.RateBitsPerSecond,
        QueuePackets = d.QueuePackets,
        QueueBytes = d.QueueBytes,
        DelayMs = d.DelayNs / 1e6,
        JitterMs = d.JitterNs / 1e6,
        JitterDistribution = d.Jitter.ToString().ToLowerInvariant(),
        LossProbability = d.LossProbability,
        BurstLoss = d.BurstLoss is { } ge ? [ge.P, ge.R, ge.LossInBad, ge.LossInGood] : null,
        MeanLossProbability = d.MeanLossProbability,
        ReorderProbability = d.ReorderProbability,
        Offered = r.Offered,
        Delivered = r.Delivered,
        Lost = r.RandomLoss + r.BurstLoss,
        QueueDrops = r.QueueDrops,
        Reordered = r.Reordered,
        LatePackets = r.LatePackets,
        MaxLatenessMs = r.MaxLatenessMs,
        KernelDrops = kernelDrops < 0 ? -1 : kernelDrops + r.EgressRefused,
        Realtime = r.Realtime,
    };
}
