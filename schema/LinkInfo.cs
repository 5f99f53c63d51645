namespace Transports.Results;

/// <summary>
/// The emulated link a run crossed (<c>-link SPEC</c>, docs/LINKS.md): what was asked per direction, and what the
/// emulator did, including its own errors (packets it sent late, packets the kernel dropped before it saw them), so a run
/// that hit the emulator's ceiling says so instead of blaming the transport.
/// </summary>
public sealed record LinkInfo
{
    /// <summary>The spec as written, e.g. <c>wan,loss=1%</c>.</summary>
    public required string Spec { get; init; }

    /// <summary>The preset it starts from, or null.</summary>
    public string? Preset { get; init; }

    /// <summary>Client → server.</summary>
    public required LinkDirectionInfo Up { get; init; }

    /// <summary>Server → client.</summary>
    public required LinkDirectionInfo Down { get; init; }

    /// <summary>The configured round-trip propagation delay (both one-way delays), ms.</summary>
    public double ConfiguredRttMs { get; init; }

    /// <summary>True when the emulator kept up: no packet dropped by the kernel before it, and at most 1 % of the packets
    /// sent more than 0.5 ms after their departure time.</summary>
    public bool EmulatorKeptUp { get; init; }
}

/// <summary>One direction of an emulated link: its parameters and the emulator's counts over the whole run.</summary>
public sealed record LinkDirectionInfo : LinkTrafficCounts
{
    /// <summary>Bottleneck rate, bit/s of IP packets; null = not limited.</summary>
    public double? RateBitsPerSecond { get; init; }

    /// <summary>Drop-tail queue limit in packets; null = none.</summary>
    public int? QueuePackets { get; init; }

    /// <summary>Drop-tail queue limit in bytes; null = none.</summary>
    public long? QueueBytes { get; init; }

    /// <summary>One-way delay, ms.</summary>
    public double DelayMs { get; init; }

    /// <summary>Jitter (half-width for uniform, σ for normal), ms.</summary>
    public double JitterMs { get; init; }

    /// <summary><c>uniform</c> or <c>normal</c>.</summary>
    public string JitterDistribution { get; init; } = "uniform";

    /// <summary>Random loss probability (0..1).</summary>
    public double LossProbability { get; init; }

    /// <summary>Gilbert–Elliott p/r/loss-in-bad/loss-in-good, or null.</summary>
    public double[]? BurstLoss { get; init; }

    /// <summary>Long-run loss probability of random and bursty loss combined.</summary>
    public double MeanLossProbability { get; init; }

    /// <summary>Reordering probability.</summary>
    public double ReorderProbability { get; init; }

    /// <summary>The latest departure, ms after its time.</summary>
    public double MaxLatenessMs { get; init; }

    /// <summary>Packets the kernel dropped before the emulator read them (its TUN queue overflowed), plus delivered
    /// packets the receiving kernel refused: losses that are not the link's.</summary>
    public long KernelDrops { get; init; }

    /// <summary>Whether the emulator's thread for this direction ran under SCHED_FIFO.</summary>
    public bool Realtime { get; init; }
}

/// <summary>
/// What one transport's runs put through the emulated link (<see cref="TransportResult.Link"/>): the emulator's counts
/// taken just before the transport started and just after it finished, warm-ups and connection setup included, so the
/// losses a transport met can be read beside its numbers (the run's <see cref="LinkInfo"/> counts all transports).
/// </summary>
public sealed record LinkTraffic
{
    /// <summary>Client → server.</summary>
    public required LinkTrafficCounts Up { get; init; }

    /// <summary>Server → client.</summary>
    public required LinkTrafficCounts Down { get; init; }
}

/// <summary>One direction's packet counts: over one transport's runs (<see cref="LinkTraffic"/>), or over the whole run
/// (<see cref="LinkDirectionInfo"/>, which adds the direction's parameters).</summary>
public record LinkTrafficCounts
{
    /// <summary>Packets the emulator read.</summary>
    public long Offered { get; init; }

    /// <summary>Packets it delivered.</summary>
    public long Delivered { get; init; }

    /// <summary>Packets lost at random or in bursts (the configured loss).</summary>
    public long Lost { get; init; }

    /// <summary>Packets dropped by the full drop-tail queue (congestion).</summary>
    public long QueueDrops { get; init; }

    /// <summary>Packets held back for reordering.</summary>
    public long Reordered { get; init; }

    /// <summary>Packets that left more than 0.5 ms after their departure time (the emulator's own delay error).</summary>
    public long LatePackets { get; init; }

    /// <summary>Lost / offered (0..1): the loss met; null when nothing was offered.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double? LossRatio => Offered > 0 ? (double)Lost / Offered : null;
}
