namespace Transports.Results.Metrics;

/// <summary>
/// Every metric the harness reports, each declared once, in display order (tables and summary.csv follow it).
/// Adding a metric: one declaration here (added to <see cref="All"/>) plus the code that measures it, either in a
/// shared section of <see cref="Measurement"/> (give a <see cref="MetricDefinition.Selector"/>) or stored by the
/// scenario in <see cref="Measurement.Values"/> under the metric's id (no selector).
/// </summary>
public static class MetricCatalog
{
    private const double MiB = 1 << 20;

    // ---- throughput ----

    /// <summary>Goodput: delivered payload bits per second over the transfer interval (SI), <see cref="Throughput.GoodputBitsPerSecond"/>.</summary>
    public static readonly MetricDefinition Goodput = new()
    {
        Id = "goodput_bits_per_s", Header = "goodput", Name = "Goodput",
        Description = "Application payload delivered (verified for reliable transports) per second, first send to last byte received; SI: 1 Gbit = 10^9 bit.",
        Unit = "bit/s", DisplayUnit = "Gbit/s", DisplayScale = 1e-9,
        Better = BetterDirection.Higher, Scenarios = ScenarioKind.Any, Gateable = true, InTable = true, GateMinimumEffect = 0.05,
        Selector = m => m.Throughput?.GoodputBitsPerSecond,
    };

    /// <summary>Goodput as file rate, MiB (2^20 B) per second, <see cref="Throughput.GoodputMiBPerSecond"/>.</summary>
    public static readonly MetricDefinition GoodputMiB = new()
    {
        Id = "goodput_mib_per_s", Header = "goodput", Name = "Goodput",
        Description = "The same goodput as file rate: MiB (2^20 bytes) per second.",
        Unit = "MiB/s", DisplayUnit = "MiB/s", Format = "0",
        Better = BetterDirection.Higher, Scenarios = ScenarioKind.Bulk, InTable = true,
        Selector = m => m.Throughput?.GoodputMiBPerSecond,
    };

    /// <summary>Delivered messages per second, <see cref="Throughput.MessagesPerSecond"/>.</summary>
    public static readonly MetricDefinition MessagesPerSecond = new()
    {
        Id = "messages_per_s", Header = "delivered", Name = "Messages delivered",
        Description = "Distinct measured messages delivered per second of the measured interval.",
        Unit = "1/s", DisplayUnit = "msg/s", Format = "0",
        Better = BetterDirection.Higher, Scenarios = ScenarioKind.Messages, Gateable = true, InTable = true, GateMinimumEffect = 0.05,
        Selector = m => m.Throughput?.MessagesPerSecond,
    };

    /// <summary>
    /// Delivered payload rate over the offered rate of a paced (open-loop) run, percent: under 100 the path or the
    /// transport did not carry the load the run asked for (lost messages, or a congestion window that cannot grow: under
    /// random loss a loss-based controller carries at most the Mathis rate, docs/LINKS.md), so delays then include the
    /// sender's own queue. Null for unpaced runs.
    /// </summary>
    public static readonly MetricDefinition OfferedLoadCarried = new()
    {
        Id = "offered_load_carried_percent", Header = "carried", Name = "Offered load carried",
        Description = "Delivered payload rate over the paced sender's offered rate, percent (open loop only). Under 100 %: the run's delays include the sender's own queue.",
        Unit = "%", DisplayUnit = "%", Format = "0.0",
        Better = BetterDirection.Higher, Scenarios = ScenarioKind.Messages, InTable = true,
        Selector = m => m.Throughput is { TargetRateBitsPerSecond: > 0 } t ? 100 * t.GoodputBitsPerSecond / t.TargetRateBitsPerSecond.Value : null,
    };

    /// <summary>Below this share of its offered load (percent), a paced run is said not to have carried it (a note under the table).</summary>
    public const double CarriedLoadWarningPercent = 90;

    // ---- latency: RTT (pingpong) and one-way delay (datagrams), from the HDR-style histogram ----

    /// <summary>Median round-trip time, <see cref="Latency.P50Ms"/> of an "rtt" latency.</summary>
    public static readonly MetricDefinition RttP50 = Rtt("p50", "p50", l => l.P50Ms, gateable: true);

    /// <summary>99th percentile round-trip time.</summary>
    public static readonly MetricDefinition RttP99 = Rtt("p99", "p99", l => l.P99Ms, gateable: true);

    /// <summary>99.9th percentile round-trip time.</summary>
    public static readonly MetricDefinition RttP999 = Rtt("p999", "p99.9", l => l.P999Ms, gateable: false);

    /// <summary>Largest round-trip time.</summary>
    public static readonly MetricDefinition RttMax = Rtt("max", "max", l => l.MaxMs, gateable: false);

    /// <summary>Median one-way delay, <see cref="Latency.P50Ms"/> of a "one_way_delay" latency.</summary>
    public static readonly MetricDefinition OwdP50 = Owd("p50", "p50", l => l.P50Ms, gateable: true);

    /// <summary>99th percentile one-way delay.</summary>
    public static readonly MetricDefinition OwdP99 = Owd("p99", "p99", l => l.P99Ms, gateable: true);

    /// <summary>99.9th percentile one-way delay.</summary>
    public static readonly MetricDefinition OwdP999 = Owd("p999", "p99.9", l => l.P999Ms, gateable: false);

    /// <summary>Largest one-way delay.</summary>
    public static readonly MetricDefinition OwdMax = Owd("max", "max", l => l.MaxMs, gateable: false);

