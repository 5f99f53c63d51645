using Spectre.Console;

namespace Transports.Views.Gate;

/// <summary>The gate's console table (Spectre.Console): the headline, the environment warning, one row per compared metric, worst first.</summary>
public static class GateConsoleView
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="console"/>.</summary>
    /// <param name="console">The console.</param>
    /// <param name="report">The gate's report.</param>
    public static void Write(IAnsiConsole console, GateReport report)
    {
        if (GateText.EnvironmentWarning(report) is { } warning) console.MarkupLine($"[yellow bold]{Markup.Escape(warning)}[/]");
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in GateMarkdown.Columns) table.AddColumn(column);
        foreach (var row in GateMarkdown.Ordered(report))
        {
            string colour = row.Verdict switch
            {
                GateVerdict.Regression => "red",
                GateVerdict.Inconclusive => "yellow",
                GateVerdict.Improvement => "green",
                _ => "default",
            };
            table.AddRow(
                $"[{colour}]{GateVerdicts.Word(row.Verdict)}[/]", Markup.Escape(row.Label), Markup.Escape(Or(row.MetricTitle)),
                Markup.Escape(Or(row.BaselineText)), Markup.Escape(Or(row.CurrentText)), Markup.Escape(GateText.Change(row)),
                Markup.Escape(GateText.Margin(row)), Markup.Escape(GateText.Repeats(row)), Markup.Escape(row.Reason));
        }
        if (report.Rows.Count > 0) console.Write(table);
        if (report.Rows.Count > 0) console.WriteLine(GateText.Method(report));
        console.WriteLine($"{GateText.Headline(report)}: {(report.Rows.Count == 0 ? "nothing to compare" : GateText.Counts(report))}");
    }

    private static string Or(string text) => text.Length == 0 ? NumberFormat.None : text;
}
