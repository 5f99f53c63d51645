namespace Transports.Paths.Emulation;

/// <summary>
/// Named links, each modelling a kind of path an API lives on. Every figure is an order of magnitude with its reason
/// (docs/LINKS.md has the table); delays are one way, so the round trip is twice the delay. Queues are sized in
/// bandwidth-delay products (BDP = rate × RTT), the classic rule for a bottleneck buffer (Villamizar and Song, 1994),
/// except where the preset is about a wrong buffer.
/// </summary>
public static class LinkPresets
{
    private const long Ms = 1_000_000;

    /// <summary>Every preset by name.</summary>
    public static IReadOnlyDictionary<string, LinkSpec> All { get; } = new Dictionary<string, LinkSpec>(StringComparer.OrdinalIgnoreCase)
    {
        // Switched gigabit Ethernet in one building: RTT well under 1 ms; Linux's default txqueuelen of 1000 packets (ip-link(8)).
        ["lan"] = Both("lan", new(RateBitsPerSecond: 1e9, QueuePackets: 1000, DelayNs: Ms / 4)),
        // A regional WAN: 40 ms RTT at 100 Mbit/s (the figures the issue names), queue = 1 BDP = 500 kB.
        ["wan"] = Both("wan", new(RateBitsPerSecond: 100e6, QueueBytes: 500_000, DelayNs: 20 * Ms)),
        // Across an ocean: light in fibre covers about 200 km per ms, so 7 500 km each way plus routing is ~75 ms (150 ms RTT,
        // e.g. Europe to the US west coast); 100 Mbit/s, queue = 1 BDP = 1.875 MB.
        ["intercontinental"] = Both("intercontinental", new(RateBitsPerSecond: 100e6, QueueBytes: 1_875_000, DelayNs: 75 * Ms)),
        // Busy Wi-Fi: contention makes delay vary (normal jitter, σ 3 ms, reordering off) and losses come in bursts
        // (Gilbert–Elliott, p 1%, r 50%: mean burst 2 packets, about 2% loss) at 50 Mbit/s over a 10 ms RTT.
        ["lossy-wifi"] = Both("lossy-wifi", new(RateBitsPerSecond: 50e6, QueuePackets: 500, DelayNs: 5 * Ms, JitterNs: 3 * Ms,
            Jitter: JitterDistribution.Normal, BurstLoss: new GilbertElliottSpec(0.01, 0.5))),
        // LTE: 50 ms RTT with scheduling jitter (σ 8 ms), asymmetric 10 Mbit/s up / 30 Mbit/s down, deep per-user buffers
        // (about 200 ms of data), little residual loss after link-layer retransmission (0.1%).
        ["mobile-4g"] = new(
            new(RateBitsPerSecond: 10e6, QueueBytes: 250_000, DelayNs: 25 * Ms, JitterNs: 8 * Ms, Jitter: JitterDistribution.Normal, LossProbability: 0.001),
            new(RateBitsPerSecond: 30e6, QueueBytes: 750_000, DelayNs: 25 * Ms, JitterNs: 8 * Ms, Jitter: JitterDistribution.Normal, LossProbability: 0.001),
            "mobile-4g", "mobile-4g"),
        // Geostationary satellite: 35 786 km up, so ground–satellite–ground takes 240–280 ms one way (RFC 2488 §2.1);
        // 300 ms each way with the terminals, 600 ms RTT; 5 Mbit/s up, 50 Mbit/s down, queues of 1 BDP.
        ["satellite"] = new(
            new(RateBitsPerSecond: 5e6, QueueBytes: 375_000, DelayNs: 300 * Ms, LossProbability: 0.0001),
            new(RateBitsPerSecond: 50e6, QueueBytes: 3_750_000, DelayNs: 300 * Ms, LossProbability: 0.0001),
            "satellite", "satellite"),
        // A home uplink with an oversized drop-tail buffer: 20 Mbit/s, 20 ms RTT, but 1 s of queue (2.5 MB) that a bulk
        // flow fills, inflating everyone's RTT (Gettys and Nichols, "Bufferbloat: Dark Buffers in the Internet", 2011).
        ["bufferbloat"] = Both("bufferbloat", new(RateBitsPerSecond: 20e6, QueueBytes: 2_500_000, DelayNs: 10 * Ms)),
    };

    /// <summary>The names, comma-separated, for messages and help.</summary>
    public static string Names => string.Join(", ", All.Keys);

    /// <summary>The preset called <paramref name="name"/> (case-insensitive), or null.</summary>
    /// <param name="name">A preset name.</param>
    public static LinkSpec? Find(string name) => All.GetValueOrDefault(name);

    private static LinkSpec Both(string name, LinkDirectionSpec d) => new(d, d, name, name);
}