    // ---- bulk timing ----

    /// <summary>Connect start to first payload byte at the receiver, <see cref="Throughput.TimeToFirstByteMs"/>.</summary>
    public static readonly MetricDefinition TimeToFirstByte = new()
    {
        Id = "time_to_first_byte_ms", Header = "TTFB", Name = "Time to first byte",
        Description = "From the client's connect start to the first payload byte at the receiver (includes the handshake).",
        Unit = "ms", DisplayUnit = "ms", Format = "0.0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Bulk, InTable = true,
        Selector = m => m.Throughput?.TimeToFirstByteMs,
    };

    /// <summary>First send to last payload byte received, <see cref="Throughput.TransferDurationMs"/>.</summary>
    public static readonly MetricDefinition Transfer = new()
    {
        Id = "transfer_ms", Header = "transfer", Name = "Transfer time",
        Description = "From the first send to the last payload byte received: the goodput interval.",
        Unit = "ms", DisplayUnit = "ms", Format = "0.0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Bulk,
        Selector = m => m.Throughput?.TransferDurationMs,
    };

    /// <summary>Connect start to the end of verification and close, <see cref="Throughput.TotalDurationMs"/>.</summary>
    public static readonly MetricDefinition Total = new()
    {
        Id = "total_ms", Header = "total", Name = "Total time",
        Description = "From the client's connect start to the end of verification and close.",
        Unit = "ms", DisplayUnit = "s", DisplayScale = 1e-3, Format = "0.00",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Bulk, InTable = true,
        Selector = m => m.Throughput?.TotalDurationMs,
    };

    /// <summary>Payload bytes delivered, <see cref="Throughput.BytesDelivered"/>.</summary>
    public static readonly MetricDefinition Delivered = new()
    {
        Id = "delivered_bytes", Header = "delivered", Name = "Payload delivered",
        Description = "Application payload bytes the receiver got (verified ones for reliable transports).",
        Unit = "B", DisplayUnit = "B", Format = "0",
        Better = BetterDirection.None, Scenarios = ScenarioKind.Any,
        Selector = m => m.Throughput?.BytesDelivered,
    };

    // ---- delivery (unreliable transports) ----

    /// <summary>Messages lost in percent of those sent, <see cref="Delivery.LossPercent"/>.</summary>
    public static readonly MetricDefinition Loss = new()
    {
        Id = "loss_percent", Header = "loss", Name = "Loss",
        Description = "Messages never received, in percent of the messages sent.",
        Unit = "%", DisplayUnit = "%", Format = "0.###",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Any, Gateable = true, InTable = true,
        GateMinimumEffect = 0.10, GateMinimumAbsolute = 0.1,
        Selector = m => m.Delivery?.LossPercent,
    };

    /// <summary>Extra copies of already-received messages, <see cref="Delivery.Duplicates"/>.</summary>
    public static readonly MetricDefinition Duplicates = new()
    {
        Id = "duplicates_count", Header = "duplicates", Name = "Duplicates",
        Description = "Extra copies received of already-received messages.",
        Unit = "1", DisplayUnit = "", Format = "0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Any,
        Selector = m => m.Delivery?.Duplicates,
    };

    /// <summary>RFC 4737 §3.3 reordered singletons, <see cref="Delivery.Reordered"/>.</summary>
    public static readonly MetricDefinition Reordered = new()
    {
        Id = "reordered_count", Header = "reordered", Name = "Reordered messages",
        Description = "Messages that arrived with a sequence number below the next expected one (RFC 4737 §3.3 reordered singletons).",
        Unit = "1", DisplayUnit = "", Format = "0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Any, InTable = true,
        Selector = m => m.Delivery?.Reordered,
    };

    /// <summary>RFC 4737 §4.1 reordered ratio in percent, <see cref="Delivery.ReorderedPercent"/>.</summary>
    public static readonly MetricDefinition ReorderedPercent = new()
    {
        Id = "reordered_percent", Header = "reordered", Name = "Reordered",
        Description = "Reordered messages in percent of those received (RFC 4737 §4.1 reordered ratio).",
        Unit = "%", DisplayUnit = "%", Format = "0.###",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Any,
        Selector = m => m.Delivery?.ReorderedPercent,
    };

    /// <summary>Largest RFC 4737 §4.2.2 reordering extent, <see cref="Delivery.MaxReorderExtent"/>.</summary>
    public static readonly MetricDefinition MaxReorderExtent = new()
    {
        Id = "max_reorder_extent_packets", Header = "max reorder extent", Name = "Largest reordering extent",
        Description = "Largest reordering extent seen, in packets (RFC 4737 §4.2.2); 0 when nothing was reordered.",
        Unit = "packets", DisplayUnit = "packets", Format = "0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Any,
        Selector = m => m.Delivery?.MaxReorderExtent,
    };

    /// <summary>Mean RFC 4737 §4.2.2 reordering extent of the reordered messages; stored by the datagrams scenario.</summary>
    public static readonly MetricDefinition MeanReorderExtent = new()
    {
        Id = "mean_reorder_extent_packets", Header = "mean reorder extent", Name = "Mean reordering extent",
        Description = "Mean reordering extent of the reordered messages, in packets (RFC 4737 §4.2.2); 0 when nothing was reordered.",
        Unit = "packets", DisplayUnit = "packets", Format = "0.##",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages,
        V1StatisticKeys = ["scenario_mean_reorder_extent"],
    };

