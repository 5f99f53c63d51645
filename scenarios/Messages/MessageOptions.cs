using System.Globalization;
using Transports.Abstractions;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Messages;

/// <summary>The options the message scenarios (pingpong, datagrams) share, and their parsing into <see cref="MessageSettings"/>.</summary>
public static class MessageOptions
{
    /// <summary>Largest message size accepted, in bytes (64 MiB).</summary>
    public const int MaxMessageSizeBytes = 64 << 20;

    /// <summary><c>--message-size</c>: payload bytes per message; a comma list is a sweep (one variant per size).</summary>
    public static readonly OptionSpec MessageSize = new("message-size",
        $"Bytes per message (K suffix ok, min {MessageLayout.HeaderBytes}: sequence number + timestamp); a comma list (64,1024,16K) runs one variant per size",
        "64", "bytes");

    /// <summary><c>--rate</c>: messages per second (open loop); empty or 0 for closed loop / as fast as possible.</summary>
    public static readonly OptionSpec Rate = new("rate",
        "Messages per second, open loop, latency from the intended send time (coordinated-omission corrected); 0 = closed loop (pingpong) or as fast as possible (datagrams)",
        "0", "msg/s");

    /// <summary><c>--duration</c>: measured seconds.</summary>
    public static readonly OptionSpec Duration = new("duration",
        "Measured duration (3, 3s, 500ms), warm-up excluded; 0 = bounded by --count only", "5", "s");

    /// <summary><c>--count</c>: measured messages.</summary>
    public static readonly OptionSpec Count = new("count",
        "Measured messages, warm-up excluded; 0 = bounded by --duration only (the first limit reached ends the run)", "0", "msg");

    /// <summary><c>--warmup</c>: warm-up before measuring, excluded from the results.</summary>
    public static readonly OptionSpec Warmup = new("message-warmup",
        "Warm-up before measuring, excluded: a duration with its unit (1s, 500ms) or a message count (1000); 0 = none", "1s");

    /// <summary><c>--loss-timeout</c>: on unreliable transports, when a message counts as lost.</summary>
    public static readonly OptionSpec LossTimeout = new("loss-timeout",
        "Unreliable transports: time after which an unanswered request counts as lost (pingpong) and the receiver stops once idle after the sender ends (datagrams); 200, 200ms, 0.2s",
        "200", "ms");

    /// <summary>All of them, in help order.</summary>
    public static IReadOnlyList<OptionSpec> All { get; } = [MessageSize, Rate, Duration, Count, Warmup, LossTimeout];

    /// <summary>Parses and validates the options.</summary>
    /// <param name="options">Raw values.</param>
    /// <exception cref="OptionException">A value is invalid; the message names the option and the valid range.</exception>
    public static MessageSettings Parse(OptionValues options)
    {
        var sizes = ParseSizes(options.GetString(MessageSize));
        double rate = options.GetDouble(Rate, 0, 10_000_000);
        double duration = options.GetDuration(Duration, 0, 24 * 3600);
        long count = options.GetInt64(Count, 0, 1_000_000_000_000);
        if (duration == 0 && count == 0)
            throw new OptionException("--duration and --count are both 0: the run would never end; set one of them");
        var (warmupSeconds, warmupCount) = ParseWarmup(options.GetString(Warmup));
        int lossTimeoutMs = (int)Math.Round(options.GetDuration(LossTimeout, 1, 600_000));
        return new MessageSettings(sizes, rate, duration, count, warmupSeconds, warmupCount, lossTimeoutMs);
    }

    private static IReadOnlyList<int> ParseSizes(string text)
    {
        var sizes = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!SizeParser.TryParse(part, out long size))
                throw new OptionException($"--{MessageSize.Name}: '{part}' is not a size in bytes (e.g. 64, 1K, 16K)");
            if (size < MessageLayout.HeaderBytes || size > MaxMessageSizeBytes)
                throw new OptionException($"--{MessageSize.Name}: {size} is out of range [{MessageLayout.HeaderBytes}, {MaxMessageSizeBytes}] (bytes; {MessageLayout.HeaderBytes} B hold the sequence number and timestamp)");
            if (!sizes.Contains((int)size)) sizes.Add((int)size);
        }
        if (sizes.Count == 0) throw new OptionException($"--{MessageSize.Name}: no size given (e.g. 64 or 64,1024)");
        return sizes;
    }

    /// <summary>Parses <c>--message-warmup</c>: a duration with its unit, or a message count.</summary>
    /// <param name="text">The option's text.</param>
    /// <exception cref="OptionException">Neither.</exception>
    internal static (double Seconds, long Count) ParseWarmup(string text)
    {
        var t = text.Trim();
        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long count))
        {
            if (count <= 1_000_000_000) return (0, count);
        }
        else if (DurationParser.TryParseSeconds(t, 1, out double seconds) && seconds <= 3600)
        {
            return (seconds, 0);
        }
        throw new OptionException($"--{Warmup.Name}: '{text}' is neither a duration with its unit (e.g. 1s, 500ms; at most 3600s) nor a message count (e.g. 1000)");
    }
}

/// <summary>Parsed options of a message scenario.</summary>
/// <param name="MessageSizesBytes">Message sizes to sweep, in bytes, each at least 16.</param>
/// <param name="RateMessagesPerSecond">Open-loop rate in messages/s; 0 = closed loop (pingpong) / unpaced (datagrams).</param>
/// <param name="DurationSeconds">Measured duration in seconds; 0 = unbounded (then <paramref name="MeasuredCount"/> bounds the run).</param>
/// <param name="MeasuredCount">Measured messages; 0 = unbounded (then the duration bounds the run).</param>
/// <param name="WarmupSeconds">Warm-up duration in seconds (0 when a count is used).</param>
/// <param name="WarmupCount">Warm-up messages (0 when seconds are used).</param>
/// <param name="LossTimeoutMs">Unreliable transports: response timeout (pingpong) and idle stop after the sender ends (datagrams), ms.</param>
public sealed record MessageSettings(
    IReadOnlyList<int> MessageSizesBytes,
    double RateMessagesPerSecond,
    double DurationSeconds,
    long MeasuredCount,
    double WarmupSeconds,
    long WarmupCount,
    int LossTimeoutMs) : ScenarioSettings
{
    /// <summary>True when a rate is set: paced sends, latency from the intended send time.</summary>
    public bool IsOpenLoop => RateMessagesPerSecond > 0;

    /// <summary>"open_loop" (paced at <see cref="RateMessagesPerSecond"/>) or "closed_loop" (one outstanding / unpaced).</summary>
    public string Mode => IsOpenLoop ? "open_loop" : "closed_loop";

    /// <summary>
    /// pingpong <c>-under-load N</c>: bulk flows of the same transport beside the round trips (latency under load); 0 =
    /// none. Recorded only when set.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int UnderLoadConnections { get; init; }

    /// <summary>The clock that timestamps every message: monotonic, with its resolution.</summary>
    public string Clock => "Stopwatch (monotonic), " + Transports.Measure.Timing.MonotonicClock.TicksPerSecond + " ticks/s";
}

/// <summary>One message size of a sweep: every transport runs each.</summary>
/// <param name="MessageSizeBytes">Payload bytes per message, at least <see cref="MessageLayout.HeaderBytes"/>.</param>
/// <param name="InSweep">True when the run sweeps several sizes: the label then names the size.</param>
public sealed record MessageVariant(int MessageSizeBytes, [property: System.Text.Json.Serialization.JsonIgnore] bool InSweep = false) : ScenarioVariant
{
    /// <inheritdoc />
    public override string Label => InSweep ? $"{MessageSizeBytes} B" : "";
}
