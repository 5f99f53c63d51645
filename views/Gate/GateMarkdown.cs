using System.Globalization;
using System.Text;

namespace Transports.Views.Gate;

/// <summary>
/// The gate's Markdown summary (GitHub-flavoured table; appended to <c>$GITHUB_STEP_SUMMARY</c> in GitHub Actions):
/// a heading with the overall verdict, the environment warning when the environments differ, then one table row per
/// compared metric, worst first.
/// </summary>
public static class GateMarkdown
{
    /// <summary>The table's column headers, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["verdict", "transport", "metric", "baseline", "current", "change", "margin", "repeats", "why"];

    /// <summary>Renders <paramref name="report"/>.</summary>
    /// <param name="report">The gate's report.</param>
    public static string Render(GateReport report)
    {
        var md = new StringBuilder();
        md.Append("## Transports ").Append(GateText.Headline(report)).Append("\n\n");
        if (GateText.EnvironmentWarning(report) is { } warning) md.Append("> **").Append(Cell(warning)).Append("**\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{GateText.Counts(report)}; {GateText.Method(report)} (docs/CI.md).\n\n");
        if (report.Rows.Count == 0)
        {
            md.Append("Nothing to compare: no gated metric was measured in both runs.\n");
            return md.ToString();
        }
        md.Append("| ").Append(string.Join(" | ", Columns)).Append(" |\n");
        md.Append('|').Append(string.Concat(Columns.Select(_ => "---|"))).Append('\n');
        foreach (var row in Ordered(report))
        {
            string[] cells =
            [
                GateVerdicts.Word(row.Verdict), row.Label, row.MetricTitle.Length == 0 ? NumberFormat.None : row.MetricTitle,
                Or(row.BaselineText), Or(row.CurrentText), GateText.Change(row), GateText.Margin(row), GateText.Repeats(row), row.Reason,
            ];
            md.Append("| ").Append(string.Join(" | ", cells.Select(Cell))).Append(" |\n");
        }
        return md.ToString();
    }

    /// <summary>The rows worst first, then in the report's order.</summary>
    /// <param name="report">The gate's report.</param>
    public static IEnumerable<GateRow> Ordered(GateReport report) => report.Rows.Select((r, i) => (r, i)).OrderByDescending(x => x.r.Verdict).ThenBy(x => x.i).Select(x => x.r);

    private static string Or(string text) => text.Length == 0 ? NumberFormat.None : text;

    private static string Cell(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
}