    /// <summary>RFC 3550 §6.4.1 interarrival jitter at the end of the run, <see cref="Delivery.JitterMs"/>.</summary>
    public static readonly MetricDefinition Jitter = new()
    {
        Id = "jitter_ms", Header = "jitter", Name = "Interarrival jitter, RFC 3550",
        Description = "Interarrival jitter at the end of the run: the RFC 3550 §6.4.1 estimator J += (|D| - J)/16 over send and arrival times.",
        Unit = "ms", DisplayUnit = "ms", Format = "0.000",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Any, Gateable = true, InTable = true,
        GateMinimumEffect = 0.10, GateMinimumAbsolute = 0.001,
        Selector = m => m.Delivery?.JitterMs,
    };

    // ---- cost ----

    /// <summary>CPU seconds (user+system) per GiB delivered, <see cref="Cost.CpuSecondsPerGiB"/>.</summary>
    public static readonly MetricDefinition CpuPerGiB = new()
    {
        Id = "cpu_seconds_per_gib", Header = "CPU", Name = "CPU time, user+sys",
        Description = "CPU time (user plus system) of the harness process, client and server together, per GiB (2^30 B) delivered.",
        Unit = "s/GiB", DisplayUnit = "s/GiB", Format = "0.00",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Bulk, Gateable = true, InTable = true, GateMinimumEffect = 0.05,
        Selector = m => m.Cost?.CpuSecondsPerGiB,
    };

    /// <summary>Managed bytes allocated per MiB delivered, <see cref="Cost.GcAllocatedBytesPerMiB"/>.</summary>
    public static readonly MetricDefinition GcPerMiB = new()
    {
        Id = "gc_allocated_bytes_per_mib", Header = "GC", Name = "Managed allocation",
        Description = "Bytes allocated on the managed heap per MiB (2^20 B) of payload delivered.",
        Unit = "B/MiB", DisplayUnit = "B/MiB", Format = "0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Bulk, Gateable = true, InTable = true,
        GateMinimumEffect = 0.10, GateMinimumAbsolute = 1024,
        Selector = m => m.Cost?.GcAllocatedBytesPerMiB,
    };

    /// <summary>CPU microseconds per delivered message (message scenarios).</summary>
    public static readonly MetricDefinition CpuPerMessage = new()
    {
        Id = "cpu_us_per_message", Header = "CPU", Name = "CPU time per message, user+sys",
        Description = "CPU time (user plus system) of the harness process per delivered message.",
        Unit = "µs", DisplayUnit = "µs/msg", Format = "0.0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, Gateable = true, InTable = true, GateMinimumEffect = 0.05,
        Selector = m => m.Throughput?.MessagesDelivered is > 0 && m.Cost is not null
            ? m.Cost.CpuSeconds * 1e6 / m.Throughput.MessagesDelivered.Value : null,
    };

    /// <summary>Managed bytes allocated per delivered message (message scenarios).</summary>
    public static readonly MetricDefinition GcPerMessage = new()
    {
        Id = "gc_allocated_bytes_per_message", Header = "GC", Name = "Managed allocation per message",
        Description = "Bytes allocated on the managed heap per delivered message.",
        Unit = "B", DisplayUnit = "B/msg", Format = "0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, Gateable = true, InTable = true,
        GateMinimumEffect = 0.10, GateMinimumAbsolute = 8,
        Selector = m => m.Throughput?.MessagesDelivered is > 0 && m.Cost is not null
            ? m.Cost.GcAllocatedBytes / (double)m.Throughput.MessagesDelivered.Value : null,
    };

    /// <summary>Peak working set of the process, the largest over repeats, <see cref="Cost.PeakWorkingSetBytes"/>.</summary>
    public static readonly MetricDefinition PeakWorkingSet = new()
    {
        Id = "peak_working_set_bytes", Header = "peak WS", Name = "Peak working set",
        Description = "Peak resident set of the harness process during the measured interval; the largest over the repeats.",
        Unit = "B", DisplayUnit = "MiB", DisplayScale = 1 / MiB, Format = "0.0",
        Better = BetterDirection.Lower, Aggregation = Aggregation.Max, Scenarios = ScenarioKind.Any, Gateable = true, InTable = true,
        GateMinimumEffect = 0.10,
        Selector = m => m.Cost?.PeakWorkingSetBytes,
    };

    // ---- cost of the agent (two-host runs) ----

    /// <summary>The agent process's CPU seconds per GiB delivered, two-host runs (<see cref="Measurement.ServerCost"/>).</summary>
    public static readonly MetricDefinition AgentCpuPerGiB = new()
    {
        Id = "agent_cpu_seconds_per_gib", Header = "agent CPU", Name = "Agent CPU time, user+sys",
        Description = "CPU time (user plus system) of the agent process (the server side of a two-host run) per GiB (2^30 B) delivered.",
        Unit = "s/GiB", DisplayUnit = "s/GiB", Format = "0.00",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Bulk, InTable = true,
        Selector = m => m.ServerCost is { } c && m.Throughput?.BytesDelivered is > 0 ? c.CpuSeconds / (m.Throughput.BytesDelivered / (double)(1L << 30)) : null,
    };

    /// <summary>The agent process's CPU microseconds per delivered message, two-host runs.</summary>
    public static readonly MetricDefinition AgentCpuPerMessage = new()
    {
        Id = "agent_cpu_us_per_message", Header = "agent CPU", Name = "Agent CPU time per message, user+sys",
        Description = "CPU time (user plus system) of the agent process (the server side of a two-host run) per delivered message.",
        Unit = "µs", DisplayUnit = "µs/msg", Format = "0.0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, InTable = true,
        Selector = m => m.ServerCost is { } c && m.Throughput?.MessagesDelivered is > 0 ? c.CpuSeconds * 1e6 / m.Throughput.MessagesDelivered.Value : null,
    };

