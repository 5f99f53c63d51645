using System.CommandLine;
using Spectre.Console;
using Transports.Harness.Output;
using Transports.Harness.Views;
using Transports.Metrics.Results;

namespace Transports.Harness.Cli;

/// <summary><c>harness report RUN</c>: re-renders every view of a run from its results.json, without re-running.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder (results/<id>) or its results.json" };
        var command = new Command("report", "Re-render a run's views (summary.csv, timeline.csv, summary.md, table) from its results.json");
        command.Arguments.Add(run);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(run)!;
            ResultsDocument document;
            try
            {
                document = ResultsJson.Load(path);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                return Errors.Usage(e.Message);
            }
            var folder = RunFolder.Open(Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!);
            folder.WriteViews(document);
            ConsoleView.Write(AnsiConsole.Console, document);
            AnsiConsole.MarkupLine($"views re-rendered in {Markup.Escape(folder.Path)}");
            return 0;
        });
        return command;
    }
}
