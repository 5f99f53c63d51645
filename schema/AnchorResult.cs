using System.Text.Json.Nodes;

namespace Transports.Results;

/// <summary>
/// A reference tool (iperf3, sockperf, …) run on the same machine in the same run, with the workload of one of the
/// run's transports, so the harness's numbers carry a ratio to a tool the field already trusts. Comparisons are
/// computed from this record and the matching <see cref="TransportResult"/> (<see cref="AnchorComparisons"/>).
/// </summary>
public sealed record AnchorResult
{
    /// <summary>Tool name, e.g. <c>iperf3</c>.</summary>
    public required string Tool { get; init; }

    /// <summary>Tool version as it reports it (e.g. "iperf 3.12"); empty when unknown.</summary>
    public string ToolVersion { get; init; } = "";

    /// <summary>Label of this anchor row, e.g. "iperf3 tcp" or "sockperf udp 64 B".</summary>
    public required string Label { get; init; }

    /// <summary>What the tool measured, in words (e.g. "memory to memory, one TCP stream, 10 s").</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// The exact feature set (lowercase names, as in <see cref="TransportResult.Features"/>) of the transports this anchor
    /// is compared with: iperf3's TCP is a plaintext reliable ordered byte stream (<c>reliable, ordered, orderly_close</c>),
    /// sockperf's UDP plaintext datagrams (<c>message_boundaries, datagrams</c>). Capabilities decide, never names.
    /// </summary>
    public IReadOnlyList<string> ComparableFeatures { get; init; } = [];

    /// <summary>
    /// Variant parameters a transport result must have to be compared (e.g. <c>"message_size_bytes": 64</c>); empty
    /// when the scenario has no variants.
    /// </summary>
    public JsonObject Parameters { get; init; } = [];

    /// <summary>Ok, failed (see <see cref="Error"/>), or skipped (tool not installed, workload it cannot run).</summary>
    public TransportStatus Status { get; init; }

    /// <summary>One-line error (failed) or reason (skipped); null when ok.</summary>
    public string? Error { get; init; }

    /// <summary>The client command line that produced the numbers.</summary>
    public string Command { get; init; } = "";

    /// <summary>Goodput the tool measured, bits per second (SI); null when it does not measure goodput.</summary>
    public double? GoodputBitsPerSecond { get; init; }

    /// <summary>Per-flow goodput the tool measured with parallel streams (iperf3 -P N: each stream's receiver rate), bit/s; empty with one stream.</summary>
    public IReadOnlyList<double> FlowGoodputBitsPerSecond { get; init; } = [];

    /// <summary>Jain's fairness index of <see cref="FlowGoodputBitsPerSecond"/> (<see cref="Statistics.JainFairness"/>); null with one stream.</summary>
    public double? JainFairness { get; init; }

    /// <summary>Latency the tool measured (kind "rtt" for ping-pong tools), ms; null when it does not measure latency.</summary>
    public Latency? Latency { get; init; }

    /// <summary>Completed requests per second, for request/response tools (h2load); null otherwise.</summary>
    public double? RequestsPerSecond { get; init; }
}