    /// <summary>The agent process's peak working set, the largest over repeats, two-host runs.</summary>
    public static readonly MetricDefinition AgentPeakWorkingSet = new()
    {
        Id = "agent_peak_working_set_bytes", Header = "agent peak WS", Name = "Agent peak working set",
        Description = "Peak resident set of the agent process (the server side of a two-host run) during the run; the largest over the repeats.",
        Unit = "B", DisplayUnit = "MiB", DisplayScale = 1 / MiB, Format = "0.0",
        Better = BetterDirection.Lower, Aggregation = Aggregation.Max, Scenarios = ScenarioKind.Any, InTable = true,
        Selector = m => m.ServerCost?.PeakWorkingSetBytes,
    };

    // ---- datagrams: delay above the base delay ----

    /// <summary>Base one-way delay: the run's smallest, <see cref="Latency.MinMs"/> (RFC 6817 §2 base delay).</summary>
    public static readonly MetricDefinition OwdBase = new()
    {
        Id = "owd_base_ms", Header = "delay base", Name = "Base one-way delay",
        Description = "The run's smallest one-way delay: the base delay of RFC 6817 §2.",
        Unit = "ms", DisplayUnit = "µs", DisplayScale = 1000,
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages,
        Selector = m => m.Latency is { Kind: OneWayDelay } l ? l.MinMs : null,
        V1StatisticKeys = ["scenario_owd_base_ms"],
    };

    /// <summary>Median one-way delay above the base delay: queueing, retransmission, head-of-line blocking.</summary>
    public static readonly MetricDefinition OwdAboveBaseP50 = AboveBase("p50", "p50", l => l.P50Ms);

    /// <summary>99th percentile one-way delay above the base delay.</summary>
    public static readonly MetricDefinition OwdAboveBaseP99 = AboveBase("p99", "p99", l => l.P99Ms);

    /// <summary>Largest one-way delay above the base delay.</summary>
    public static readonly MetricDefinition OwdAboveBaseMax = AboveBase("max", "max", l => l.MaxMs);

    // ---- hol: several flows over one connection (Measurement.Flows) ----

    /// <summary>The largest per-flow p99 one-way delay of a multi-flow run (hol): the flow hurt most.</summary>
    public static readonly MetricDefinition FlowP99Worst = new()
    {
        Id = "flow_owd_p99_worst_ms", Header = "worst flow p99", Name = "Worst flow's p99 one-way delay",
        Description = "The largest of the flows' 99th percentile one-way delays (each flow's own histogram): the flow that head-of-line blocking or loss hurt most.",
        Unit = "ms", DisplayUnit = "ms", Format = "0.00",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, InTable = true,
        Selector = m => m.Flows?.Flows.Where(f => f.Received > 0).Select(f => (double?)f.P99Ms).Max(),
    };

    /// <summary>The smallest per-flow p99 one-way delay of a multi-flow run (hol): the flow hurt least.</summary>
    public static readonly MetricDefinition FlowP99Best = new()
    {
        Id = "flow_owd_p99_best_ms", Header = "best flow p99", Name = "Best flow's p99 one-way delay",
        Description = "The smallest of the flows' 99th percentile one-way delays: with independent flows (a stream per flow) a stall hurts one flow, so best and worst differ; on one ordered stream every flow shares it.",
        Unit = "ms", DisplayUnit = "ms", Format = "0.00",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, InTable = true,
        Selector = m => m.Flows?.Flows.Where(f => f.Received > 0).Select(f => (double?)f.P99Ms).Min(),
    };

    /// <summary>Share of delivered messages delayed more than the threshold above the base delay (hol).</summary>
    public static readonly MetricDefinition HolDelayed = new()
    {
        Id = "hol_delayed_percent", Header = "delayed", Name = "Messages delayed above base",
        Description = "Delivered messages whose one-way delay exceeds the run's base (smallest) delay by more than the excess threshold (hol's -excess-threshold, default 10 ms), in percent of the delivered messages.",
        Unit = "%", DisplayUnit = "%", Format = "0.###",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, InTable = true,
        Selector = m => m.Flows?.DelayedPercent,
    };

    /// <summary>Share of delayed messages whose stall another flow shared (hol).</summary>
    public static readonly MetricDefinition HolCrossFlow = new()
    {
        Id = "hol_cross_flow_percent", Header = "cross-flow stalls", Name = "Delayed messages sharing the stall with another flow",
        Description = "Of the delayed messages, the percentage for which a message of another flow that arrived within 1 ms of it was delayed too: near 100 % when one ordered stream blocks every flow behind a loss, low when flows are independent; absent when nothing was delayed.",
        Unit = "%", DisplayUnit = "%", Format = "0.#",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, InTable = true,
        Selector = m => m.Flows?.CrossFlowPercent,
    };

    // ---- many clients: parallel connections of one bulk run (Measurement.ParallelFlows) ----

