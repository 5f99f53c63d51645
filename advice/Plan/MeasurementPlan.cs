using System.Globalization;
using Transports.Advice.Profile;

namespace Transports.Advice.Plan;

/// <summary>How long each measured run lasts, from the budget.</summary>
/// <param name="DurationSeconds">Measured seconds of one repeat of one transport.</param>
/// <param name="Repeats">Measured repeats per transport.</param>
public sealed record RunShape(double DurationSeconds, int Repeats);

/// <summary>One scenario run the advice needs: which need it measures, the command line, and the metric it decides by.</summary>
/// <param name="Need">The need in words, e.g. "request/response latency".</param>
/// <param name="Scenario">The scenario (harness command), e.g. "pingpong".</param>
/// <param name="Arguments">Scenario options, without transports and run options (e.g. ["-message-size", "256", "-rate", "2000"]).</param>
/// <param name="MetricId">The catalog metric the candidates are ranked by (e.g. "rtt_p99_ms").</param>
/// <param name="Why">Why this scenario measures this need, one sentence.</param>
public sealed record PlanStep(string Need, string Scenario, IReadOnlyList<string> Arguments, string MetricId, string Why);

/// <summary>
/// One row of the plan table: when a need applies to a profile, which scenario measures it, with which options, and the
/// metric that decides. The table is the seam where a better scenario replaces a row (as rpc, N requests outstanding,
/// replaced pingpong's request/response row) without touching the ranking.
/// </summary>
/// <param name="Need">The need in words.</param>
/// <param name="Scenario">The scenario's command name.</param>
/// <param name="Applies">Whether the need applies to a profile.</param>
/// <param name="Arguments">The scenario options for a profile and a run shape.</param>
/// <param name="MetricId">The deciding metric for a profile.</param>
/// <param name="Why">Why this scenario measures this need.</param>
/// <param name="Caveat">What the scenario does not capture of the profile, or null.</param>
public sealed record PlanRule(string Need, string Scenario, Func<ApiProfile, bool> Applies,
    Func<ApiProfile, RunShape, IReadOnlyList<string>> Arguments, Func<ApiProfile, string> MetricId, string Why,
    Func<ApiProfile, string?> Caveat);

/// <summary>The plan table (docs/ADVISOR.md "Which scenario measures what"), and the budget split over its runs.</summary>
public sealed class MeasurementPlan(IReadOnlyList<PlanRule> rules)
{
    /// <summary>Seconds one measured run costs beyond its duration (server start, connect, warm-up, teardown), an estimate.</summary>
    public const double OverheadSecondsPerRun = 2.5;

    /// <summary>Largest bulk transfer the advisor moves per run, bytes (a bigger file is measured at this size, with a caveat).</summary>
    public const long MaxBulkBytes = 256L << 20;

    /// <summary>The rows.</summary>
    public IReadOnlyList<PlanRule> Rules { get; } = rules;

    /// <summary>The table as it stands (rpc answers request/response; pingpong did until rpc existed).</summary>
    public static MeasurementPlan Default { get; } = new(
    [
        new("request/response latency", "rpc",
            p => p.Pattern == TrafficPattern.RequestResponse && p.Connections == ConnectionUse.LongLived,
            (p, s) => ["-request-size", RpcSize(p.MessageSizesBytes.Min()), "-response-size", RpcSize(p.MessageSizesBytes.Max()),
                "-outstanding", Outstanding(p).ToString(CultureInfo.InvariantCulture), .. Rate(p), .. Duration(s), "-rpc-warmup", "200"],
            p => $"rpc_{Percentile(p)}_ms",
            "rpc keeps the profile's concurrency of requests outstanding on one connection, every response verified, open loop at the profile's rate (latency from the intended start, coordinated omission corrected) or closed loop without one",
            p => p.MessageSizesBytes.Count > 2 ? "rpc sends one request and one response size: the smallest and the largest of the profile's sizes were measured"
                : p.Concurrency > MaxOutstanding ? $"concurrency {p.Concurrency} was measured as {MaxOutstanding} requests outstanding" : null),
        new("time to connect per request", "connect",
            p => p.Connections == ConnectionUse.PerRequest && p.Pattern != TrafficPattern.BulkFile,
            (p, s) => ["-request-size", p.MessageSizesBytes.Max().ToString(CultureInfo.InvariantCulture),
                .. p.EffectiveRatePerSecond is double r ? new[] { "-rate", Num(r) } : ["-concurrency", Math.Min(p.Concurrency, 64).ToString(CultureInfo.InvariantCulture)],
                .. Duration(s)],
            p => $"connect_{(Percentile(p) == "p50" ? "p50" : "p99")}_ms",
            "connect times a new connection per request: handshakes, then one verified request and response, so its time to connect is a per-request latency",
            p => p.Objective?.Percentile == 99.9 ? "connect records p50 and p99 only: the p99.9 objective was judged at p99" : null),
        new("one-way message delay", "datagrams",
            p => p.Pattern is TrafficPattern.ServerPush or TrafficPattern.ClientStream or TrafficPattern.Bidirectional && p.Concurrency == 1 && p.Connections == ConnectionUse.LongLived,
            (p, s) => [.. Sizes(p), "-rate", Num(p.EffectiveRatePerSecond ?? DefaultOneWayRate), .. Duration(s), "-message-warmup", "500ms"],
            p => $"owd_{Percentile(p)}_ms",
            "datagrams sends paced one-way messages and times each from its intended send time to its arrival, counting what is lost",
            p => p.EffectiveRatePerSecond is null ? $"no rate given: one-way messages were paced at {DefaultOneWayRate:0}/s" : null),
        new("independent flows over one connection (head-of-line blocking)", "hol",
            p => p.Pattern is TrafficPattern.ServerPush or TrafficPattern.ClientStream or TrafficPattern.Bidirectional && p.Concurrency > 1 && p.Connections == ConnectionUse.LongLived,
            (p, s) => ["-flows", Flows(p).ToString(CultureInfo.InvariantCulture), "-message-size", p.MessageSizesBytes.Max().ToString(CultureInfo.InvariantCulture),
                "-flow-rate", Num((p.EffectiveRatePerSecond ?? DefaultOneWayRate) / Flows(p)), .. Duration(s)],
            p => $"owd_{Percentile(p)}_ms",
            "hol sends independent paced flows over one connection, each on its own stream or datagrams where the transport has them, and times every message one way",
            p => p.Concurrency > 64 ? $"concurrency {p.Concurrency} was measured as 64 flows (hol's maximum)" : p.MessageSizesBytes.Count > 1 ? "hol sends one size: the largest was measured" : null),
        new("bulk goodput", "bigfile",
            p => p.Pattern == TrafficPattern.BulkFile,
            (p, s) => ["-size", Math.Min(p.FileSizeBytes, MaxBulkBytes).ToString(CultureInfo.InvariantCulture), "-warmup-size", "8M"],
            p => "goodput_bits_per_s",
            "bigfile moves a generated file and verifies its hash; goodput is payload bits per second of the transfer",
            p => p.FileSizeBytes > MaxBulkBytes ? $"the file was measured at {MaxBulkBytes >> 20} MiB, not {p.FileSizeBytes >> 20} MiB: the slow start is a larger share of a smaller transfer" : null),
    ]);

