using Transports.Abstractions;

namespace Transports.Scenarios.Rpc;

/// <summary>The options of the rpc scenario and their parsing into <see cref="RpcSettings"/>.</summary>
public static class RpcScenarioOptions
{
    /// <summary>Largest request or response, bytes.</summary>
    public const int MaxMessageBytes = 16 << 20;

    /// <summary>Most connections.</summary>
    public const int MaxConnections = 1024;

    /// <summary>Most streams per connection (QUIC peers commonly allow 100 concurrent bidirectional streams, RFC 9000 §4.6).</summary>
    public const int MaxStreamsPerConnection = 64;

    /// <summary>Most requests in flight over all streams.</summary>
    public const int MaxOutstanding = 65536;

    /// <summary>Most measured requests of one run.</summary>
    public const long MaxMeasuredCount = 1_000_000_000;

    /// <summary><c>-request-size</c>.</summary>
    public static readonly OptionSpec RequestSize = new("request-size", $"Bytes of every request (min {RpcExchange.HeaderBytes}; 512, 1K, ...)", "512", "bytes");

    /// <summary><c>-response-size</c>.</summary>
    public static readonly OptionSpec ResponseSize = new("response-size", $"Bytes of every response (min {RpcExchange.HeaderBytes}; 4K, 64K, ...)", "4K", "bytes");

    /// <summary><c>-connections</c>.</summary>
    public static readonly OptionSpec Connections = new("connections", $"Connections the requests are spread over (1-{MaxConnections})", "1", "conn");

    /// <summary><c>-streams</c>.</summary>
    public static readonly OptionSpec Streams = new("streams",
        $"Streams per connection (1-{MaxStreamsPerConnection}); above 1 only transports with multiplexed streams apply", "1", "streams");

    /// <summary><c>-outstanding</c>.</summary>
    public static readonly OptionSpec Outstanding = new("outstanding",
        $"Requests in flight in total over all connections and streams (closed loop; the cap in open loop), at least connections x streams; 0 = one per stream (max {MaxOutstanding})", "0", "req");

    /// <summary><c>-rate</c>.</summary>
    public static readonly OptionSpec Rate = new("rate",
        "Requests started per second in total, open loop, each timed from its intended start (coordinated-omission corrected); 0 = closed loop at -outstanding", "0", "req/s");

    /// <summary><c>-duration</c>.</summary>
    public static readonly OptionSpec Duration = new("duration", "Measured duration (3, 3s, 500ms), warm-up excluded; 0 = bounded by -count only", "3s", "s");

    /// <summary><c>-count</c>.</summary>
    public static readonly OptionSpec Count = new("count",
        "Measured requests, warm-up excluded; 0 = bounded by -duration only (the first limit reached ends the run)", "0", "req");

    /// <summary><c>-rpc-warmup</c>.</summary>
    public static readonly OptionSpec Warmup = new("rpc-warmup", "Requests made before measuring (closed loop, same streams), excluded from the results", "1000", "req");

    /// <summary><c>-request-timeout</c>.</summary>
    public static readonly OptionSpec Timeout = new("request-timeout",
        "Deadline of one request, send to verified response (5, 5s, 500ms); past it the request fails with kind 'deadline' and its stream is abandoned", "5s", "s");

    /// <summary>All of them, in help order.</summary>
    public static IReadOnlyList<OptionSpec> All { get; } = [RequestSize, ResponseSize, Connections, Streams, Outstanding, Rate, Duration, Count, Warmup, Timeout];

    /// <summary>Parses and validates the options.</summary>
    /// <param name="options">Raw values.</param>
    /// <exception cref="OptionException">A value is invalid; the message names the option and the valid range.</exception>
    public static RpcSettings Parse(OptionValues options)
    {
        int request = Size(options, RequestSize);
        int response = Size(options, ResponseSize);
        int connections = options.GetInt32(Connections, 1, MaxConnections);
        int streams = options.GetInt32(Streams, 1, MaxStreamsPerConnection);
        int outstanding = options.GetInt32(Outstanding, 0, MaxOutstanding);
        if (outstanding == 0) outstanding = connections * streams;
        if (outstanding < connections * streams)
            throw new OptionException($"--{Outstanding.Name}: {outstanding} is fewer than connections x streams ({connections * streams}): every stream needs a request in flight");
        double rate = options.GetDouble(Rate, 0, 10_000_000);
        double duration = options.GetDuration(Duration, 0, 24 * 3600);
        long count = options.GetInt64(Count, 0, MaxMeasuredCount);
        if (count == 0 && duration == 0)
            throw new OptionException($"--{Count.Name} and --{Duration.Name} are both 0: the run would never end; set one of them");
        long warmup = options.GetInt64(Warmup, 0, MaxMeasuredCount);
        int timeoutMs = (int)Math.Round(options.GetDuration(Timeout, 0.001, 600) * 1000);
        return new RpcSettings(request, response, connections, streams, outstanding, rate, duration, count, warmup, timeoutMs);
    }

    private static int Size(OptionValues options, OptionSpec option)
    {
        string text = options.GetString(option).Trim();
        if (!SizeParser.TryParse(text, out long size))
            throw new OptionException($"--{option.Name}: '{text}' is not a size in bytes (e.g. 512, 4K)");
        if (size < RpcExchange.HeaderBytes || size > MaxMessageBytes)
            throw new OptionException($"--{option.Name}: {size} is out of range [{RpcExchange.HeaderBytes}, {MaxMessageBytes}] (bytes)");
        return (int)size;
    }
}
