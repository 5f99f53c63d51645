namespace Transports.Results;

/// <summary>
/// The parallel connections of a bulk run (<c>bigfile -connections N</c>, N ≥ 2): every connection carries its own copy
/// of the file, verified on its own, and the fairness among them. Per-flow goodput for fairness is measured over the
/// <em>common interval</em>: from the last flow's first byte to the first flow's last byte at the receiver, when every
/// flow was moving bytes, so a flow that starts late or ends early does not skew it (docs/SCENARIOS-LOAD.md).
/// </summary>
public sealed record ParallelFlowSet
{
    /// <summary>Parallel connections of the run (N).</summary>
    public int Connections { get; init; }

    /// <summary>How the file is spread over the connections: <c>copy_per_flow</c> (each connection carries the whole file).</summary>
    public string Split { get; init; } = "copy_per_flow";

    /// <summary>Length of the common interval, ms; 0 when the flows never overlapped (no fairness then).</summary>
    public double CommonIntervalMs { get; init; }

    /// <summary>
    /// Jain's fairness index of the flows' goodput over the common interval (<see cref="Statistics.JainFairness"/>), in
    /// [1/N, 1]; null when the flows never overlapped.
    /// </summary>
    public double? JainFairness { get; init; }

    /// <summary>Each flow, in the receiver's order (0 … N−1).</summary>
    public IReadOnlyList<ParallelFlow> Flows { get; init; } = [];
}

/// <summary>One connection of a <see cref="ParallelFlowSet"/>.</summary>
/// <param name="Flow">Flow id, 0 … N−1, in the receiver's order.</param>
/// <param name="BytesDelivered">Bytes the receiver got on this connection (the file's length when verified).</param>
/// <param name="Verified">True when the digest of what arrived on this connection equals the file's.</param>
/// <param name="GoodputBitsPerSecond">The flow's own goodput, its first to its last byte at the receiver, bit/s (SI).</param>
/// <param name="CommonGoodputBitsPerSecond">The flow's goodput over the common interval, bit/s: the input of the fairness index (0 when no common interval).</param>
/// <param name="FirstByteMs">The flow's first byte at the receiver, ms after the run's first send.</param>
/// <param name="LastByteMs">The flow's last byte at the receiver, ms after the run's first send.</param>
public sealed record ParallelFlow(int Flow, long BytesDelivered, bool Verified, double GoodputBitsPerSecond, double CommonGoodputBitsPerSecond,
    double FirstByteMs, double LastByteMs);