    /// <summary>Messages per second of one-way patterns when the profile gives no rate.</summary>
    public const double DefaultOneWayRate = 1000;

    /// <summary>The rows that apply to <paramref name="profile"/>, in table order.</summary>
    /// <param name="profile">The profile.</param>
    public IReadOnlyList<PlanRule> For(ApiProfile profile) => Rules.Where(r => r.Applies(profile)).ToList();

    /// <summary>The steps for <paramref name="profile"/>, shaped by <paramref name="shape"/>.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="shape">Duration and repeats.</param>
    public IReadOnlyList<PlanStep> Steps(ApiProfile profile, RunShape shape)
        => For(profile).Select(r => new PlanStep(r.Need, r.Scenario, r.Arguments(profile, shape), r.MetricId(profile), r.Why)).ToList();

    /// <summary>
    /// Splits <paramref name="budgetSeconds"/> over <paramref name="runs"/> transport runs (candidates × steps): three repeats
    /// when each still lasts a second, else one; at most 5 s each (enough for a p99 of a few thousand samples).
    /// </summary>
    /// <param name="budgetSeconds">Wall-clock budget.</param>
    /// <param name="runs">Transport runs to fit (at least 1).</param>
    public static RunShape Shape(double budgetSeconds, int runs)
    {
        double perRun = budgetSeconds * 0.8 / Math.Max(1, runs); // a fifth kept for link setup and the transports' start-up
        int repeats = perRun >= 3 * (1 + OverheadSecondsPerRun) ? 3 : 1;
        double duration = Math.Clamp(perRun / repeats - OverheadSecondsPerRun, 0.5, 5);
        return new RunShape(Math.Round(duration, 1), repeats);
    }

    /// <summary>Estimated wall-clock seconds of <paramref name="runs"/> transport runs of <paramref name="shape"/>.</summary>
    /// <param name="shape">Duration and repeats.</param>
    /// <param name="runs">Transport runs.</param>
    public static double EstimateSeconds(RunShape shape, int runs) => runs * shape.Repeats * (shape.DurationSeconds + OverheadSecondsPerRun);

    private static int Flows(ApiProfile p) => Math.Min(p.Concurrency, 64);

    /// <summary>Most requests the advisor keeps outstanding in an rpc run.</summary>
    public const int MaxOutstanding = 256;

    /// <summary>rpc's smallest message: its 8-byte request id (scenarios/Rpc RpcExchange.HeaderBytes); smaller sizes are measured at it.</summary>
    public const int MinRpcMessageBytes = 8;

    private static string RpcSize(int bytes) => Math.Max(bytes, MinRpcMessageBytes).ToString(CultureInfo.InvariantCulture);

    private static int Outstanding(ApiProfile p) => Math.Clamp(p.Concurrency, 1, MaxOutstanding);

    private static string Percentile(ApiProfile p) => p.Objective is { Kind: ObjectiveKind.Latency } o ? o.PercentileId : "p99";

    private static IEnumerable<string> Sizes(ApiProfile p) => ["-message-size", string.Join(",", p.MessageSizesBytes.Select(s => s.ToString(CultureInfo.InvariantCulture)))];

    private static IEnumerable<string> Rate(ApiProfile p) => p.EffectiveRatePerSecond is double r ? ["-rate", Num(r)] : [];

    private static IEnumerable<string> Duration(RunShape s) => ["-duration", Num(s.DurationSeconds) + "s"];

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
