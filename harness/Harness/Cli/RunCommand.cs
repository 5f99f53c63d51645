using System.CommandLine;
using Spectre.Console;
using Transports.Abstractions;
using Transports.Harness.Output;
using Transports.Harness.Running;
using Transports.Views.Tables;
using Transports.Scenarios.Core;

namespace Transports.Harness.Cli;

/// <summary>The default action: run a scenario over the transports, show progress, write the run folder, print the table.</summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(ScenarioCommand command, ParseResult parse, CancellationToken cancellationToken)
    {
        RunRequest request;
        try
        {
            request = command.ToRequest(parse, Environment.GetCommandLineArgs().Skip(1).ToList());
        }
        catch (Exception e) when (e is UsageException or OptionException)
        {
            return Errors.Usage(e.Message);
        }
        var placed = Measure.Placement.ProcessPlacement.Current();
        if (!request.Placement.IsSatisfiedBy(placed))
        {
            if (Placement.Relaunch.IsChild)
            {
                Console.Error.WriteLine($"error: the run could not be placed as asked (cpus {request.Placement.Cpus?.ToString() ?? "any"}, socket completions {request.Placement.SocketCompletions ?? placed.SocketCompletions}); it runs on cpus {placed.CpuAffinity?.ToString() ?? "unknown"} with {placed.SocketCompletions} completions");
                return 1;
            }
            try
            {
                return await Placement.Relaunch.RunAsync(request.Placement).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                return Errors.Usage(e.Message);
            }
        }
        if (!System.Net.IPAddress.IsLoopback(request.ListenEndPoint.Address))
            Console.Error.WriteLine($"note: servers listen on {request.ListenEndPoint.Address}: reachable from the network while the run lasts (the default 127.0.0.1 is not)");
        await using var linked = request.Link is { } link ? await StartLinkAsync(link, cancellationToken).ConfigureAwait(false) : null;
        if (request.Link is not null && linked is null) return HarnessCli.BadInput;
        if (linked is not null)
            request = request with { Server = new Remote.AgentTarget(linked.Endpoint, linked.Token), LinkedAgent = linked };
        try
        {
            var outcome = await Output.LiveDisplay.RunAsync(request.LiveProgress, observer => new Runner(request, observer).RunAsync(cancellationToken)).ConfigureAwait(false);
            AnsiConsole.WriteLine();
            ConsoleView.Write(AnsiConsole.Console, outcome.Document);
            AnsiConsole.MarkupLine($"results: [link]{Markup.Escape(outcome.RunDirectory)}[/]");
            if (request.CrankStatistics) Console.WriteLine(Transports.Views.Crank.CrankStatistics.Render(outcome.Document));
            if (outcome.ExitCode == Runner.NothingMeasured)
                Console.Error.WriteLine("error: nothing was measured: every requested transport was skipped or not applicable (the reasons are listed above)");
            return outcome.ExitCode;
        }
        catch (OptionException e)
        {
            return Errors.Usage(e.Message);
        }
        catch (ScenarioSetupException e)
        {
            return Errors.Usage(e.Message);
        }
        catch (Transports.Remote.Control.ControlProtocolException e)
        {
            Console.Error.WriteLine($"error: {e.Message}"); // the agent: unreachable, busy, wrong token, another version
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("interrupted before any transport ran");
            return 130;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"error: cannot write results: {e.Message}");
            return 1;
        }
    }

    /// <summary>The emulated path and the agent behind it; null (with one line on stderr) when this machine cannot.</summary>
    private static async Task<Links.LinkedAgent?> StartLinkAsync(Transports.Paths.Emulation.LinkSpec link, CancellationToken cancellationToken)
    {
        try
        {
            return await Links.LinkedAgent.StartAsync(link, cancellationToken).ConfigureAwait(false);
        }
        catch (Transports.Paths.PathSetupException e)
        {
            Console.Error.WriteLine($"error: -link: {e.Message}");
            return null;
        }
    }
}

/// <summary>How errors reach the user: one line on stderr, no stack trace.</summary>
internal static class Errors
{
    public static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return HarnessCli.BadInput;
    }
}