    /// <summary>
    /// Jain's fairness index of the parallel connections' goodput over their common interval (bigfile -connections N).
    /// Not gated: on a shared 2-core loopback which flow the scheduler favours drifts between runs (docs/SCENARIOS-LOAD.md).
    /// </summary>
    public static readonly MetricDefinition FairnessIndex = new()
    {
        Id = "jain_fairness_index", Header = "fairness", Name = "Jain's fairness index",
        Description = "Jain's index (Σx)²/(n·Σx²) (DEC-TR-301, 1984) over the connections' shares: bigfile -connections, their goodput over the interval in which all were moving bytes; rpc over several connections, their completed requests. 1 = equal shares, 1/n = one connection took all.",
        Unit = "1", DisplayUnit = "", Format = "0.000",
        Better = BetterDirection.Higher, Scenarios = ScenarioKind.Any, InTable = true,
        Selector = m => m.ParallelFlows?.JainFairness
            ?? (m.Rpcs is { CompletedPerConnection.Count: >= 2 } r ? Statistics.JainFairness.Of(r.CompletedPerConnection.Select(c => (double)c).ToArray()) : null),
    };

    /// <summary>The slowest parallel connection's goodput over the common interval.</summary>
    public static readonly MetricDefinition FlowGoodputMin = FlowGoodput("min", "slowest", Enumerable.Min);

    /// <summary>The fastest parallel connection's goodput over the common interval.</summary>
    public static readonly MetricDefinition FlowGoodputMax = FlowGoodput("max", "fastest", Enumerable.Max);

    // ---- latency under load: pingpong -under-load N (Measurement.Values; the RTT columns are then the loaded RTT) ----

    /// <summary>Median RTT of the idle phase of a run under load (pingpong -under-load).</summary>
    public static readonly MetricDefinition RttIdleP50 = IdleRtt("p50");

    /// <summary>99th percentile RTT of the idle phase of a run under load.</summary>
    public static readonly MetricDefinition RttIdleP99 = IdleRtt("p99");

    /// <summary>Loaded over idle median RTT (pingpong -under-load): what the bulk flows beside the round trips cost them.</summary>
    public static readonly MetricDefinition RttInflationP50 = Inflation("p50");

    /// <summary>Loaded over idle 99th percentile RTT (pingpong -under-load).</summary>
    public static readonly MetricDefinition RttInflationP99 = Inflation("p99");

    /// <summary>Goodput the bulk flows of a run under load carried, verified (pingpong -under-load).</summary>
    public static readonly MetricDefinition LoadGoodput = new()
    {
        Id = "load_goodput_bits_per_s", Header = "load goodput", Name = "Goodput of the load",
        Description = "Verified payload the -under-load bulk flows delivered per second, their first to their last byte at the receiver (all flows together); SI.",
        Unit = "bit/s", DisplayUnit = "Gbit/s", DisplayScale = 1e-9,
        Better = BetterDirection.Higher, Scenarios = ScenarioKind.Messages, InTable = true,
    };

    // ---- connect: new connections (Measurement.Connects; time to connect is the Latency of kind "time_to_connect") ----

    /// <summary>Completed connects per second (HPS), <see cref="ConnectSet.HandshakesPerSecond"/>.</summary>
    public static readonly MetricDefinition HandshakesPerSecond = new()
    {
        Id = "handshakes_per_s", Header = "HPS", Name = "Handshakes per second",
        Description = "New connections completed per second of the measured interval (handshakes, run hello, one verified request/response, orderly close): HPS as MsQuic's secnetperf reports it.",
        Unit = "1/s", DisplayUnit = "conn/s", Format = "0",
        Better = BetterDirection.Higher, Scenarios = ScenarioKind.Messages, Gateable = true, InTable = true,
        Selector = m => m.Connects?.HandshakesPerSecond,
    };

    /// <summary>Median time to connect: connect start to the first response byte (handshake included).</summary>
    public static readonly MetricDefinition ConnectP50 = TimeToConnect("p50", "p50", l => l.P50Ms, gateable: true);

    /// <summary>99th percentile time to connect.</summary>
    public static readonly MetricDefinition ConnectP99 = TimeToConnect("p99", "p99", l => l.P99Ms, gateable: true);

    /// <summary>Median connect-only time: connect start to the transport's connect returning, <see cref="ConnectSet.ConnectOnly"/>.</summary>
    public static readonly MetricDefinition ConnectOnlyP50 = ConnectOnly("p50", "p50", l => l.P50Ms, inTable: true);

    /// <summary>99th percentile connect-only time.</summary>
    public static readonly MetricDefinition ConnectOnlyP99 = ConnectOnly("p99", "p99", l => l.P99Ms, inTable: false);

    /// <summary>Connects that failed, <see cref="ConnectSet.Failed"/> (kinds in <see cref="ConnectSet.FailuresByKind"/>).</summary>
    public static readonly MetricDefinition FailedConnects = new()
    {
        Id = "failed_connects_count", Header = "failed", Name = "Failed connects",
        Description = "Measured connects that failed (refused, reset, past their deadline, wrong response bytes); results.json keeps them by kind with the first messages. Headline: the worst repeat.",
        Unit = "1", DisplayUnit = "", Format = "0",
        Better = BetterDirection.Lower, Aggregation = Aggregation.Max, Scenarios = ScenarioKind.Messages, InTable = true,
        Selector = m => m.Connects?.Failed,
    };

    /// <summary>Completed connects whose TLS handshake resumed a session; absent when no connection reported TLS.</summary>
    public static readonly MetricDefinition TlsResumed = new()
    {
        Id = "tls_resumed_handshakes_count", Header = "resumed", Name = "Resumed TLS handshakes",
        Description = "Completed connects whose connection reported a resumed TLS handshake (PSK from a session ticket, RFC 8446 §2.2); the full ones are tls_full_handshakes_count, the ones whose stack does not tell are counted apart (results.json). Absent when no connection reported TLS.",
        Unit = "1", DisplayUnit = "", Format = "0",
        Better = BetterDirection.None, Scenarios = ScenarioKind.Messages, InTable = true,
        Selector = m => m.Connects is { } c && c.TlsFullHandshakes + c.TlsResumedHandshakes + c.TlsResumptionUnknown > 0 ? c.TlsResumedHandshakes : null,
    };

