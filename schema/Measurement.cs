using Transports.Results.Metrics;

namespace Transports.Results;

/// <summary>
/// One measured repeat of a scenario over one transport. Sections that do not apply are null (a stream transfer
/// has no <see cref="Delivery"/> loss figures when reliable; a pingpong run has no <see cref="Integrity"/>).
/// </summary>
public sealed record Measurement
{
    /// <summary>Bytes and rates moved (bigfile, datagrams).</summary>
    public Throughput? Throughput { get; init; }

    /// <summary>Datagram delivery: loss, duplicates, reordering, jitter.</summary>
    public Delivery? Delivery { get; init; }

    /// <summary>Latency percentiles (RTT for pingpong, one-way delay for datagrams).</summary>
    public Latency? Latency { get; init; }

    /// <summary>End-to-end integrity check of the bytes delivered.</summary>
    public Integrity? Integrity { get; init; }

    /// <summary>CPU, memory and GC cost of this process (in one process: both sides; in a two-host run: the client side).</summary>
    public Cost? Cost { get; init; }

    /// <summary>In a two-host run, the agent process's cost (the server side) from the run's start on the agent to the
    /// end of its server role; null in one process (<see cref="Cost"/> covers both sides there).</summary>
    public Cost? ServerCost { get; init; }

    /// <summary>Goodput over time, one point per sampling interval (100 ms).</summary>
    public IReadOnlyList<TimelinePoint> Timeline { get; init; } = [];

