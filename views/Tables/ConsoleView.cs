using Spectre.Console;
using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Views.Tables;

/// <summary>The final comparison table on the console (Spectre.Console), plus notes on failures and skips.</summary>
public static class ConsoleView
{
    /// <summary>Writes the table for <paramref name="document"/> to <paramref name="console"/>.</summary>
    /// <param name="console">Where to write.</param>
    /// <param name="document">The results.</param>
    /// <param name="catalog">The metrics; <see cref="MetricCatalog.All"/> when null.</param>
    public static void Write(IAnsiConsole console, ResultsDocument document, IReadOnlyList<MetricDefinition>? catalog = null)
    {
        var summary = SummaryTable.Of(document, catalog);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(document.Run.Scenario)}[/] results");
        foreach (var c in summary.Columns)
        {
            var column = new TableColumn(Markup.Escape(c.Header));
            table.AddColumn(c.RightAligned ? column.RightAligned() : column);
        }
        foreach (var row in summary.Rows)
        {
            var color = row.Result.Status == TransportStatus.Ok ? "green" : row.Result.Status.IsNotRun() ? "grey" : "red";
            table.AddRow(summary.Columns.Select(c =>
            {
                var text = Markup.Escape(c.Cell(row));
                if (c.Header == "status") return $"[{color}]{text}[/]";
                if (c.Header == "integrity" && row.IntegrityOk == false) return $"[yellow]{text}[/]";
                return text;
            }).ToArray());
        }
        console.Write(table);
        if (document.Run.Remote is { } remote) console.MarkupLine($"[grey]-[/] {Markup.Escape(RemoteView.Line(remote))}");
        if (document.Run.Link is { } link)
        {
            console.MarkupLine($"[grey]-[/] {Markup.Escape(LinkView.Line(link))}");
            console.MarkupLine(link.EmulatorKeptUp ? $"[grey]-[/] {Markup.Escape(LinkView.Health(link))}" : $"[yellow]- {Markup.Escape(LinkView.Health(link))}[/]");
            foreach (var t in document.Transports.Where(t => t.Link is not null))
                console.MarkupLine($"[grey]-[/] {Markup.Escape(LinkView.TrafficLine(t.Label, t.Link!))}");
        }
        foreach (var note in summary.Notes()) console.MarkupLine($"[grey]-[/] {Markup.Escape(note)}");
        foreach (var line in ParallelFlowView.Lines(document)) console.MarkupLine($"[grey]-[/] {Markup.Escape(line)}");
        if (document.Anchors.Count > 0)
        {
            console.MarkupLine("[bold]anchors[/] (reference tools, same machine, same run):");
            foreach (var anchor in document.Anchors) console.MarkupLine($"[grey]-[/] {Markup.Escape(AnchorView.Line(anchor))}");
            foreach (var line in AnchorView.ComparisonLines(document)) console.MarkupLine($"[grey]-[/] [bold]{Markup.Escape(line)}[/]");
        }
        if (!document.Run.Complete) console.MarkupLine($"[yellow]incomplete run:[/] {Markup.Escape(document.Run.IncompleteReason ?? "")}");
    }
}
