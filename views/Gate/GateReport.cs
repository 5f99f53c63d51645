namespace Transports.Views.Gate;

/// <summary>
/// The outcome of a gate: every compared metric of every transport result, and the overall verdict (the worst one).
/// Every output (console table, Markdown, JUnit XML, GitHub annotations) is a pure function of it.
/// </summary>
public sealed record GateReport
{
    /// <summary>The scenario both runs measured, e.g. <c>pingpong</c>.</summary>
    public required string Scenario { get; init; }

    /// <summary>The baseline's run id.</summary>
    public required string BaselineRunId { get; init; }

    /// <summary>The current run's id.</summary>
    public required string CurrentRunId { get; init; }

    /// <summary>Interleaved pairs of runs compared (<see cref="GateEvaluator.EvaluatePaired"/>); 0 when two runs' repeats were compared.</summary>
    public int Pairs { get; init; }

    /// <summary>One-sided significance level of the family of tests (Holm-corrected over every tested comparison).</summary>
    public required double Alpha { get; init; }

    /// <summary>How the environments differ (empty when comparable); non-empty only when the comparison was allowed anyway.</summary>
    public IReadOnlyList<string> EnvironmentDifferences { get; init; } = [];

    /// <summary>True when the environments differ and the numbers were compared anyway (<c>-allow-environment-mismatch</c>).</summary>
    public bool EnvironmentMismatch => EnvironmentDifferences.Count > 0;

    /// <summary>One row per transport result × gated metric, in the baseline's order.</summary>
    public IReadOnlyList<GateRow> Rows { get; init; } = [];

    /// <summary>The worst verdict of <see cref="Rows"/>; inconclusive when nothing was compared.</summary>
    public GateVerdict Verdict => GateVerdicts.Worst(Rows.Select(r => r.Verdict));

    /// <summary>The exit code of <see cref="Verdict"/> (<see cref="GateVerdicts.ExitCode"/>).</summary>
    public int ExitCode => GateVerdicts.ExitCode(Verdict);
}

/// <summary>One gated metric of one transport result (or a whole result that could not be compared).</summary>
public sealed record GateRow
{
    /// <summary>Transport name.</summary>
    public required string Transport { get; init; }

    /// <summary>The result's label (transport and variant, e.g. <c>tcp 64 B</c>).</summary>
    public required string Label { get; init; }

    /// <summary>The metric's id; empty when the row stands for a whole result (failed or missing).</summary>
    public required string MetricId { get; init; }

    /// <summary>The metric's column header with its display unit, e.g. "goodput Gbit/s"; empty for a whole result.</summary>
    public string MetricTitle { get; init; } = "";

    /// <summary>The verdict.</summary>
    public required GateVerdict Verdict { get; init; }

    /// <summary>The comparison behind the verdict; null for a whole result that could not be compared.</summary>
    public MetricComparison? Comparison { get; init; }

    /// <summary>Baseline median in the display unit, as shown (e.g. "1.23").</summary>
    public string BaselineText { get; init; } = "";

    /// <summary>Current median in the display unit, as shown.</summary>
    public string CurrentText { get; init; } = "";

    /// <summary>The minimum practical effect as shown: "±5 %" of the baseline median, or the absolute floor in the display unit ("±0.1 %" of loss, "±8 B/msg").</summary>
    public string MarginText { get; init; } = "";

    /// <summary>Why: the comparison's reason, or what happened to the result.</summary>
    public required string Reason { get; init; }
}
