namespace Transports.Advice.Profile;

/// <summary>
/// An API's traffic and constraints, the advisor's input (docs/ADVISOR.md has every key with examples). Built by
/// <see cref="ProfileReader"/> from a YAML or JSON file and/or flags; every value is validated there.
/// </summary>
public sealed record ApiProfile
{
    /// <summary>Payload bytes of the API's messages (requests, events); every size is measured and the worst decides.</summary>
    public IReadOnlyList<int> MessageSizesBytes { get; init; } = [256];

    /// <summary>The traffic's shape.</summary>
    public TrafficPattern Pattern { get; init; } = TrafficPattern.RequestResponse;

    /// <summary>Messages (requests) per second the API carries, in total; null for as fast as it goes (closed loop).</summary>
    public double? RatePerSecond { get; init; }

    /// <summary>Requests outstanding at once, or independent message flows sharing a connection.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>What must be achieved; null to rank by the pattern's headline number (p99 latency, or goodput for bulk).</summary>
    public Objective? Objective { get; init; }

    /// <summary>What must be delivered.</summary>
    public Reliability Reliability { get; init; } = Reliability.EveryMessageInOrder;

    /// <summary>Who the clients are.</summary>
    public ClientKind Clients { get; init; } = ClientKind.Native;

    /// <summary>True when the path is trusted (one data centre, a VPN), so plaintext transports may be compared; false
    /// (the default): an API on the internet is encrypted, so only encrypted transports are candidates.</summary>
    public bool TrustedPath { get; init; }

    /// <summary>True when UDP may be blocked on the way (corporate firewalls, some hotel networks), which rules out
    /// every transport carried in UDP.</summary>
    public bool UdpBlocked { get; init; }

    /// <summary>The emulated path to measure over (a <c>-link</c> preset or SPEC, docs/LINKS.md); null for loopback or <see cref="Server"/>.</summary>
    public string? Link { get; init; }

    /// <summary>An agent to measure against (<c>-server HOST[:PORT]</c>, docs/TWO-HOSTS.md); null for loopback or <see cref="Link"/>.</summary>
    public string? Server { get; init; }

    /// <summary>Bytes of one bulk transfer (pattern bulk-file).</summary>
    public long FileSizeBytes { get; init; } = 64L << 20;

    /// <summary>How clients use connections.</summary>
    public ConnectionUse Connections { get; init; } = ConnectionUse.LongLived;

    /// <summary>Largest loss, in percent of messages, a latest-value-wins API tolerates from an unreliable transport.</summary>
    public double MaxLossPercent { get; init; } = 5;

    /// <summary>Wall-clock seconds the measurements may take in total.</summary>
    public double BudgetSeconds { get; init; } = 180;

    /// <summary>The rate the objective must hold at: the objective's "at R/s", else <see cref="RatePerSecond"/>; null for closed loop.</summary>
    public double? EffectiveRatePerSecond => Objective?.AtRatePerSecond ?? RatePerSecond;

    /// <summary>True when every message must arrive (anything but latest-value-wins, and always for a bulk file).</summary>
    public bool NeedsEveryMessage => Pattern == TrafficPattern.BulkFile || Reliability != Reliability.LatestValueWins;

    /// <summary>True when messages must arrive in send order.</summary>
    public bool NeedsOrder => Pattern == TrafficPattern.BulkFile || Reliability == Reliability.EveryMessageInOrder;
}
