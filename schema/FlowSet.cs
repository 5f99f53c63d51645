namespace Transports.Results;

/// <summary>
/// The flows of one repeat of a multi-flow scenario (hol): how they were carried, the head-of-line figures computed over
/// every delivered message, and each flow's own delivery and one-way delay. Delays are in milliseconds; the excess delay
/// of a message is its one-way delay minus <see cref="BaseDelayMs"/> (the run's smallest, RFC 6817 §2 base delay).
/// </summary>
public sealed record FlowSet
{
    /// <summary>
    /// How flows map onto the transport, decided by its capabilities: <c>one_ordered_stream</c> (every flow interleaved on
    /// the connection's one ordered byte stream or message stream), <c>stream_per_flow</c> (one multiplexed stream each),
    /// <c>datagram_per_message</c> (one unreliable datagram per message).
    /// </summary>
    public string Mapping { get; init; } = "";

    /// <summary>A message counts as delayed when its excess delay is above this, ms.</summary>
    public double ExcessThresholdMs { get; init; }

    /// <summary>Two messages arrived "at about the same time" when their arrivals are at most this far apart, ms.</summary>
    public double CrossFlowWindowMs { get; init; }

    /// <summary>The smallest one-way delay of the repeat over every flow, ms (0 when nothing arrived).</summary>
    public double BaseDelayMs { get; init; }

    /// <summary>Delivered measured messages (every flow).</summary>
    public long Delivered { get; init; }

    /// <summary>Delivered messages whose excess delay is above <see cref="ExcessThresholdMs"/>.</summary>
    public long Delayed { get; init; }

    /// <summary>
    /// Delayed messages for which a message of another flow, arriving within <see cref="CrossFlowWindowMs"/> of it, was
    /// delayed too: the stall was shared across flows (head-of-line blocking of one ordered stream).
    /// </summary>
    public long CrossFlowDelayed { get; init; }

    /// <summary>Each flow, in flow order (0 … N−1).</summary>
    public IReadOnlyList<FlowResult> Flows { get; init; } = [];

    /// <summary>Percentage of delivered messages that were delayed; null when nothing was delivered.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double? DelayedPercent => Delivered > 0 ? 100.0 * Delayed / Delivered : null;

    /// <summary>Percentage of delayed messages whose stall was shared with another flow; null when none was delayed.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double? CrossFlowPercent => Delayed > 0 ? 100.0 * CrossFlowDelayed / Delayed : null;
}

/// <summary>One flow of a <see cref="FlowSet"/>: its delivery and one-way delay percentiles.</summary>
/// <param name="Flow">Flow id, 0 … N−1.</param>
/// <param name="Sent">Measured messages sent on the flow.</param>
/// <param name="Received">Distinct measured messages received.</param>
/// <param name="Lost">Sent minus received.</param>
/// <param name="Duplicates">Extra copies received.</param>
/// <param name="Reordered">RFC 4737 §3.3 reordered singletons within the flow.</param>
/// <param name="P50Ms">Median one-way delay, ms (0 when nothing arrived).</param>
/// <param name="P99Ms">99th percentile one-way delay, ms.</param>
/// <param name="MaxMs">Largest one-way delay, ms.</param>
/// <param name="Delayed">Messages whose excess delay is above the set's threshold.</param>
public sealed record FlowResult(int Flow, long Sent, long Received, long Lost, long Duplicates, long Reordered,
    double P50Ms, double P99Ms, double MaxMs, long Delayed);
