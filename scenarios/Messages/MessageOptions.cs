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
        "Measured duration in seconds, warm-up excluded; 0 = bounded by --count only", "5", "s");

    /// <summary><c>--count</c>: measured messages.</summary>
    public static readonly OptionSpec Count = new("count",
        "Measured messages, warm-up excluded; 0 = bounded by --duration only (the first limit reached ends the run)", "0", "msg");

    /// <summary><c>--warmup</c>: warm-up before measuring, excluded from the results.</summary>
    public static readonly OptionSpec Warmup = new("message-warmup",
        "Warm-up before measuring, excluded: seconds with an s suffix (1s, 0.5s) or a message count (1000); 0 = none", "1s");

    /// <summary><c>--loss-timeout</c>: on unreliable transports, when a message counts as lost.</summary>
    public static readonly OptionSpec LossTimeout = new("loss-timeout",
        "Unreliable transports: ms after which an unanswered request counts as lost (pingpong) and the receiver stops once idle after the sender ends (datagrams)",
        "200", "ms");

    /// <summary>All of them, in help order.</summary>
    public static IReadOnlyList<OptionSpec> All { get; } = [MessageSize, Rate, Duration, Count, Warmup, LossTimeout];

    /// <summary>Parses and validates the options.</summary>
    /// <param name="options">Raw values.</param>
    /// <exception cref="OptionException">A value is invalid; the message names the option and the valid range.</exception>
    public static MessageSettings Parse(OptionValues options)
    {
        var sizes = ParseSizes(options.GetString(MessageSize));
        double rate = ParseDouble(options, Rate, 0, 10_000_000);
        double duration = ParseDouble(options, Duration, 0, 24 * 3600);
        long count = options.GetInt64(Count, 0, 1_000_000_000_000);
        if (duration == 0 && count == 0)
            throw new OptionException("--duration and --count are both 0: the run would never end; set one of them");
        var (warmupSeconds, warmupCount) = ParseWarmup(options.GetString(Warmup));
        int lossTimeoutMs = options.GetInt32(LossTimeout, 1, 600_000);
        return new MessageSettings(sizes, rate, duration, count, warmupSeconds, warmupCount, lossTimeoutMs);
    }

    /// <summary>The scenario plan: recorded parameters and one variant per message size.</summary>
    /// <param name="settings">Parsed settings.</param>
    public static ScenarioPlan ToPlan(MessageSettings settings)
    {
        var parameters = new Dictionary<string, string>
        {
            ["message_size_bytes"] = string.Join(",", settings.MessageSizesBytes),
            ["mode"] = settings.IsOpenLoop ? "open_loop" : "closed_loop",
            ["rate_msgs_per_s"] = settings.RateMessagesPerSecond.ToString(CultureInfo.InvariantCulture),
            ["duration_s"] = settings.DurationSeconds.ToString(CultureInfo.InvariantCulture),
            ["count_msgs"] = settings.MeasuredCount.ToString(CultureInfo.InvariantCulture),
            ["warmup_s"] = settings.WarmupSeconds.ToString(CultureInfo.InvariantCulture),
            ["warmup_msgs"] = settings.WarmupCount.ToString(CultureInfo.InvariantCulture),
            ["loss_timeout_ms"] = settings.LossTimeoutMs.ToString(CultureInfo.InvariantCulture),
            ["clock"] = "Stopwatch (monotonic), " + Transports.Measure.Timing.MonotonicClock.TicksPerSecond + " ticks/s",
        };
        var variants = settings.MessageSizesBytes
            .Select(size => new ScenarioVariant(settings.MessageSizesBytes.Count > 1 ? $"{size} B" : "",
                new Dictionary<string, string> { ["message_size_bytes"] = size.ToString(CultureInfo.InvariantCulture) }))
            .ToList();
        return new ScenarioPlan(parameters, variants, settings);
    }

    /// <summary>The message size of <paramref name="context"/>'s variant.</summary>
    /// <param name="context">The run context.</param>
    /// <exception cref="ScenarioSetupException">The variant has no valid message size (not a plan of a message scenario).</exception>
    public static int MessageSizeOf(ScenarioContext context)
    {
        if (context.Variant.Parameters.TryGetValue("message_size_bytes", out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int size) && size >= MessageLayout.HeaderBytes)
            return size;
        throw new ScenarioSetupException($"variant '{context.Variant.Label}' has no valid message_size_bytes parameter");
    }

    /// <summary>The parsed settings of <paramref name="context"/>'s plan.</summary>
    /// <param name="context">The run context.</param>
    public static MessageSettings SettingsOf(ScenarioContext context)
        => context.Plan.State as MessageSettings ?? Parse(context.Options);

    /// <summary>Why a transport with <paramref name="capabilities"/> cannot carry any size of the plan, or null.</summary>
    /// <param name="capabilities">The transport's capabilities.</param>
    /// <param name="plan">The plan.</param>
    public static string? WhyUnsupported(TransportCapabilities capabilities, ScenarioPlan plan)
    {
        if (capabilities.MaxMessageSizeBytes is not int max || plan.State is not MessageSettings settings) return null;
        int smallest = settings.MessageSizesBytes.Min();
        return smallest > max ? $"message-size {smallest} B exceeds the transport's maximum message size of {max} B" : null;
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

    private static double ParseDouble(OptionValues options, OptionSpec option, double min, double max)
    {
        var text = options.GetString(option);
        if (text.Length == 0) return 0;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new OptionException($"--{option.Name}: '{text}' is not a number ({option.Unit})");
        if (value < min || value > max)
            throw new OptionException($"--{option.Name}: {text} is out of range [{min}, {max}] ({option.Unit})");
        return value;
    }

    private static (double Seconds, long Count) ParseWarmup(string text)
    {
        var t = text.Trim();
        if (t.EndsWith('s') || t.EndsWith('S'))
        {
            if (double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds is >= 0 and <= 3600)
                return (seconds, 0);
        }
        else if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long count) && count <= 1_000_000_000)
        {
            return (0, count);
        }
        throw new OptionException($"--{Warmup.Name}: '{text}' is neither seconds (e.g. 1s, 0.5s; at most 3600s) nor a message count (e.g. 1000)");
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
    int LossTimeoutMs)
{
    /// <summary>True when a rate is set: paced sends, latency from the intended send time.</summary>
    public bool IsOpenLoop => RateMessagesPerSecond > 0;
}
