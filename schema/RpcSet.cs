namespace Transports.Results;

/// <summary>
/// The requests of one repeat of the rpc scenario (request/response under concurrency): how many were attempted,
/// completed and failed (failures by kind, with the first few messages), requests per second, the shape of the load
/// (connections, streams per connection, outstanding requests, sizes) and each connection's completed requests (for a
/// fairness index over them, Jain et al., DEC-TR-301, 1984). The request latency itself is the repeat's
/// <see cref="Latency"/> (kind <c>rpc</c>). Times in milliseconds.
/// </summary>
public sealed record RpcSet
{
    /// <summary><c>closed</c>: a fixed number of requests outstanding, each sent when one completes; <c>open</c>: sent at a fixed rate, latency timed from each request's intended start.</summary>
    public string Loop { get; init; } = "";

    /// <summary>Connections the requests were spread over.</summary>
    public int Connections { get; init; }

    /// <summary>Streams per connection carrying requests (1 on a transport without multiplexed streams).</summary>
    public int StreamsPerConnection { get; init; }

    /// <summary>Requests outstanding at most, over all connections and streams.</summary>
    public int Outstanding { get; init; }

    /// <summary>Bytes of every request.</summary>
    public int RequestBytes { get; init; }

    /// <summary>Bytes of every response.</summary>
    public int ResponseBytes { get; init; }

    /// <summary>Measured requests sent (warm-up excluded).</summary>
    public long Attempted { get; init; }

    /// <summary>Requests whose response arrived whole and verified within the request deadline.</summary>
    public long Completed { get; init; }

    /// <summary>Requests that failed; each counted once under its kind in <see cref="FailuresByKind"/>.</summary>
    public long Failed { get; init; }

    /// <summary>Failed requests by kind: <c>deadline</c> (no verified response within the request deadline), <c>integrity</c> (wrong response bytes), a <c>TransportError</c> name, or an exception type.</summary>
    public IReadOnlyDictionary<string, long> FailuresByKind { get; init; } = new Dictionary<string, long>();

    /// <summary>The first few failure messages, one line each (at most 5).</summary>
    public IReadOnlyList<string> FirstErrors { get; init; } = [];

    /// <summary>Completed requests per second of the measured interval (RPS, as MsQuic's secnetperf and h2load report it).</summary>
    public double RequestsPerSecond { get; init; }

    /// <summary>The measured interval: the first measured request's start (intended, in open loop) to the last measured response, ms.</summary>
    public double IntervalMs { get; init; }

    /// <summary>Completed requests per connection, in connection order (each connection's streams summed); length <see cref="Connections"/>.</summary>
    public IReadOnlyList<long> CompletedPerConnection { get; init; } = [];

    /// <summary>Requests the server role answered (received whole and verified, response sent), warm-up included (its own count, from its report).</summary>
    public long ServerAnswered { get; init; }
}
