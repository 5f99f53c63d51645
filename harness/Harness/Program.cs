using System.CommandLine;
using System.Runtime.InteropServices;
using Transports.Harness.Cli;

namespace Transports.Harness;

/// <summary>Entry point of the harness CLI.</summary>
public static class Program
{
    /// <summary>Runs the CLI.</summary>
    /// <param name="args">Command-line arguments (GNU <c>--name</c> or PowerShell <c>-name</c> style).</param>
    /// <returns>0 success, 1 a transport failed (gate: a regression), 2 bad input, 3 gate inconclusive (docs/CI.md), 130 interrupted (Ctrl-C / SIGTERM), 70 internal error.</returns>
    public static async Task<int> Main(string[] args)
    {
        using var interrupt = new CancellationTokenSource();
        int signals = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            // A relaunched child (-cpus, -socket-completions) runs in its own session: it hears signals only from here.
            if (Placement.Relaunch.Forward(context.Signal == PosixSignal.SIGINT ? 2 : 15)) return;
            if (Interlocked.Increment(ref signals) > 1) Environment.Exit(130); // second Ctrl-C: stop now
            Console.Error.WriteLine("interrupting: stopping the transport in flight and writing results (Ctrl-C again to quit at once)");
            // Not inline: Cancel() runs continuations synchronously, which would finish the whole run on the signal thread.
            ThreadPool.QueueUserWorkItem(_ => Scenarios.Core.Cancellation.TryCancel(interrupt));
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        if (Console.IsOutputRedirected)
        {
            // Logs and pipes: no colour codes, and room for the whole table instead of an 80-column wrap.
            Spectre.Console.AnsiConsole.Profile.Capabilities.Ansi = false;
            Spectre.Console.AnsiConsole.Profile.Width = 240;
        }
        try
        {
            var cli = new HarnessCli();
            ParseResult parse;
            try
            {
                parse = cli.Parse(args);
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return HarnessCli.BadInput;
            }
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors) Console.Error.WriteLine($"error: {error.Message}");
                Console.Error.WriteLine("see --help for the options");
                return HarnessCli.BadInput;
            }
            // No ProcessTerminationTimeout: the handlers above own SIGINT/SIGTERM (System.CommandLine's would exit 143 after 2 s,
            // before a relaunched child or a transport in flight has written its results).
            return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, interrupt.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("TRANSPORTS_DEBUG") == "1") Console.Error.WriteLine(e);
            return 70;
        }
    }
}
