using System.CommandLine;
using Transports.Harness.Catalog;
using Transports.Harness.Running;
using Transports.Scenarios.Core;

namespace Transports.Harness.Cli;

/// <summary>
/// The command line (System.CommandLine): one command per scenario (<c>harness bigfile …</c>, <c>harness pingpong …</c>)
/// with the options of that scenario, the run options and the transports' options, so units never collide
/// (<c>-rate</c> is Mbit/s under bigfile and msg/s under pingpong); plus <c>list</c> and <c>report</c>. Every option
/// has a GNU-style name (<c>--size</c>) and a PowerShell-style alias (<c>-size</c>). The card's form
/// <c>-scenario bigfile …</c> is the same command (<see cref="LegacyArguments"/>).
/// </summary>
public sealed class HarnessCli
{
    /// <summary>Exit code for bad input (unknown names, invalid values, unreadable input file, unusable results folder or address).</summary>
    public const int BadInput = 2;

    /// <summary>Shared by the root and every scenario command's help.</summary>
    public const string Conventions =
        "Every option is accepted as --name or -name (PowerShell style). Sizes take K/M/G suffixes (powers of 1024: 64K, 1M, 1G); " +
        "durations take a unit (3, 3s, 500ms, 2m; a bare number is in the option's unit, seconds unless it says ms).";

    private readonly Dictionary<Command, ScenarioCommand> _scenarioCommands = [];

    /// <summary>The root command: the scenario commands, <c>list</c> and <c>report</c>.</summary>
    public RootCommand Root { get; }

    /// <summary>Builds the command line.</summary>
    public HarnessCli()
    {
        Root = new RootCommand("Transports: measure network transports side by side (goodput, latency, loss, CPU, memory).\n" +
            Conventions + "\n" +
            "Run a scenario: harness SCENARIO [options] (or harness -scenario SCENARIO [options]); harness SCENARIO --help lists its options.\n" +
            "Example: harness bigfile -transports tcp,ws -size 256M");
        foreach (var scenario in ScenarioCatalog.All)
        {
            var command = new ScenarioCommand(scenario);
            _scenarioCommands[command.Command] = command;
            Root.Subcommands.Add(command.Command);
        }
        Root.Subcommands.Add(ListCommand.Create());
        Root.Subcommands.Add(ReportCommand.Create());
        Root.Subcommands.Add(BaselineCommand.Create());
        Root.Subcommands.Add(GateCommand.Create());
        Root.Subcommands.Add(AdviseCommand.Create());
        Root.Subcommands.Add(Remote.ServeCommand.Create());
        Root.Subcommands.Add(Remote.ProbeCommand.Create());
    }

    /// <summary>Names of the root's commands (scenarios, list, report).</summary>
    public IEnumerable<string> CommandNames => Root.Subcommands.Select(c => c.Name);

    /// <summary>Parses <paramref name="args"/> as typed (the card's <c>-scenario NAME</c> form included).</summary>
    /// <param name="args">Arguments.</param>
    /// <exception cref="UsageException">An unknown scenario after <c>-scenario</c>.</exception>
    public ParseResult Parse(IReadOnlyList<string> args) => Root.Parse(LegacyArguments.Rewrite(args, CommandNames.ToHashSet(StringComparer.Ordinal)));

    /// <summary>The run a parsed scenario command asks for (what the command's action runs), without running it.</summary>
    /// <param name="args">Arguments as typed.</param>
    /// <exception cref="UsageException">Not a scenario command, a parse error, or an invalid value.</exception>
    /// <exception cref="Transports.Abstractions.OptionException">An invalid option value.</exception>
    public RunRequest ToRequest(IReadOnlyList<string> args)
    {
        var parse = Parse(args);
        if (parse.Errors.Count > 0) throw new UsageException(parse.Errors[0].Message);
        return _scenarioCommands.TryGetValue(parse.CommandResult.Command, out var command)
            ? command.ToRequest(parse, args)
            : throw new UsageException($"'{parse.CommandResult.Command.Name}' is not a scenario command");
    }
}

/// <summary>Bad command-line input: printed as one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
