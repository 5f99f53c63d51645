using System.Globalization;

namespace Transports.Views.Gate;

/// <summary>The phrases every gate output shares, so the console, Markdown, JUnit and annotations say the same thing.</summary>
public static class GateText
{
    /// <summary>The headline, e.g. "gate: regression (pingpong, baseline 20261203-… vs current 20261203-…)".</summary>
    /// <param name="report">The gate's report.</param>
    public static string Headline(GateReport report)
        => $"gate: {GateVerdicts.Word(report.Verdict)} ({report.Scenario}, baseline {report.BaselineRunId} vs current {report.CurrentRunId})";

    /// <summary>
    /// The method in one sentence, e.g. "one-sided Mann–Whitney tests of the repeats at α = 0.05, Holm-corrected over
    /// 9 comparisons, against the baseline shifted by the margin".
    /// </summary>
    /// <param name="report">The gate's report.</param>
    public static string Method(GateReport report)
    {
        int family = report.Rows.Select(r => r.Comparison?.Family ?? 0).DefaultIfEmpty(0).Max();
        string test = report.Pairs > 0
            ? $"one-sided Wilcoxon signed-rank tests over {report.Pairs} interleaved pairs of runs"
            : "one-sided Mann–Whitney tests of the repeats";
        string holm = family > 1 ? $", Holm-corrected over {family} comparisons" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{test} at α = {report.Alpha:0.###}{holm}, against the baseline shifted by the margin");
    }

    /// <summary>The environment warning, or null when the environments match.</summary>
    /// <param name="report">The gate's report.</param>
    public static string? EnvironmentWarning(GateReport report)
        => report.EnvironmentMismatch ? $"ENVIRONMENT MISMATCH, compared anyway: {string.Join("; ", report.EnvironmentDifferences)}" : null;

    /// <summary>What a row compares, e.g. "tcp 64 B: RTT p99 µs" or "tcp 64 B" for a whole result.</summary>
    /// <param name="row">A row.</param>
    public static string Subject(GateRow row) => row.MetricTitle.Length == 0 ? row.Label : $"{row.Label}: {row.MetricTitle}";

    /// <summary>The change of the medians in percent, e.g. "+12.3 %"; "–" when not compared or the baseline median is 0.</summary>
    /// <param name="row">A row.</param>
    public static string Change(GateRow row)
        => row.Comparison?.Ratio is double r ? ((r - 1) * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %" : NumberFormat.None;

    /// <summary>The margin as shown (<see cref="GateRow.MarginText"/>), "–" when the row compared nothing.</summary>
    /// <param name="row">A row.</param>
    public static string Margin(GateRow row) => row.MarginText.Length == 0 ? NumberFormat.None : row.MarginText;

    /// <summary>Repeats (or interleaved runs) compared, "baseline vs current", e.g. "5 vs 5".</summary>
    /// <param name="row">A row.</param>
    public static string Repeats(GateRow row) => row.Comparison is { } c ? $"{c.BaselineCount} vs {c.CurrentCount}" : NumberFormat.None;

    /// <summary>Counts per verdict, e.g. "1 regression, 10 pass, 2 inconclusive".</summary>
    /// <param name="report">The gate's report.</param>
    public static string Counts(GateReport report)
        => string.Join(", ", Enum.GetValues<GateVerdict>().Reverse()
            .Select(v => (Verdict: v, Count: report.Rows.Count(r => r.Verdict == v)))
            .Where(x => x.Count > 0)
            .Select(x => $"{x.Count} {GateVerdicts.Word(x.Verdict)}"));
}