    /// <summary>Completed connects whose TLS handshake was a full one; absent when no connection reported TLS.</summary>
    public static readonly MetricDefinition TlsFull = new()
    {
        Id = "tls_full_handshakes_count", Header = "full", Name = "Full TLS handshakes",
        Description = "Completed connects whose connection reported a full TLS handshake (no resumption). Absent when no connection reported TLS.",
        Unit = "1", DisplayUnit = "", Format = "0",
        Better = BetterDirection.None, Scenarios = ScenarioKind.Messages,
        Selector = m => m.Connects is { } c && c.TlsFullHandshakes + c.TlsResumedHandshakes + c.TlsResumptionUnknown > 0 ? c.TlsFullHandshakes : null,
    };

    // ---- rpc: request/response under concurrency (Measurement.Rpcs; request latency is the Latency of kind "rpc") ----

    /// <summary>Completed requests per second (RPS), <see cref="RpcSet.RequestsPerSecond"/>.</summary>
    public static readonly MetricDefinition RequestsPerSecond = new()
    {
        Id = "requests_per_s", Header = "RPS", Name = "Requests per second",
        Description = "Requests completed per second of the measured interval (each response received whole and verified): RPS as MsQuic's secnetperf and h2load report it.",
        Unit = "1/s", DisplayUnit = "req/s", Format = "0",
        Better = BetterDirection.Higher, Scenarios = ScenarioKind.Messages, Gateable = true, InTable = true, GateMinimumEffect = 0.05,
        Selector = m => m.Rpcs?.RequestsPerSecond,
    };

    /// <summary>Median request latency.</summary>
    public static readonly MetricDefinition RpcP50 = RpcLatency("p50", "p50", l => l.P50Ms, gateable: true);

    /// <summary>90th percentile request latency.</summary>
    public static readonly MetricDefinition RpcP90 = RpcLatency("p90", "p90", l => l.P90Ms, gateable: false);

    /// <summary>99th percentile request latency.</summary>
    public static readonly MetricDefinition RpcP99 = RpcLatency("p99", "p99", l => l.P99Ms, gateable: true);

    /// <summary>99.9th percentile request latency.</summary>
    public static readonly MetricDefinition RpcP999 = RpcLatency("p999", "p99.9", l => l.P999Ms, gateable: false);

    /// <summary>Requests that failed, <see cref="RpcSet.Failed"/> (kinds in <see cref="RpcSet.FailuresByKind"/>).</summary>
    public static readonly MetricDefinition FailedRequests = new()
    {
        Id = "failed_requests_count", Header = "failed", Name = "Failed requests",
        Description = "Measured requests that failed (no verified response within the request deadline, reset, wrong response bytes); results.json keeps them by kind with the first messages. Headline: the worst repeat.",
        Unit = "1", DisplayUnit = "", Format = "0",
        Better = BetterDirection.Lower, Aggregation = Aggregation.Max, Scenarios = ScenarioKind.Messages, InTable = true,
        Selector = m => m.Rpcs?.Failed,
    };

    // ---- the message scenarios' own bookkeeping, stored in Measurement.Values ----

    /// <summary>How late the sender was at worst against its schedule (open loop); stored by the message scenarios.</summary>
    public static readonly MetricDefinition SendLateMax = new()
    {
        Id = "send_late_max_ms", Header = "send late max", Name = "Largest send lateness",
        Description = "The largest delay of a send behind its scheduled time (paced, open-loop senders).",
        Unit = "ms", DisplayUnit = "ms", Format = "0.000",
        Better = BetterDirection.Lower, Aggregation = Aggregation.Max, Scenarios = ScenarioKind.Messages,
        V1StatisticKeys = ["scenario_send_late_max_ms"],
    };

    /// <summary>1 when the sender ended the run behind its schedule, else 0; stored by the message scenarios.</summary>
    public static readonly MetricDefinition StoppedBehindSchedule = new()
    {
        Id = "stopped_behind_schedule_flag", Header = "behind schedule", Name = "Stopped behind schedule",
        Description = "1 when the paced sender could not keep its schedule and stopped behind it, else 0.",
        Unit = "1", DisplayUnit = "", Format = "0",
        Better = BetterDirection.None, Aggregation = Aggregation.Max, Scenarios = ScenarioKind.Messages,
        V1StatisticKeys = ["scenario_stopped_behind_schedule"],
    };

    /// <summary>Requests whose response never came within the timeout (pingpong); stored by the scenario.</summary>
    public static readonly MetricDefinition TimedOutRequests = new()
    {
        Id = "timed_out_requests_count", Header = "timed out", Name = "Timed-out requests",
        Description = "Requests whose response did not arrive within the response timeout (pingpong over unreliable transports).",
        Unit = "1", DisplayUnit = "", Format = "0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages,
        V1StatisticKeys = ["scenario_timed_out_requests"],
    };

