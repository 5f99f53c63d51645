namespace Transports.Paths.Emulation;

/// <summary>
/// One direction of an emulated link, in the order a packet meets it: random or bursty loss, a drop-tail queue in
/// front of a bottleneck of <see cref="RateBitsPerSecond"/>, then a propagation delay with jitter, and optional
/// reordering. The model of mahimahi's shells (mm-loss, mm-link, mm-delay; Netravali et al., USENIX ATC 2015) and of
/// netem's parameters (tc-netem(8)), applied to whole IP packets between two namespaces.
/// </summary>
/// <param name="RateBitsPerSecond">Bottleneck rate in bit/s of IP packets (headers included); null = not limited.</param>
/// <param name="QueuePackets">Drop-tail queue limit in packets (waiting and in service); null = no packet limit.</param>
/// <param name="QueueBytes">Drop-tail queue limit in bytes; null = no byte limit.</param>
/// <param name="DelayNs">One-way propagation delay, ns (≥ 0).</param>
/// <param name="JitterNs">Jitter: half-width (uniform) or standard deviation (normal), ns (≥ 0). Packets keep their order
/// unless <paramref name="ReorderProbability"/> is set: a later packet never leaves before an earlier one.</param>
/// <param name="Jitter">The distribution of the jitter around <paramref name="DelayNs"/>.</param>
/// <param name="LossProbability">Independent random loss per packet (0..1).</param>
/// <param name="BurstLoss">Bursty loss (Gilbert–Elliott), applied after the random loss; null = none.</param>
/// <param name="ReorderProbability">Probability (0..1) that a packet is held back by <paramref name="ReorderDelayNs"/>
/// beyond the order rule, so the packets behind it overtake it.</param>
/// <param name="ReorderDelayNs">How long a reordered packet is held back, ns (default 1 ms).</param>
public sealed record LinkDirectionSpec(
    double? RateBitsPerSecond = null,
    int? QueuePackets = null,
    long? QueueBytes = null,
    long DelayNs = 0,
    long JitterNs = 0,
    JitterDistribution Jitter = JitterDistribution.Uniform,
    double LossProbability = 0,
    GilbertElliottSpec? BurstLoss = null,
    double ReorderProbability = 0,
    long ReorderDelayNs = 1_000_000)
{
    /// <summary>A direction that only forwards (no loss, no limit, no delay).</summary>
    public static LinkDirectionSpec Ideal { get; } = new();

    /// <summary>The long-run fraction of packets lost before the queue (random and bursty loss combined).</summary>
    public double MeanLossProbability => 1 - (1 - LossProbability) * (1 - (BurstLoss?.MeanLossProbability ?? 0));

    /// <summary>Checks ranges.</summary>
    /// <param name="name">The direction's name, for messages ("up", "down").</param>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate(string name)
    {
        if (RateBitsPerSecond is <= 0 or double.NaN or double.PositiveInfinity) throw new ArgumentException($"{name}: rate must be a positive bit rate");
        if (QueuePackets is < 1) throw new ArgumentException($"{name}: queue must hold at least 1 packet");
        if (QueueBytes is < 1) throw new ArgumentException($"{name}: queue must hold at least 1 byte");
        if (DelayNs < 0 || JitterNs < 0 || ReorderDelayNs < 0) throw new ArgumentException($"{name}: delays must not be negative");
        if (DelayNs > 60_000_000_000L) throw new ArgumentException($"{name}: delay above 60 s is not a network path");
        foreach (var (key, p) in new[] { ("loss", LossProbability), ("reorder", ReorderProbability) })
            if (p is < 0 or > 1 or double.NaN) throw new ArgumentException($"{name}: {key} must be a probability (0..100%)");
        BurstLoss?.Validate(name);
    }
}

/// <summary>How jitter is drawn around the delay.</summary>
public enum JitterDistribution
{
    /// <summary>Uniform in [delay − jitter, delay + jitter].</summary>
    Uniform,

    /// <summary>Normal with standard deviation jitter, truncated at ±3σ (and at 0).</summary>
    Normal,
}