    /// <summary>
    /// The transport's own counters at the end (RTT, cwnd, lost packets), when it exposes them; names are the
    /// transport's. Numbers of the scenario go to <see cref="Values"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double> TransportStatistics { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Numbers a scenario measures that have no place in the shared sections, keyed by metric id; every key is a
    /// metric of <see cref="MetricCatalog"/> without a selector (e.g. <c>timed_out_requests_count</c>), in that
    /// metric's unit.
    /// </summary>
    public IReadOnlyDictionary<string, double> Values { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Per-flow delivery and one-way delay of a scenario that runs several independent flows over one connection (hol:
    /// head-of-line blocking), with how the flows were mapped onto the transport; null for other scenarios.
    /// </summary>
    public FlowSet? Flows { get; init; }

    /// <summary>
    /// The connects of the connect scenario (new connections per second, failures by kind, connect-only times, full
    /// and resumed TLS handshakes); null for other scenarios.
    /// </summary>
    public ConnectSet? Connects { get; init; }

    /// <summary>
    /// The requests of the rpc scenario (requests per second, failures by kind, the load's shape, completed requests per
    /// connection); null for other scenarios.
    /// </summary>
    public RpcSet? Rpcs { get; init; }

    /// <summary>
    /// The parallel connections of a bulk run with several (<c>bigfile -connections N</c>): per-flow goodput and Jain's
    /// fairness index; null with one connection and for other scenarios.
    /// </summary>
    public ParallelFlowSet? ParallelFlows { get; init; }
}

/// <summary>Bytes moved and the rates derived from them.</summary>
public sealed record Throughput
{
    /// <summary>Application payload bytes the sender handed to the transport.</summary>
    public long BytesSent { get; init; }

    /// <summary>Application payload bytes the receiver got (for reliable transports: verified ones).</summary>
    public long BytesDelivered { get; init; }

    /// <summary>Goodput: delivered payload bits per second over <see cref="TransferDurationMs"/> (network rate, SI: 1 Gbit = 10^9 bit).</summary>
    public double GoodputBitsPerSecond { get; init; }

    /// <summary>The same goodput as file rate: MiB (2^20 bytes) per second.</summary>
    public double GoodputMiBPerSecond { get; init; }

    /// <summary>From the client's connect start to the first payload byte at the receiver, in milliseconds (includes the handshake).</summary>
    public double TimeToFirstByteMs { get; init; }

    /// <summary>From the first send to the last payload byte received, in milliseconds (the goodput interval).</summary>
    public double TransferDurationMs { get; init; }

    /// <summary>From the client's connect start to the end of verification and close, in milliseconds.</summary>
    public double TotalDurationMs { get; init; }

    /// <summary>Messages or datagrams sent, when the scenario counts them.</summary>
    public long? MessagesSent { get; init; }

    /// <summary>Messages or datagrams delivered, when the scenario counts them.</summary>
    public long? MessagesDelivered { get; init; }

    /// <summary>Delivered messages per second, when the scenario counts them.</summary>
    public double? MessagesPerSecond { get; init; }

    /// <summary>Target send rate in bits per second for paced (open-loop) senders; null when unpaced.</summary>
    public double? TargetRateBitsPerSecond { get; init; }
}

/// <summary>Delivery of sequence-numbered datagrams or messages (RFC 4737 reordering, RFC 3550 jitter).</summary>
public sealed record Delivery
{
    /// <summary>Messages sent.</summary>
    public long Sent { get; init; }

    /// <summary>Distinct messages received.</summary>
    public long Received { get; init; }

    /// <summary>Messages never received: <c>Sent - Received</c>.</summary>
    public long Lost { get; init; }

    /// <summary>Loss rate in percent of <see cref="Sent"/>.</summary>
    public double LossPercent { get; init; }

    /// <summary>Extra copies received of already-received messages.</summary>
    public long Duplicates { get; init; }

    /// <summary>Messages that arrived with a sequence number below the next expected one (RFC 4737 §3.3 reordered singletons).</summary>
    public long Reordered { get; init; }

    /// <summary>Reordered messages in percent of <see cref="Received"/> (RFC 4737 §4.1 reordered ratio).</summary>
    public double ReorderedPercent { get; init; }

    /// <summary>Largest reordering extent seen, in packets (RFC 4737 §4.2.2), 0 when nothing was reordered.</summary>
    public long MaxReorderExtent { get; init; }

    /// <summary>Interarrival jitter at the end of the run, in milliseconds (RFC 3550 §6.4.1 estimator, J += (|D| - J)/16).</summary>
    public double? JitterMs { get; init; }
}

/// <summary>Latency percentiles from an HdrHistogram (3 significant digits), in milliseconds, and the histogram itself.</summary>
public sealed record Latency
{
    /// <summary>What is measured: "rtt" (round trip) or "one_way_delay".</summary>
    public string Kind { get; init; } = "rtt";

    /// <summary>Number of samples recorded.</summary>
    public long Count { get; init; }

    /// <summary>Smallest sample, ms.</summary>
    public double MinMs { get; init; }

    /// <summary>Arithmetic mean, ms.</summary>
    public double MeanMs { get; init; }

    /// <summary>50th percentile, ms.</summary>
    public double P50Ms { get; init; }

    /// <summary>90th percentile, ms.</summary>
    public double P90Ms { get; init; }

    /// <summary>99th percentile, ms.</summary>
    public double P99Ms { get; init; }

    /// <summary>99.9th percentile, ms.</summary>
    public double P999Ms { get; init; }

    /// <summary>99.99th percentile, ms.</summary>
    public double P9999Ms { get; init; }

    /// <summary>Largest sample, ms.</summary>
    public double MaxMs { get; init; }

    /// <summary>
    /// The percentile distribution for an HDR-style plot: (percentile, value ms) pairs at log-spaced percentiles.
    /// </summary>
    public IReadOnlyList<PercentilePoint> Distribution { get; init; } = [];

    /// <summary>True when open-loop samples were corrected for coordinated omission (latency from intended send time).</summary>
    public bool CoordinatedOmissionCorrected { get; init; }

    /// <summary>
    /// The whole histogram this record was computed from: Gil Tene's HdrHistogram (3 significant digits) in its V2
    /// compressed encoding, base64 (the payload format of an HdrHistogram interval log line), values in nanoseconds.
    /// Decodable by any HdrHistogram implementation; the run folder's <c>latency-&lt;label&gt;.hlog</c> files are
    /// written from it. Null when the samples were not kept as a histogram (reference tools, documents written before
    /// this field).
    /// </summary>
    public string? HistogramNs { get; init; }
}

/// <summary>One point of a percentile distribution.</summary>
/// <param name="Percentile">0..100.</param>
/// <param name="ValueMs">The latency at that percentile, in milliseconds.</param>
public sealed record PercentilePoint(double Percentile, double ValueMs);

/// <summary>End-to-end integrity of a byte stream.</summary>
public sealed record Integrity
{
    /// <summary>
    /// How the bytes were verified: "xxh128" (XXH128, xxHash 128-bit, of the whole stream: the generated test file),
    /// "sha256" (SHA-256, FIPS 180-4: a user's file, comparable with sha256sum), or "payload-compare" (datagrams over
    /// the null sink: each payload compared with the input's bytes at its offset; no digest). Documents written before
    /// payload-compare may say "sequence" (datagrams counted, bytes not verified).
    /// </summary>
    public string Method { get; init; } = "sha256";

    /// <summary>Lowercase hex digest by <see cref="Method"/> of the bytes the sender sent.</summary>
    public string? ExpectedHash { get; init; }

    /// <summary>Lowercase hex digest by <see cref="Method"/> of the bytes the receiver got.</summary>
    public string? ActualHash { get; init; }

    /// <summary>True when both hashes and byte counts match.</summary>
    public bool Verified { get; init; }

    /// <summary>How verification was done, or why the bytes were not verified (e.g. "file not delivered: 0.2% lost").</summary>
    public string? Detail { get; init; }
}

/// <summary>What moving the data cost the harness process (client and server sides together on loopback).</summary>
public sealed record Cost
{
    /// <summary>CPU time, user plus system, in seconds, during the measured interval.</summary>
    public double CpuSeconds { get; init; }

    /// <summary>CPU seconds per GiB (2^30 bytes) of payload delivered; null when nothing was delivered.</summary>
    public double? CpuSecondsPerGiB { get; init; }

    /// <summary>Peak working set (resident set) of the process during the measured interval, in bytes.</summary>
    public long PeakWorkingSetBytes { get; init; }

    /// <summary>Bytes allocated on the managed heap during the measured interval.</summary>
    public long GcAllocatedBytes { get; init; }

    /// <summary>Managed bytes allocated per MiB of payload delivered; null when nothing was delivered.</summary>
    public double? GcAllocatedBytesPerMiB { get; init; }

    /// <summary>Garbage collections during the measured interval, generation 0, 1 and 2.</summary>
    public IReadOnlyList<int> GcCollections { get; init; } = [0, 0, 0];
}

/// <summary>One sample of the goodput timeline.</summary>
/// <param name="ElapsedMs">Milliseconds since the first send.</param>
/// <param name="BytesDelivered">Cumulative payload bytes delivered at that moment.</param>
/// <param name="GoodputBitsPerSecond">Goodput over the interval since the previous sample, bit/s.</param>
public sealed record TimelinePoint(double ElapsedMs, long BytesDelivered, double GoodputBitsPerSecond);

/// <summary>
/// Median and spread over the repeats of one transport of every catalog metric that has values, keyed by metric id
/// (<see cref="MetricDefinition.Id"/>), each in its metric's unit. A new metric needs no change here.
/// </summary>
public sealed record Summary
{
    /// <summary>Number of repeats summarized.</summary>
    public int Repeats { get; init; }

    /// <summary>
    /// Spread over the repeats of each metric that at least one repeat has, by metric id (e.g.
    /// <c>goodput_bits_per_s</c>), in catalog order; a metric no repeat has is absent.
    /// </summary>
    public IReadOnlyDictionary<string, Spread> Metrics { get; init; } = new Dictionary<string, Spread>();

    /// <summary>The spread of <paramref name="metric"/>, or null when no repeat has it.</summary>
    /// <param name="metric">A catalog metric.</param>
    public Spread? Get(MetricDefinition metric) => Metrics.TryGetValue(metric.Id, out var spread) ? spread : null;

    /// <summary>Summarizes <paramref name="repeats"/> over <paramref name="catalog"/>; null when there are no repeats.</summary>
    /// <param name="repeats">The measured repeats of one transport.</param>
    /// <param name="catalog">The metrics to summarize; <see cref="MetricCatalog.All"/> when null.</param>
    public static Summary? Of(IReadOnlyList<Measurement> repeats, IReadOnlyList<MetricDefinition>? catalog = null)
    {
        if (repeats.Count == 0) return null;
        var metrics = new Dictionary<string, Spread>();
        foreach (var metric in catalog ?? MetricCatalog.All)
            if (metric.Summarize(repeats) is { } spread) metrics[metric.Id] = spread;
        return new Summary { Repeats = repeats.Count, Metrics = metrics };
    }
}

/// <summary>
/// Median, extremes and a distribution-free 95% confidence interval of the median (order statistics, binomial;
/// Le Boudec, "Performance Evaluation of Computer and Communication Systems", §2.2.1). With fewer than 6 samples
/// the interval is the full range.
/// </summary>
/// <param name="Median">Median.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Ci95Low">Lower bound of the 95% confidence interval of the median.</param>
/// <param name="Ci95High">Upper bound of the 95% confidence interval of the median.</param>
/// <param name="Count">Number of values.</param>
public sealed record Spread(double Median, double Min, double Max, double Ci95Low, double Ci95High, int Count);