    /// <summary>Messages too far out of order for the sequence tracker's window; stored by the message scenarios.</summary>
    public static readonly MetricDefinition OutOfWindow = new()
    {
        Id = "out_of_window_count", Header = "out of window", Name = "Messages out of window",
        Description = "Messages (or responses) whose sequence number fell outside the sequence tracker's window, so they were not counted.",
        Unit = "1", DisplayUnit = "", Format = "0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages,
        V1StatisticKeys = ["scenario_out_of_window", "scenario_out_of_window_responses"],
    };

    /// <summary>1 when the datagrams receiver saw the end marker, else 0; stored by the datagrams scenario.</summary>
    public static readonly MetricDefinition EndMarkerSeen = new()
    {
        Id = "end_marker_seen_flag", Header = "end marker", Name = "End marker seen",
        Description = "1 when the receiver saw the sender's end marker, 0 when the run ended otherwise (idle stop, timeout).",
        Unit = "1", DisplayUnit = "", Format = "0",
        Better = BetterDirection.None, Scenarios = ScenarioKind.Messages,
        V1StatisticKeys = ["scenario_end_marker_seen"],
    };

    /// <summary>1 when the datagrams receiver stopped after an idle period, else 0; stored by the datagrams scenario.</summary>
    public static readonly MetricDefinition IdleStop = new()
    {
        Id = "idle_stop_flag", Header = "idle stop", Name = "Idle stop",
        Description = "1 when the receiver stopped because nothing arrived for the idle timeout after the last send, else 0.",
        Unit = "1", DisplayUnit = "", Format = "0",
        Better = BetterDirection.None, Aggregation = Aggregation.Max, Scenarios = ScenarioKind.Messages,
        V1StatisticKeys = ["scenario_idle_stop"],
    };

    // ---- BenchmarkDotNet reports (the gate's second input kind, BenchmarkDotNetReport) ----

    /// <summary>Time per operation of one BenchmarkDotNet measured iteration, nanoseconds (its OriginalValues).</summary>
    public static readonly MetricDefinition BenchmarkTimePerOperation = new()
    {
        Id = "benchmark_time_per_operation_ns", Header = "time/op", Name = "Benchmark time per operation",
        Description = "A BenchmarkDotNet benchmark's time per operation, one sample per measured iteration (its full JSON export's Statistics.OriginalValues, overhead subtracted by BenchmarkDotNet).",
        Unit = "ns", DisplayUnit = "ns", Format = "0.0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Benchmark, Gateable = true, InTable = true, GateMinimumEffect = 0.05,
    };

    /// <summary>Bytes allocated per operation of a BenchmarkDotNet benchmark (its memory diagnoser).</summary>
    public static readonly MetricDefinition BenchmarkAllocatedPerOperation = new()
    {
        Id = "benchmark_allocated_bytes_per_operation", Header = "alloc/op", Name = "Benchmark allocations per operation",
        Description = "Bytes allocated per operation (BenchmarkDotNet's memory diagnoser: Memory.BytesAllocatedPerOperation, one figure per benchmark, given to every iteration's sample); margin at least 16 B.",
        Unit = "B", DisplayUnit = "B", Format = "0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Benchmark, Gateable = true, InTable = true, GateMinimumEffect = 0.10, GateMinimumAbsolute = 16,
    };

