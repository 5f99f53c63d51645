using System.CommandLine;
using Spectre.Console;
using Transports.Harness.Output;
using Transports.Views.Tables;
using Transports.Results;
using Transports.Views;

namespace Transports.Harness.Cli;

/// <summary>
/// <c>harness report RUN</c>: re-renders every view of a run (CSV, Markdown, table, charts, report.html) from its
/// results.json without re-running. <c>harness report --compare A B</c>: draws two runs side by side.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = "A run folder (results/<id>) or its results.json; two with --compare", Arity = ArgumentArity.OneOrMore };
        var compare = new Option<bool>("--compare", "-compare") { Description = "Compare two runs side by side (writes compare.html and compare-*.svg/png)" };
        var output = new Option<string>("--out", "-out") { Description = "Folder for the comparison (default: results/compare-<A>-vs-<B> beside the first run)" };
        var crank = new Option<bool>("--crank", "-crank") { Description = "Print the run as crank's job statistics block (#StartJobStatistics … #EndJobStatistics) instead of re-rendering" };
        var command = new Command("report", "Re-render a run's views and charts from its results.json, or compare two runs");
        command.Arguments.Add(runs);
        command.Options.Add(compare);
        command.Options.Add(output);
        command.Options.Add(crank);
        command.SetAction(async (parse, ct) =>
        {
            var paths = parse.GetValue(runs)!;
            bool isCompare = parse.GetValue(compare);
            if (isCompare != (paths.Length == 2))
                return Errors.Usage(isCompare ? "--compare takes exactly two runs" : "report takes one run (or two with --compare)");
            var documents = new List<ResultsDocument>();
            foreach (var path in paths)
            {
                try
                {
                    documents.Add(ResultsJson.Load(path));
                }
                catch (Exception e) when (e is FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    return Errors.Usage(e.Message);
                }
            }
            if (parse.GetValue(crank))
            {
                if (isCompare) return Errors.Usage("--crank takes one run");
                Console.WriteLine(Transports.Views.Crank.CrankStatistics.Render(documents[0]));
                return 0;
            }
            var folders = paths.Select(p => RunFolder.Open(Directory.Exists(p) ? p : Path.GetDirectoryName(Path.GetFullPath(p))!)).ToList();
            if (!isCompare)
            {
                folders[0].WriteViews(documents[0]);
                ConsoleView.Write(AnsiConsole.Console, documents[0]);
                AnsiConsole.WriteLine(await Charts.RenderAsync(folders[0], documents[0], ct));
                AnsiConsole.MarkupLine($"views re-rendered in {Markup.Escape(folders[0].Path)}");
                return 0;
            }
            var target = parse.GetValue(output);
            if (string.IsNullOrEmpty(target))
                target = Path.Combine(Path.GetDirectoryName(folders[0].Path)!, $"compare-{documents[0].Run.Id}-vs-{documents[1].Run.Id}");
            Directory.CreateDirectory(target);
            var result = await ReportRenderer.RenderComparisonAsync(target, documents[0], documents[1], ct);
            ConsoleView.Write(AnsiConsole.Console, documents[0]);
            ConsoleView.Write(AnsiConsole.Console, documents[1]);
            AnsiConsole.WriteLine(result.Status == ReportStatus.Rendered ? $"comparison: {result.HtmlPath} and {result.Charts.Count} charts in {target}" : result.Message);
            return result.Status == ReportStatus.Failed ? 1 : 0;
        });
        return command;
    }
}
