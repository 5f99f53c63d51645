namespace Transports.Views.Gate;

/// <summary>
/// The gate as GitHub Actions workflow commands (docs.github.com, "Workflow commands for GitHub Actions": <c>::error</c>,
/// <c>::warning</c>), printed when <c>$GITHUB_ACTIONS</c> is <c>true</c>: an error per regression, a warning per
/// inconclusive comparison and one for an environment mismatch. Data is escaped as GitHub requires (% CR LF, and
/// also : and , in properties).
/// </summary>
public static class GateAnnotations
{
    /// <summary>The workflow command lines for <paramref name="report"/>.</summary>
    /// <param name="report">The gate's report.</param>
    public static IReadOnlyList<string> Render(GateReport report)
    {
        var lines = new List<string>();
        if (GateText.EnvironmentWarning(report) is { } warning)
            lines.Add($"::warning title={Property("transports gate: environment mismatch")}::{Data(warning)}");
        foreach (var row in report.Rows)
        {
            string kind = row.Verdict switch { GateVerdict.Regression => "error", GateVerdict.Inconclusive => "warning", _ => "" };
            if (kind.Length == 0) continue;
            string title = $"transports gate: {GateVerdicts.Word(row.Verdict)} in {GateText.Subject(row)}";
            string message = $"{report.Scenario} {GateText.Subject(row)}: baseline {row.BaselineText}, current {row.CurrentText}, change {GateText.Change(row)}, margin {GateText.Margin(row)}; {row.Reason}";
            if (report.EnvironmentMismatch) message += " [environment mismatch]";
            lines.Add($"::{kind} title={Property(title)}::{Data(message)}");
        }
        return lines;
    }

    /// <summary>Escapes a command's message.</summary>
    /// <param name="text">The text.</param>
    public static string Data(string text) => text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Escapes a command's property value.</summary>
    /// <param name="text">The text.</param>
    public static string Property(string text) => Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