    /// <summary>Every metric, in display order: tables and summary.csv list their columns in this order.</summary>
    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        Goodput, GoodputMiB, MessagesPerSecond, OfferedLoadCarried,
        RttP50, RttP99, RttP999, RttMax, OwdP50, OwdP99, OwdP999, OwdMax,
        TimeToFirstByte, Transfer, Total, Delivered,
        Loss, Duplicates, Reordered, ReorderedPercent, MaxReorderExtent, MeanReorderExtent, Jitter,
        CpuPerGiB, GcPerMiB, CpuPerMessage, GcPerMessage, PeakWorkingSet,
        AgentCpuPerGiB, AgentCpuPerMessage, AgentPeakWorkingSet,
        OwdBase, OwdAboveBaseP50, OwdAboveBaseP99, OwdAboveBaseMax,
        FlowP99Worst, FlowP99Best, HolDelayed, HolCrossFlow,
        FairnessIndex, FlowGoodputMin, FlowGoodputMax,
        RttIdleP50, RttIdleP99, RttInflationP50, RttInflationP99, LoadGoodput,
        HandshakesPerSecond, ConnectP50, ConnectP99, ConnectOnlyP50, ConnectOnlyP99, FailedConnects, TlsResumed, TlsFull,
        RequestsPerSecond, RpcP50, RpcP90, RpcP99, RpcP999, FailedRequests,
        SendLateMax, StoppedBehindSchedule, TimedOutRequests, OutOfWindow, EndMarkerSeen, IdleStop,
        BenchmarkTimePerOperation, BenchmarkAllocatedPerOperation,
    ];

    /// <summary>The metric with <paramref name="id"/>, or null.</summary>
    /// <param name="id">A metric id, e.g. <c>goodput_bits_per_s</c>.</param>
    public static MetricDefinition? Find(string id) => All.FirstOrDefault(m => m.Id == id);

    private static MetricDefinition FlowGoodput(string id, string which, Func<IEnumerable<double>, double> pick) => new()
    {
        Id = $"flow_goodput_{id}_bits_per_s", Header = $"{which} flow", Name = $"Goodput of the {which} connection",
        Description = $"The {which} of the parallel connections' goodput over the interval in which all were moving bytes (bigfile -connections N); SI.",
        Unit = "bit/s", DisplayUnit = "Gbit/s", DisplayScale = 1e-9,
        Better = BetterDirection.Higher, Scenarios = ScenarioKind.Bulk, InTable = true,
        Selector = m => m.ParallelFlows is { JainFairness: not null, Flows.Count: > 0 } p ? pick(p.Flows.Select(f => f.CommonGoodputBitsPerSecond)) : null,
    };

    private static MetricDefinition IdleRtt(string p) => new()
    {
        Id = $"rtt_idle_{p}_ms", Header = $"idle RTT {p}", Name = $"Idle RTT {p}",
        Description = $"The {p} RTT of the round trips sent before the -under-load bulk flows started (the idle phase; the rtt_* metrics are the loaded phase's).",
        Unit = "ms", DisplayUnit = "µs", DisplayScale = 1000, Format = "0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, InTable = true,
    };

    private static MetricDefinition Inflation(string p) => new()
    {
        Id = $"rtt_inflation_{p}_ratio", Header = $"RTT inflation {p}", Name = $"RTT inflation under load, {p}",
        Description = $"Loaded {p} RTT over idle {p} RTT of one pingpong -under-load run (flent RRUL's question): 1 = the load costs the round trips nothing. Not gated: it divides two noisy figures.",
        Unit = "x", DisplayUnit = "×", Format = "0.0",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, InTable = true,
    };

    private const string RoundTrip = "rtt";
    private const string OneWayDelay = "one_way_delay";
    private const string TimeToConnectKind = "time_to_connect";
    private const string RpcKind = "rpc";

    private static MetricDefinition Rtt(string idPart, string header, Func<Latency, double> percentile, bool gateable) => new()
    {
        Id = $"rtt_{idPart}_ms", Header = $"RTT {header}", Name = $"RTT {header}",
        Description = $"Round-trip time {header} (request sent to response received), from the log-linear latency histogram; from the intended send time when coordinated omission is corrected.",
        Unit = "ms", DisplayUnit = "µs", DisplayScale = 1000,
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, Gateable = gateable, InTable = true,
        GateMinimumEffect = gateable ? 0.10 : 0,
        Selector = m => m.Latency is { Kind: RoundTrip } l ? percentile(l) : null,
    };

    private static MetricDefinition Owd(string idPart, string header, Func<Latency, double> percentile, bool gateable) => new()
    {
        Id = $"owd_{idPart}_ms", Header = $"delay {header}", Name = $"One-way delay {header}",
        Description = $"One-way delay {header} (send timestamp to arrival, same clock on loopback), from the log-linear latency histogram; from the intended send time when coordinated omission is corrected.",
        Unit = "ms", DisplayUnit = "µs", DisplayScale = 1000,
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, Gateable = gateable, InTable = true,
        GateMinimumEffect = gateable ? 0.10 : 0,
        Selector = m => m.Latency is { Kind: OneWayDelay } l ? percentile(l) : null,
    };

    private static MetricDefinition AboveBase(string idPart, string header, Func<Latency, double> percentile) => new()
    {
        Id = $"owd_above_base_{idPart}_ms", Header = $"delay above base {header}", Name = $"One-way delay above base, {header}",
        Description = $"One-way delay {header} minus the run's base (smallest) delay (RFC 6817 §2): queueing, retransmission and head-of-line blocking added under load.",
        Unit = "ms", DisplayUnit = "µs", DisplayScale = 1000,
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages,
        Selector = m => m.Latency is { Kind: OneWayDelay } l ? percentile(l) - l.MinMs : null,
        V1StatisticKeys = [$"scenario_owd_above_base_{idPart}_ms"],
    };

    private static MetricDefinition TimeToConnect(string idPart, string header, Func<Latency, double> percentile, bool gateable) => new()
    {
        Id = $"connect_{idPart}_ms", Header = $"connect {header}", Name = $"Time to connect {header}",
        Description = $"Time to connect {header}: connect start to the first response byte of a new connection (handshakes, run hello and one request/response), from the log-linear latency histogram; from the intended start in open loop (coordinated omission corrected).",
        Unit = "ms", DisplayUnit = "ms", Format = "0.000",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, Gateable = gateable, InTable = true,
        Selector = m => m.Latency is { Kind: TimeToConnectKind } l ? percentile(l) : null,
    };

    private static MetricDefinition ConnectOnly(string idPart, string header, Func<Latency, double> percentile, bool inTable) => new()
    {
        Id = $"connect_only_{idPart}_ms", Header = $"connect-only {header}", Name = $"Connect-only time {header}",
        Description = $"Connect-only time {header}: connect start to the transport's connect call returning (what that call waits for differs by transport: docs/SCENARIOS-CONNECT.md), of completed connects.",
        Unit = "ms", DisplayUnit = "ms", Format = "0.000",
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, InTable = inTable,
        Selector = m => m.Connects?.ConnectOnly is { } l ? percentile(l) : null,
    };

    private static MetricDefinition RpcLatency(string idPart, string header, Func<Latency, double> percentile, bool gateable) => new()
    {
        Id = $"rpc_{idPart}_ms", Header = $"latency {header}", Name = $"Request latency {header}",
        Description = $"Request latency {header}: request sent to its whole response received and verified, from the log-linear latency histogram (HdrHistogram); from the intended start in open loop (coordinated omission corrected).",
        Unit = "ms", DisplayUnit = "µs", DisplayScale = 1000,
        Better = BetterDirection.Lower, Scenarios = ScenarioKind.Messages, Gateable = gateable, InTable = true,
        GateMinimumEffect = gateable ? 0.10 : 0,
        Selector = m => m.Latency is { Kind: RpcKind } l ? percentile(l) : null,
    };
}
