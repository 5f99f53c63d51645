using Transports.Abstractions;

namespace Transports.Scenarios.Connect;

/// <summary>The options of the connect scenario and their parsing into <see cref="ConnectSettings"/>.</summary>
public static class ConnectScenarioOptions
{
    /// <summary>Most connects one run measures: every connect keeps two histogram entries, and on loopback each tcp one leaves a TIME-WAIT socket for 60 s.</summary>
    public const long MaxMeasuredCount = 1_000_000;

    /// <summary>Most connects outstanding at once (closed-loop concurrency, open-loop cap).</summary>
    public const int MaxConcurrency = 1024;

    /// <summary><c>-rate</c>: connects per second, open loop.</summary>
    public static readonly OptionSpec Rate = new("rate",
        "Connects started per second, open loop, each timed from its intended start (coordinated-omission corrected); 0 = closed loop at -concurrency", "0", "conn/s");

    /// <summary><c>-concurrency</c>: closed loop, connects outstanding.</summary>
    public static readonly OptionSpec Concurrency = new("concurrency",
        $"Closed loop: connects outstanding at once, each starting the next when it ends (1-{MaxConcurrency}); open loop (-rate) allows up to {MaxConcurrency} outstanding instead", "1", "conn");

    /// <summary><c>-duration</c>: measured seconds.</summary>
    public static readonly OptionSpec Duration = new("duration", "Measured duration (3, 3s, 500ms), warm-up excluded; 0 = bounded by -count only", "0", "s");

    /// <summary><c>-count</c>: measured connects.</summary>
    public static readonly OptionSpec Count = new("count",
        $"Measured connects, warm-up excluded (at most {MaxMeasuredCount}); 0 = bounded by -duration only (the first limit reached ends the run)", "1000", "conn");

    /// <summary><c>-connect-warmup</c>: connects before measuring.</summary>
    public static readonly OptionSpec Warmup = new("connect-warmup", "Connects made before measuring (closed loop), excluded from the results", "20", "conn");

    /// <summary><c>-connect-timeout</c>: deadline of one connect.</summary>
    public static readonly OptionSpec Timeout = new("connect-timeout",
        "Deadline of one connect (connect, request, response, close): 5, 5s, 500ms; past it the connect fails with kind 'deadline'", "5s", "s");

    /// <summary><c>-request-size</c>: bytes of the request and of its response.</summary>
    public static readonly OptionSpec RequestSize = new("request-size",
        $"Bytes of the one request and of its response that prove each connection usable (min {ConnectExchange.HeaderBytes}, max 64K)", "32", "bytes");

    /// <summary>All of them, in help order.</summary>
    public static IReadOnlyList<OptionSpec> All { get; } = [Count, Duration, Rate, Concurrency, Warmup, Timeout, RequestSize];

    /// <summary>Parses and validates the options.</summary>
    /// <param name="options">Raw values.</param>
    /// <exception cref="OptionException">A value is invalid; the message names the option and the valid range.</exception>
    public static ConnectSettings Parse(OptionValues options)
    {
        long count = options.GetInt64(Count, 0, MaxMeasuredCount);
        double duration = options.GetDuration(Duration, 0, 24 * 3600);
        if (count == 0 && duration == 0)
            throw new OptionException($"--{Count.Name} and --{Duration.Name} are both 0: the run would never end; set one of them");
        double rate = options.GetDouble(Rate, 0, 1_000_000);
        int concurrency = options.GetInt32(Concurrency, 1, MaxConcurrency);
        long warmup = options.GetInt64(Warmup, 0, MaxMeasuredCount);
        int timeoutMs = (int)Math.Round(options.GetDuration(Timeout, 0.001, 600) * 1000);
        string sizeText = options.GetString(RequestSize).Trim();
        if (!SizeParser.TryParse(sizeText, out long size))
            throw new OptionException($"--{RequestSize.Name}: '{sizeText}' is not a size in bytes (e.g. 32, 1K)");
        if (size < ConnectExchange.HeaderBytes || size > 64 * 1024)
            throw new OptionException($"--{RequestSize.Name}: {size} is out of range [{ConnectExchange.HeaderBytes}, {64 * 1024}] (bytes)");
        return new ConnectSettings(rate, concurrency, rate > 0 ? MaxConcurrency : concurrency, duration, count, warmup, timeoutMs, (int)size);
    }
}
