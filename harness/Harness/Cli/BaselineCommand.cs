using System.CommandLine;
using Spectre.Console;
using Transports.Harness.Baselines;

namespace Transports.Harness.Cli;

/// <summary>
/// <c>harness baseline save NAME [RUN] [-force]</c>, <c>baseline list</c>, <c>baseline remove NAME</c>: the named
/// baselines a CI gate compares against, kept under <c>results/baselines/NAME/</c> (<see cref="BaselineStore"/>).
/// Bad input (a bad name, no such run or baseline, an existing name without <c>-force</c>) is one line and exit code 2.
/// </summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var resultsDir = new Option<string>("--results-dir", "-results-dir")
        {
            Description = "Results root that holds run folders and baselines/ (default: $TRANSPORTS_RESULTS, else ./results)",
            Recursive = true,
        };
        var command = new Command("baseline", "Keep, list and remove the named baselines a CI gate compares against (results/baselines/NAME)");
        command.Options.Add(resultsDir);
        command.Subcommands.Add(Save(resultsDir));
        command.Subcommands.Add(List(resultsDir));
        command.Subcommands.Add(Remove(resultsDir));
        return command;
    }

    private static Command Save(Option<string> resultsDir)
    {
        var name = new Argument<string>("name") { Description = "Baseline name: 1-64 letters, digits, '.', '_' or '-'" };
        var run = new Argument<string?>("run") { Description = "Run folder or its results.json (default: the latest run under the results root)", Arity = ArgumentArity.ZeroOrOne };
        var force = new Option<bool>("--force", "-force") { Description = "Replace a baseline of that name" };
        var command = new Command("save", "Keep a run (default: the latest) as baseline NAME; -force replaces an existing one");
        command.Arguments.Add(name);
        command.Arguments.Add(run);
        command.Options.Add(force);
        command.SetAction(parse => Guarded(() =>
        {
            var store = new BaselineStore(BaselineStore.DefaultRoot(parse.GetValue(resultsDir)));
            var saved = store.Save(parse.GetValue(name)!, parse.GetValue(run), parse.GetValue(force));
            Console.WriteLine($"baseline '{saved.Name}' = run {saved.Document!.Run.Id} ({saved.Document.Run.Scenario}, {saved.Document.Transports.Count} results) in {Path.GetDirectoryName(saved.File)}");
            if (!saved.Document.Run.Complete)
                Console.Error.WriteLine($"note: run {saved.Document.Run.Id} is incomplete ({saved.Document.Run.IncompleteReason ?? "a transport failed or it was interrupted"}): the gate compares only the results it has");
            return 0;
        }));
        return command;
    }

    private static Command List(Option<string> resultsDir)
    {
        var command = new Command("list", "List the saved baselines: run, scenario, transports, repeats, machine");
        command.SetAction(parse => Guarded(() =>
        {
            var store = new BaselineStore(BaselineStore.DefaultRoot(parse.GetValue(resultsDir)));
            var baselines = store.List();
            if (baselines.Count == 0)
            {
                Console.WriteLine($"no baselines in {store.Folder}");
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("name").AddColumn("run").AddColumn("scenario").AddColumn("results").AddColumn("repeats").AddColumn("CPU").AddColumn(".NET");
            foreach (var b in baselines)
            {
                if (b.Document is not { } d)
                {
                    table.AddRow(Markup.Escape(b.Name), $"[red]unreadable[/]: {Markup.Escape(b.Error ?? "")}", "", "", "", "", "");
                    continue;
                }
                var repeats = d.Transports.Select(t => t.Repeats.Count).DefaultIfEmpty(0);
                table.AddRow(Markup.Escape(b.Name), Markup.Escape(d.Run.Id), Markup.Escape(d.Run.Scenario),
                    Markup.Escape(string.Join(", ", d.Transports.Select(t => t.Label))), $"{repeats.Min()}-{repeats.Max()}",
                    Markup.Escape($"{d.Environment.CpuModel} ×{d.Environment.LogicalCores}"), Markup.Escape(d.Environment.DotnetVersion));
            }
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Remove(Option<string> resultsDir)
    {
        var name = new Argument<string>("name") { Description = "Baseline name" };
        var command = new Command("remove", "Remove baseline NAME");
        command.Arguments.Add(name);
        command.SetAction(parse => Guarded(() =>
        {
            var store = new BaselineStore(BaselineStore.DefaultRoot(parse.GetValue(resultsDir)));
            store.Remove(parse.GetValue(name)!);
            Console.WriteLine($"baseline '{parse.GetValue(name)}' removed");
            return 0;
        }));
        return command;
    }

    private static int Guarded(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (UsageException e)
        {
            return Errors.Usage(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Errors.Usage(e.Message);
        }
    }
}
