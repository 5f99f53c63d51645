using Transports.Abstractions;
using Transports.Scenarios.Core;
using Transports.Scenarios.Messages;

namespace Transports.Scenarios.HeadOfLine;

/// <summary>The options of the hol scenario and their parsing into <see cref="HolSettings"/>.</summary>
public static class HolOptions
{
    /// <summary>Most flows accepted (the quic transport's peers allow 1024 concurrent bidirectional streams; far more than a useful run needs).</summary>
    public const int MaxFlows = 64;

    /// <summary>Most measured messages a run may send (every flow): the server keeps one arrival and one delay per message.</summary>
    public const long MaxMeasuredMessages = 2_000_000;

    /// <summary><c>-flows</c>: independent flows over one connection.</summary>
    public static readonly OptionSpec Flows = new("flows", $"Independent flows over one connection (1-{MaxFlows})", "8", "flows");

    /// <summary><c>-message-size</c>: bytes per message.</summary>
    public static readonly OptionSpec MessageSize = new("message-size",
        $"Bytes per message (K suffix ok, min {HolLayout.HeaderBytes}: flow, sequence number, timestamp)", "1024", "bytes");

    /// <summary><c>-flow-rate</c>: messages per second per flow.</summary>
    public static readonly OptionSpec FlowRate = new("flow-rate",
        "Messages per second of each flow, paced; the flows' sends interleave evenly (one every 1/(flows x flow-rate) s)", "100", "msg/s");

    /// <summary><c>-duration</c>: measured seconds.</summary>
    public static readonly OptionSpec Duration = new("duration", "Measured duration (10, 10s, 500ms), warm-up excluded", "10", "s");

    /// <summary><c>-excess-threshold</c>: excess delay above which a message counts as delayed.</summary>
    public static readonly OptionSpec ExcessThreshold = new("excess-threshold",
        "A message is delayed when its one-way delay exceeds the run's smallest by more than this: 10, 10ms, 0.01s", "10", "ms");

    /// <summary><c>-loss-timeout</c>: on unreliable transports, when the receiver stops once the sender ended.</summary>
    public static readonly OptionSpec LossTimeout = new("loss-timeout",
        "Unreliable transports: the run ends once nothing arrived for this long after the sender finished (later messages count as lost); 200, 200ms, 0.2s",
        "200", "ms");

    /// <summary>All of them, in help order.</summary>
    public static IReadOnlyList<OptionSpec> All { get; } =
        [Flows, MessageSize, FlowRate, Duration, MessageOptions.Warmup, LossTimeout, ExcessThreshold];

    /// <summary>Parses and validates the options.</summary>
    /// <param name="options">Raw values.</param>
    /// <exception cref="OptionException">A value is invalid; the message names the option and the valid range.</exception>
    public static HolSettings Parse(OptionValues options)
    {
        int flows = (int)options.GetInt64(Flows, 1, MaxFlows);
        string sizeText = options.GetString(MessageSize).Trim();
        if (!SizeParser.TryParse(sizeText, out long size))
            throw new OptionException($"--{MessageSize.Name}: '{sizeText}' is not a size in bytes (e.g. 1024, 1K)");
        if (size < HolLayout.HeaderBytes || size > MessageOptions.MaxMessageSizeBytes)
            throw new OptionException($"--{MessageSize.Name}: {size} is out of range [{HolLayout.HeaderBytes}, {MessageOptions.MaxMessageSizeBytes}] (bytes)");
        double rate = options.GetDouble(FlowRate, 0.1, 1_000_000);
        double duration = options.GetDuration(Duration, 0.01, 24 * 3600);
        double total = flows * rate * duration;
        if (total > MaxMeasuredMessages)
            throw new OptionException($"--{Flows.Name} x --{FlowRate.Name} x --{Duration.Name} = {total:0} measured messages, more than the {MaxMeasuredMessages} this scenario keeps; lower one of them");
        var (warmupSeconds, warmupCount) = MessageOptions.ParseWarmup(options.GetString(MessageOptions.Warmup));
        int lossTimeoutMs = (int)Math.Round(options.GetDuration(LossTimeout, 1, 600_000));
        double threshold = options.GetDuration(ExcessThreshold, 0, 600_000);
        return new HolSettings(flows, (int)size, rate, duration, warmupSeconds, warmupCount, lossTimeoutMs, threshold);
    }
}

/// <summary>Parsed options of the hol scenario.</summary>
/// <param name="Flows">Independent flows over the one connection.</param>
/// <param name="MessageSizeBytes">Bytes per message, at least <see cref="HolLayout.HeaderBytes"/>.</param>
/// <param name="FlowRateMessagesPerSecond">Messages per second of each flow.</param>
/// <param name="DurationSeconds">Measured duration, seconds.</param>
/// <param name="WarmupSeconds">Warm-up duration, seconds (0 when a count is used).</param>
/// <param name="WarmupCount">Warm-up messages, every flow together (0 when seconds are used).</param>
/// <param name="LossTimeoutMs">Unreliable transports: the receiver's idle stop after the sender ends, ms.</param>
/// <param name="ExcessThresholdMs">Excess delay (above the run's smallest) beyond which a message counts as delayed, ms.</param>
public sealed record HolSettings(
    int Flows,
    int MessageSizeBytes,
    double FlowRateMessagesPerSecond,
    double DurationSeconds,
    double WarmupSeconds,
    long WarmupCount,
    int LossTimeoutMs,
    double ExcessThresholdMs) : ScenarioSettings
{
    /// <summary>Messages per second of every flow together: the sender's one schedule.</summary>
    public double TotalRateMessagesPerSecond => Flows * FlowRateMessagesPerSecond;

    /// <summary>The clock that timestamps every message: monotonic, with its resolution.</summary>
    public string Clock => "Stopwatch (monotonic), " + Transports.Measure.Timing.MonotonicClock.TicksPerSecond + " ticks/s";

    /// <summary>The one schedule of the sender, as the message scenarios' settings (one size, paced at the total rate).</summary>
    internal MessageSettings ToMessageSettings()
        => new([MessageSizeBytes], TotalRateMessagesPerSecond, DurationSeconds, 0, WarmupSeconds, WarmupCount, LossTimeoutMs);
}
