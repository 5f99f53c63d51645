namespace Transports.Advice.Profile;

/// <summary>
/// Every profile key, once: its name (files write <c>snake_case</c> or <c>kebab-case</c>, flags <c>-kebab-case</c>),
/// a one-line help, and how its value sets the profile. A key not in this table is an error naming it.
/// </summary>
public static class ProfileKeys
{
    /// <summary>Largest message the message scenarios send (64 MiB).</summary>
    public const long MaxMessageBytes = 64L << 20;

    /// <summary>Smallest message the scenarios measure: hol's header (flow, sequence number, timestamp) is 20 B.</summary>
    public const int MinMessageBytes = 20;

    /// <summary>One key.</summary>
    /// <param name="Name">Kebab-case name, e.g. "message-sizes".</param>
    /// <param name="Help">One line for help and docs.</param>
    /// <param name="Apply">Sets the value (a scalar, or each item of a list joined by commas) on a profile.</param>
    public sealed record Key(string Name, string Help, Func<ApiProfile, string, string, ApiProfile> Apply);

    /// <summary>Every key, in documentation order.</summary>
    public static IReadOnlyList<Key> All { get; } =
    [
        new("message-sizes", "payload bytes per message, a list (256, 16K); every size is measured, the worst decides",
            (p, k, v) => p with { MessageSizesBytes = v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => (int)ProfileText.Size(k, s, MaxMessageBytes)).Select(b => b >= MinMessageBytes ? b
                    : throw new ProfileException(k, $"{b} B is below the {MinMessageBytes} B a measured message needs (sequence number, flow and timestamp)")).Distinct().Order().ToList() is { Count: > 0 } l ? l : throw new ProfileException(k, "empty list") }),
        new("pattern", "request-response, server-push, client-stream, bidirectional or bulk-file", (p, k, v) => p with { Pattern = ProfileText.Enum<TrafficPattern>(k, v) }),
        new("rate", "messages (requests) per second in total, e.g. 2000; absent: as fast as it goes", (p, k, v) => p with { RatePerSecond = ProfileText.Positive(k, v, 10_000_000) }),
        new("concurrency", "requests outstanding at once, or independent flows over one connection", (p, k, v) => p with { Concurrency = (int)ProfileText.Positive(k, v, 100_000) }),
        new("objective", "'p99 <= 50ms', 'p99 <= 50ms at 2000/s' (p50, p99, p99.9) or 'goodput >= 100mbit'", (p, k, v) => p with { Objective = Objective.Parse(k, v) }),
        new("reliability", "every-message-in-order (default), every-message or latest-value-wins", (p, k, v) => p with { Reliability = ProfileText.Enum<Reliability>(k, v) }),
        new("clients", "native (default) or browser", (p, k, v) => p with { Clients = ProfileText.Enum<ClientKind>(k, v) }),
        new("trusted-path", "true: plaintext transports may be compared (default false: encrypted only)", (p, k, v) => p with { TrustedPath = ProfileText.Bool(k, v) }),
        new("udp-blocked", "true: UDP may be blocked on the way, so nothing carried in UDP is a candidate", (p, k, v) => p with { UdpBlocked = ProfileText.Bool(k, v) }),
        new("link", "the emulated path: a preset (lan, wan, lossy-wifi, ...) or SPEC as -link takes it (docs/LINKS.md)", (p, k, v) => p with { Link = NonEmpty(k, v) }),
        new("server", "measure against an agent: HOST[:PORT] as -server takes it (docs/TWO-HOSTS.md)", (p, k, v) => p with { Server = NonEmpty(k, v) }),
        new("file-size", "bytes of one bulk transfer (bulk-file), default 64M", (p, k, v) => p with { FileSizeBytes = ProfileText.Size(k, v, 1L << 40) }),
        new("connections", "long-lived (default) or per-request (a handshake per request)", (p, k, v) => p with { Connections = ProfileText.Enum<ConnectionUse>(k, v) }),
        new("max-loss-percent", "latest-value-wins: largest loss tolerated from an unreliable transport, default 5", (p, k, v) => p with { MaxLossPercent = ProfileText.Positive(k, v, 100) }),
        new("budget", "wall-clock time the measurements may take, default 180s (3m)", (p, k, v) => p with { BudgetSeconds = ProfileText.Seconds(k, v, 24 * 3600) }),
    ];

    /// <summary>The key called <paramref name="name"/> (snake_case, kebab-case, leading dashes allowed; case-insensitive), or null.</summary>
    /// <param name="name">A key as written.</param>
    public static Key? Find(string name)
    {
        var n = name.TrimStart('-').Replace('_', '-');
        if (n.Equals("message-size", StringComparison.OrdinalIgnoreCase)) n = "message-sizes";
        return All.FirstOrDefault(k => k.Name.Equals(n, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The keys' names, comma-separated, for error messages.</summary>
    public static string Names => string.Join(", ", All.Select(k => k.Name));

    private static string NonEmpty(string key, string value) => value.Trim().Length > 0 ? value.Trim() : throw new ProfileException(key, "empty");
}
