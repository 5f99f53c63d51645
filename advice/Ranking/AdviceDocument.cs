using System.Text.Json.Serialization;
using Transports.Advice.Candidates;
using Transports.Advice.Plan;

namespace Transports.Advice.Ranking;

/// <summary>How a candidate fares against one constraint.</summary>
public enum Verdict
{
    /// <summary>Meets it with the whole 95% interval of the median inside the bound.</summary>
    Pass,
    /// <summary>No bound to meet: the number is shown and ranks the candidates.</summary>
    Info,
    /// <summary>The median meets it but the 95% interval crosses the bound: more repeats could go either way.</summary>
    Marginal,
    /// <summary>Not measured (not run, not available here, or not applicable): nothing is claimed.</summary>
    NotMeasured,
    /// <summary>Misses it (the median is beyond the bound), or the run failed.</summary>
    Fail,
}

/// <summary>One cell of the candidates × constraints table.</summary>
/// <param name="Constraint">The constraint in words, e.g. "p99 &lt;= 50 ms" or "loss &lt;= 5 %".</param>
/// <param name="Scenario">The scenario that measured it.</param>
/// <param name="MetricId">The catalog metric, e.g. "rtt_p99_ms"; null for a run outcome.</param>
/// <param name="Label">The result's label (variant, e.g. "quic 1024 B") the value comes from: the worst variant.</param>
/// <param name="Verdict">Pass, marginal, fail, info or not measured.</param>
/// <param name="Median">Median over repeats, in the metric's unit; null when not measured.</param>
/// <param name="Ci95Low">Lower bound of the median's 95% interval.</param>
/// <param name="Ci95High">Upper bound of the median's 95% interval.</param>
/// <param name="Repeats">Repeats behind the median.</param>
/// <param name="Bound">The bound in the metric's unit; null for info.</param>
/// <param name="MarginPercent">How far the median is inside the bound (positive) or beyond it (negative), percent of the bound.</param>
/// <param name="Unit">The metric's unit ("ms", "bit/s", "%").</param>
/// <param name="Detail">One sentence for a failed or unmeasured cell; null otherwise.</param>
public sealed record ConstraintCheck(string Constraint, string Scenario, string? MetricId, string? Label, Verdict Verdict,
    double? Median, double? Ci95Low, double? Ci95High, int Repeats, double? Bound, double? MarginPercent, string Unit, string? Detail);

/// <summary>One candidate's standing.</summary>
/// <param name="Name">Transport name.</param>
/// <param name="Protocol">Its wire protocol (<see cref="WireFacts.Protocol"/>).</param>
/// <param name="Rank">1 for the best measured candidate; null when ruled out.</param>
/// <param name="Verdict">The worst verdict over its checks; <see cref="Verdict.Fail"/> when ruled out.</param>
/// <param name="RuledOut">The hard constraints it fails (empty when it stays a candidate).</param>
/// <param name="Checks">Its measured constraints.</param>
public sealed record CandidateStanding(string Name, string Protocol, int? Rank, Verdict Verdict, IReadOnlyList<RuleOut> RuledOut, IReadOnlyList<ConstraintCheck> Checks);

/// <summary>The metric the ranking is decided by.</summary>
/// <param name="MetricId">Catalog id, e.g. "rtt_p99_ms".</param>
/// <param name="Name">In words, e.g. "RTT p99".</param>
/// <param name="Unit">Stored unit.</param>
/// <param name="LowerIsBetter">True for latencies, false for goodput.</param>
/// <param name="Scenario">The scenario it comes from.</param>
public sealed record DecidingMetric(string MetricId, string Name, string Unit, bool LowerIsBetter, string Scenario);

/// <summary>
/// The advice: a pure function of a profile and results documents (<see cref="Advisor"/>), written as advice.json
/// (docs/ADVISOR.md). Holds no clock reading of its own, so the same inputs give the same bytes.
/// </summary>
public sealed record AdviceDocument
{
    /// <summary>The schema identifier.</summary>
    public const string CurrentSchema = "transports.advice/v1";

    /// <summary>Schema identifier and version.</summary>
    public string Schema { get; init; } = CurrentSchema;

    /// <summary>The profile as understood, one line per key that shapes the advice.</summary>
    public IReadOnlyList<string> Profile { get; init; } = [];

    /// <summary>The recommended transport; null when no candidate meets the objective or none was measured.</summary>
    public string? Recommendation { get; init; }

    /// <summary>The answer in one sentence.</summary>
    public string Headline { get; init; } = "";

    /// <summary>The metric the ranking is decided by; null when nothing was planned.</summary>
    public DecidingMetric? Deciding { get; init; }

    /// <summary>The path the numbers were measured over ("loopback", "link wan", "server HOST").</summary>
    public string Path { get; init; } = "";

    /// <summary>Every candidate: ranked ones first in rank order, then the ruled-out ones by name.</summary>
    public IReadOnlyList<CandidateStanding> Candidates { get; init; } = [];

    /// <summary>The reasons, in plain sentences with the deciding numbers.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>What was not measured, and where the emulator or the machine was the limit.</summary>
    public IReadOnlyList<string> Caveats { get; init; } = [];

    /// <summary>The plan: which scenario measured which need.</summary>
    public IReadOnlyList<PlanStep> Plan { get; init; } = [];

    /// <summary>The results runs the advice read (run ids), in the order read.</summary>
    public IReadOnlyList<string> Runs { get; init; } = [];
}
