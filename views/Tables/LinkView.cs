using System.Globalization;
using Transports.Results;

namespace Transports.Views.Tables;

/// <summary>The lines that describe a run's emulated link (console and summary.md).</summary>
public static class LinkView
{
    /// <summary>e.g. "emulated link wan: up 100 Mbit/s, 20 ms, queue 500 kB; down the same; RTT 40 ms configured".</summary>
    /// <param name="link">The run's <see cref="RunInfo.Link"/>.</param>
    public static string Line(LinkInfo link)
    {
        string up = Direction(link.Up), down = Direction(link.Down);
        string name = link.Spec;
        return string.Create(CultureInfo.InvariantCulture,
            $"emulated link {name}: up {up}; down {(down == up ? "the same" : down)}; RTT {link.ConfiguredRttMs:0.###} ms configured");
    }

    /// <summary>Whether the emulator kept up, with its own errors: a run that hit its ceiling says so.</summary>
    /// <param name="link">The run's <see cref="RunInfo.Link"/>.</param>
    public static string Health(LinkInfo link)
    {
        long late = link.Up.LatePackets + link.Down.LatePackets, packets = link.Up.Delivered + link.Down.Delivered;
        long kernel = link.Up.KernelDrops < 0 || link.Down.KernelDrops < 0 ? -1 : link.Up.KernelDrops + link.Down.KernelDrops;
        string counts = string.Create(CultureInfo.InvariantCulture,
            $"{late} of {packets} packets more than 0.5 ms late, {(kernel < 0 ? "kernel drops unknown" : $"{kernel} dropped by the kernel before it")}");
        return link.EmulatorKeptUp
            ? $"the emulator kept up ({counts})"
            : $"WARNING: the emulator did not keep up ({counts}): the figures are limited by the emulator on this machine, not by the transports";
    }

    /// <summary>
    /// The short form for chart captions and comparison legends: "emulated link wan: RTT 40 ms, 100 Mbit/s, loss 1%"
    /// (rate and loss of the down direction when the directions differ, which the full <see cref="Line"/> spells out).
    /// </summary>
    /// <param name="link">The run's <see cref="RunInfo.Link"/>.</param>
    public static string Short(LinkInfo link)
    {
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"RTT {link.ConfiguredRttMs:0.###} ms") };
        if (link.Down.RateBitsPerSecond is double rate) parts.Add(Rate(rate));
        if (link.Down.MeanLossProbability > 0 || link.Up.MeanLossProbability > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"loss {Math.Max(link.Up.MeanLossProbability, link.Down.MeanLossProbability) * 100:0.###}%"));
        if (!link.EmulatorKeptUp) parts.Add("emulator did not keep up");
        return $"emulated link {link.Spec}: {string.Join(", ", parts)}";
    }

    /// <summary>
    /// What one transport put through the link, e.g. "tcp over the link: up 10 234 packets, 2.01 % lost; down 20 345
    /// packets, 1.98 % lost; queue drops 0 up, 12 down; 3 late".
    /// </summary>
    /// <param name="label">The transport's label.</param>
    /// <param name="traffic">Its <see cref="TransportResult.Link"/>.</param>
    public static string TrafficLine(string label, LinkTraffic traffic)
    {
        static string Dir(LinkTrafficCounts c) => c.LossRatio is double r
            ? string.Create(CultureInfo.InvariantCulture, $"{c.Offered} packets, {r * 100:0.##}% lost ({c.Lost})")
            : "no packets";
        string line = $"{label} over the link: up {Dir(traffic.Up)}; down {Dir(traffic.Down)}";
        if (traffic.Up.QueueDrops + traffic.Down.QueueDrops > 0)
            line += string.Create(CultureInfo.InvariantCulture, $"; queue drops {traffic.Up.QueueDrops} up, {traffic.Down.QueueDrops} down");
        if (traffic.Up.Reordered + traffic.Down.Reordered > 0)
            line += string.Create(CultureInfo.InvariantCulture, $"; reordered {traffic.Up.Reordered + traffic.Down.Reordered}");
        long late = traffic.Up.LatePackets + traffic.Down.LatePackets;
        return late > 0 ? line + string.Create(CultureInfo.InvariantCulture, $"; {late} sent late by the emulator") : line;
    }

    private static string Direction(LinkDirectionInfo d)
    {
        var parts = new List<string>();
        parts.Add(d.RateBitsPerSecond is double rate ? Rate(rate) : "unlimited");
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{d.DelayMs:0.###} ms") + (d.JitterMs > 0 ? string.Create(CultureInfo.InvariantCulture, $" ± {d.JitterMs:0.###} ms {d.JitterDistribution}") : ""));
        if (d.QueuePackets is int p) parts.Add($"queue {p} packets");
        if (d.QueueBytes is long b) parts.Add(string.Create(CultureInfo.InvariantCulture, $"queue {b / 1000.0:0.#} kB"));
        if (d.MeanLossProbability > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"loss {d.MeanLossProbability * 100:0.###}%") + (d.BurstLoss is null ? "" : " (bursty)"));
        if (d.ReorderProbability > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"reorder {d.ReorderProbability * 100:0.###}%"));
        return string.Join(", ", parts);
    }

    private static string Rate(double bitsPerSecond) => bitsPerSecond switch
    {
        >= 1e9 => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1e9:0.###} Gbit/s"),
        >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1e6:0.###} Mbit/s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1e3:0.###} kbit/s"),
    };
}
